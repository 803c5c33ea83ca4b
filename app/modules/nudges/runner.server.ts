// One run of the nudges: what the policy finds due is queued, waiting non-urgent messages are
// merged into daily summaries, and everything due is sent. The server does this on an interval;
// `upstream nudges:run` does it once, for cron. Two runs at once are safe: every message has its
// idempotency key and every send its lease.
import type { Db } from "../db.server";
import { deliverDueEmails, type DeliveryOptions } from "../email/outbox.server";
import type { EmailTransport } from "../email/send.server";
import { buildDigests, runNudgePolicy } from "./nudges.server";

export async function runNudges(database: Db, transport: EmailTransport, options: DeliveryOptions, now = new Date()) {
  const queued = runNudgePolicy(database, now);
  const digests = buildDigests(database, now);
  let sent = 0;
  let failed = 0;
  // Keep going while a batch was full; a row that failed to send waits for its next attempt.
  for (let round = 0; round < 1000; round++) {
    const r = await deliverDueEmails(database, transport, now.getTime(), options);
    sent += r.sent;
    failed += r.failed;
    if (r.claimed < (options.batch ?? 20)) break;
  }
  return { queued, digests, sent, failed };
}
