// The e-mail sender's own thread: rendering and sending messages never holds up a request.
// The server posts a message here after each change that may have queued mail.
import { parentPort } from "node:worker_threads";
import { kickDelivery } from "../app/modules/email/mailer.server";

parentPort?.on("message", () => void kickDelivery());
void kickDelivery();
