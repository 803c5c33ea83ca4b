// The e-mail sender's own thread: rendering and sending messages never holds up a request.
// The server posts "deliver" after each change that may have queued mail (and on an interval),
// and "nudges" when the nudges' policy and daily summaries are due
// (docs/decisions/013-e-mail-sent-from-its-own-thread.md).
import { parentPort } from "node:worker_threads";
import { kickDelivery, kickNudges, type MailWork } from "../app/modules/email/mailer.server";

parentPort?.on("message", (work: MailWork) => void (work === "nudges" ? kickNudges() : kickDelivery()));
void kickDelivery();
