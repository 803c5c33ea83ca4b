// Owns the e-mail outbox: messages are queued in the transaction of the change that caused
// them (at most once per idempotency key) and delivered afterwards by the configured transport.
import { and, asc, desc, eq, lte } from "drizzle-orm";
import { emailOutbox } from "../../../db/schema";
import type { Db } from "../db.server";
import type { RenderedEmail } from "./templates.server";
import { sendEmail, type EmailTransport } from "./send.server";

type Writer = Pick<Db, "insert">;

const MAX_ATTEMPTS = 8;

/** Queues a rendered message; a second call with the same key is a no-op. */
export function enqueueEmail(writer: Writer, input: { to: string; idempotencyKey: string; email: RenderedEmail }, now = new Date()) {
  writer
    .insert(emailOutbox)
    .values({
      idempotencyKey: input.idempotencyKey,
      toAddress: input.to,
      template: input.email.template,
      subject: input.email.subject,
      html: input.email.html,
      text: input.email.text,
      status: "queued",
      createdAt: now,
      nextAttemptAt: now,
    })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
    .run();
}

/**
 * Sends what is due. A row is claimed by pushing its next attempt into the future with a
 * conditional update, so two runners never send the same row at the same time.
 */
export async function deliverDueEmails(database: Db, transport: EmailTransport, now = Date.now(), batch = 20) {
  const due = database
    .select({ id: emailOutbox.id, nextAttemptAt: emailOutbox.nextAttemptAt })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "queued"), lte(emailOutbox.nextAttemptAt, new Date(now))))
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(batch)
    .all();
  let sent = 0;
  for (const candidate of due) {
    const leaseUntil = new Date(now + 5 * 60_000);
    const claimed = database
      .update(emailOutbox)
      .set({ nextAttemptAt: leaseUntil })
      .where(and(eq(emailOutbox.id, candidate.id), eq(emailOutbox.status, "queued"), eq(emailOutbox.nextAttemptAt, candidate.nextAttemptAt)))
      .run();
    if (claimed.changes !== 1) continue;
    const row = database.select().from(emailOutbox).where(eq(emailOutbox.id, candidate.id)).get()!;
    const result = await sendEmail(transport, {
      to: row.toAddress,
      subject: row.subject,
      html: row.html,
      text: row.text,
      idempotencyKey: row.idempotencyKey,
    });
    const attempts = row.attempts + 1;
    if (result.ok) {
      database
        .update(emailOutbox)
        .set({ status: "sent", attempts, providerMessageId: result.id, sentAt: new Date(), lastError: null })
        .where(eq(emailOutbox.id, row.id))
        .run();
      sent++;
    } else if (result.retryable && attempts < MAX_ATTEMPTS) {
      const backoff = Math.max((result.retryAfterSeconds ?? 0) * 1000, 2 ** attempts * 1000 * (0.5 + Math.random()));
      database
        .update(emailOutbox)
        .set({ attempts, lastError: result.error, nextAttemptAt: new Date(Date.now() + backoff) })
        .where(eq(emailOutbox.id, row.id))
        .run();
    } else {
      database.update(emailOutbox).set({ status: "failed", attempts, lastError: result.error }).where(eq(emailOutbox.id, row.id)).run();
    }
  }
  return { sent };
}

/** The newest stored messages, for the development outbox page. */
export function listOutbox(database: Db, limit = 50) {
  return database.select().from(emailOutbox).orderBy(desc(emailOutbox.id)).limit(limit).all();
}

export function getOutboxEmail(database: Db, id: number) {
  return database.select().from(emailOutbox).where(eq(emailOutbox.id, id)).get();
}

/** The distinct links of a stored message's HTML, so a developer can follow them. */
export function linksOf(html: string): string[] {
  return [...new Set([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&")))];
}
