// Wires the outbox to the configured transport for the running server: delivery is kicked
// after each change that queued mail, and retried on an interval; the nudges' policy and daily
// summaries run on a slower one.
import { getConfig } from "../config/env.server";
import { db } from "../db.server";
import { deliverDueEmails } from "./outbox.server";
import { runNudges } from "../nudges/runner.server";
import { transportFromConfig, type EmailTransport } from "./send.server";

let transport: EmailTransport | undefined;
let running: Promise<unknown> | undefined;

export function mailTransport(): EmailTransport {
  transport ??= transportFromConfig(getConfig());
  return transport;
}

export function deliveryOptions() {
  const config = getConfig();
  return { appUrl: config.appUrl, secret: config.appSecret };
}

// Changes that queue mail often come in bursts (submissions, bulk case updates): a run starts
// a moment after the first kick, so a burst shares one claim and one write of outcomes.
const DELIVERY_DELAY_MS = 50;
let kickedAgain = false;

// In the production server, e-mail work runs in the sender's own thread (server/mailer-worker.ts)
// and a kick is a message to it; elsewhere (development, commands, tests) it runs here.
export type MailWork = "deliver" | "nudges";
let elsewhere: ((work: MailWork) => void) | undefined;

export function sendMailThrough(post: ((work: MailWork) => void) | undefined) {
  elsewhere = post;
}

/**
 * Starts a delivery run shortly, unless one is already going; a kick during a run makes it go
 * round once more, so mail queued meanwhile is not left for the interval. Never throws into
 * the caller.
 */
export function kickDelivery(): Promise<unknown> {
  if (elsewhere) {
    elsewhere("deliver");
    return Promise.resolve();
  }
  if (running) {
    kickedAgain = true;
    return running;
  }
  running = (async () => {
    do {
      kickedAgain = false;
      await new Promise((resolve) => setTimeout(resolve, DELIVERY_DELAY_MS));
      await deliverDueEmails(db(), mailTransport(), Date.now(), deliveryOptions());
    } while (kickedAgain);
  })()
    .catch((error: unknown) => {
      console.error(`e-mail delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    })
    .finally(() => {
      running = undefined;
    });
  return running;
}

/** An absolute link into the portal, for e-mails. */
export function appLink(path: string): string {
  return `${getConfig().appUrl}${path}`;
}

let nudging: Promise<unknown> | undefined;

/** Runs the nudges' policy, the daily summaries and delivery, unless a run is already going. */
export function kickNudges(now = new Date()) {
  if (elsewhere) {
    elsewhere("nudges");
    return Promise.resolve();
  }
  if (nudging) return nudging;
  nudging = runNudges(db(), mailTransport(), deliveryOptions(), now)
    .catch((error: unknown) => {
      console.error(`e-mail nudges failed: ${error instanceof Error ? error.message : String(error)}`);
    })
    .finally(() => {
      nudging = undefined;
    });
  return nudging;
}
