// Wires the outbox to the configured transport for the running server: delivery is kicked
// after each change that queued mail, and retried on an interval.
import { getConfig } from "../config/env.server";
import { db } from "../db.server";
import { deliverDueEmails } from "./outbox.server";
import { transportFromConfig, type EmailTransport } from "./send.server";

let transport: EmailTransport | undefined;
let running: Promise<unknown> | undefined;

export function mailTransport(): EmailTransport {
  transport ??= transportFromConfig(getConfig());
  return transport;
}

/** Starts a delivery run unless one is already going; never throws into the caller. */
export function kickDelivery() {
  if (running) return running;
  running = deliverDueEmails(db(), mailTransport())
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
