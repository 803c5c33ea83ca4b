// Owns the e-mail outbox: messages are queued in the transaction of the change that caused
// them (at most once per idempotency key) and delivered afterwards by the configured transport.
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { emailOutbox, emailSuppressions, users, type EmailStatus } from "../../../db/schema";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ConflictError, ForbiddenError } from "../errors";
import { preparedOnce, type Db } from "../db.server";
import { renderEmail, type RenderedEmail, type TemplateName } from "./templates.server";
import { unsubscribePath } from "../nudges/nudges.server";
import type { NudgeKind } from "../nudges/kinds";
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

export type DeliveryOptions = { appUrl: string; secret: string; batch?: number; leaseMs?: number };

const LEASE_MS = 5 * 60_000;
/** The longest a known outcome waits to be written with the next ones. */
const RECORD_WITHIN_MS = 200;

/**
 * Renders a nudge at sending time (its kind and props were stored when it was queued), with the
 * links that need the portal's address and secret: the button, the settings, the unsubscribe link.
 */
async function renderRow(database: Db, row: OutboxRow, options: DeliveryOptions) {
  if (row.html !== null && row.subject !== null && row.text !== null) return { subject: row.subject, html: row.html, text: row.text };
  const props = (row.props ?? {}) as Record<string, unknown> & { url?: string };
  const user = row.userId ? database.select({ name: users.name }).from(users).where(eq(users.id, row.userId)).get() : undefined;
  const absolute = (path: unknown) => (typeof path === "string" && path.startsWith("/") ? `${options.appUrl}${path}` : String(path ?? options.appUrl));
  const items = Array.isArray(props.items) ? (props.items as { url: string }[]).map((i) => ({ ...i, url: absolute(i.url) })) : undefined;
  const articles = Array.isArray(props.articles) ? (props.articles as { url: string }[]).map((a) => ({ ...a, url: absolute(a.url) })) : undefined;
  const email = await renderEmail(row.template as TemplateName, {
    ...props,
    ...(items ? { items } : {}),
    ...(articles ? { articles } : {}),
    name: user?.name ?? "",
    url: absolute(props.url ?? "/"),
    preferencesUrl: `${options.appUrl}/account/notifications`,
    unsubscribeUrl: row.userId && row.kind ? `${options.appUrl}${unsubscribePath(options.secret, row.userId, row.kind as NudgeKind)}` : `${options.appUrl}/account/notifications`,
  } as never);
  // Stored with the outcome of the attempt (see deliverDueEmails).
  return { subject: email.subject, html: email.html, text: email.text };
}

type OutboxRow = typeof emailOutbox.$inferSelect;
type RenderedContent = { subject: string; html: string; text: string };

/**
 * Claims up to `batch` due messages in one statement: it pushes their next attempt past a lease
 * and returns them. SQLite runs the statement under the write lock, so two senders never
 * claim the same row.
 */
function claimStatement(database: Db) {
  return preparedOnce(database, "outbox.claim", () =>
    database
      .update(emailOutbox)
      .set({ nextAttemptAt: sql`${sql.placeholder("leaseUntil")}` })
      .where(
        inArray(
          emailOutbox.id,
          database
            .select({ id: emailOutbox.id })
            .from(emailOutbox)
            .where(and(eq(emailOutbox.status, "queued"), eq(emailOutbox.urgent, 1), lte(emailOutbox.nextAttemptAt, sql`${sql.placeholder("now")}`)))
            .orderBy(asc(emailOutbox.nextAttemptAt))
            .limit(sql.placeholder("batch")),
        ),
      )
      .returning()
      .prepare(),
  );
}

/**
 * Sends what is due. A batch of rows is claimed at once by pushing their next attempt past a
 * lease, so two senders never hold the same row; a sender killed mid-way leaves its rows to be
 * taken again when the lease ends, and the provider's idempotency key (the row's key) keeps a
 * second attempt from sending one twice. Outcomes are recorded together, within moments of
 * their sending, and only while the lease is still this sender's: if sending took longer than
 * the lease and another sender took the row, that sender's record stands. Transient failures (network,
 * 5xx, 429) are retried with exponential backoff and jitter, honouring Retry-After, up to a
 * limit; permanent ones (other 4xx) are not. Addresses that bounced or complained get nothing.
 */
export async function deliverDueEmails(database: Db, transport: EmailTransport, now = Date.now(), options: DeliveryOptions) {
  const leaseUntil = now + (options.leaseMs ?? LEASE_MS);
  const claimed = claimStatement(database).all({ now, leaseUntil, batch: options.batch ?? 20 });
  // The oldest first, as they were claimed (each row's next attempt now reads the lease).
  claimed.sort((a, b) => a.id - b.id);
  let sent = 0;
  let failed = 0;
  // Outcomes wait a moment to be written together: every write takes the database's write
  // lock, which the server's requests need too. One is never left unwritten for longer than
  // RECORD_WITHIN_MS plus the next message's sending.
  const unrecorded: { id: number; set: Partial<OutboxRow>; rendered?: RenderedContent; props: string | null }[] = [];
  let oldestAt = 0;
  const record = () => {
    if (unrecorded.length === 0) return;
    const lease = new Date(leaseUntil);
    database.transaction((tx) => {
      for (const { id, set, rendered, props } of unrecorded) {
        const stillHeld = and(eq(emailOutbox.id, id), eq(emailOutbox.status, "queued"), eq(emailOutbox.nextAttemptAt, lease));
        // What was rendered now is kept (a retry sends the very same message, and the
        // administrators' outbox shows it), but only from the props it was rendered from: a
        // deleted account's name is swept out of them, and must not come back with the content.
        if (rendered) tx.update(emailOutbox).set(rendered).where(and(stillHeld, isNull(emailOutbox.html), sql`${emailOutbox.props} is ${props}`)).run();
        tx.update(emailOutbox).set(set).where(stillHeld).run();
      }
    });
    unrecorded.length = 0;
  };
  try {
    for (const row of claimed) {
      const outcome = await deliverOne(database, transport, row, now, options);
      if (unrecorded.length === 0) oldestAt = Date.now();
      unrecorded.push({ id: row.id, set: outcome.set, rendered: outcome.rendered, props: row.props === null ? null : JSON.stringify(row.props) });
      if (Date.now() - oldestAt >= RECORD_WITHIN_MS) record();
      if (outcome.result === "sent") sent++;
      else if (outcome.result === "failed") failed++;
    }
  } finally {
    record();
  }
  return { sent, failed, claimed: claimed.length };
}

async function deliverOne(database: Db, transport: EmailTransport, row: OutboxRow, now: number, options: DeliveryOptions): Promise<{ result: "sent" | "retry" | "failed" | "skipped"; set: Partial<OutboxRow>; rendered?: RenderedContent }> {
  const suppressed = database.select().from(emailSuppressions).where(eq(emailSuppressions.address, row.toAddress)).get();
  if (suppressed) return { result: "skipped", set: { status: "skipped", lastError: `The address no longer takes mail (${suppressed.reason}).` } };
  let content: RenderedContent;
  try {
    content = await renderRow(database, row, options);
  } catch (error) {
    return { result: "failed", set: { status: "failed", lastError: `Could not be rendered: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const headers: Record<string, string> | undefined =
    row.userId && row.kind ? { "List-Unsubscribe": `<${options.appUrl}${unsubscribePath(options.secret, row.userId, row.kind as NudgeKind)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : undefined;
  const result = await sendEmail(transport, { to: row.toAddress, subject: content.subject, html: content.html, text: content.text, idempotencyKey: row.idempotencyKey, headers });
  const attempts = row.attempts + 1;
  // Content stored with the row is never written back: it may have been changed meanwhile.
  const rendered = row.html === null || row.subject === null || row.text === null ? content : undefined;
  if (result.ok) return { result: "sent", rendered, set: { status: "sent", attempts, providerMessageId: result.id, sentAt: new Date(now), lastError: null } };
  if (result.retryable && attempts < MAX_ATTEMPTS) {
    const backoff = Math.max((result.retryAfterSeconds ?? 0) * 1000, 2 ** attempts * 1000 * (0.5 + Math.random()));
    return { result: "retry", rendered, set: { attempts, lastError: result.error, nextAttemptAt: new Date(now + backoff) } };
  }
  return { result: "failed", rendered, set: { status: "failed", attempts, lastError: result.error } };
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

export const ADMIN_OUTBOX_PAGE = 100;

/** The outbox for administrators: newest first, by status and address, with the counts per status. */
export function adminOutbox(database: Db, actor: Actor, filters: { status?: EmailStatus; q?: string }) {
  if (actor.role !== "admin") throw new ForbiddenError();
  const where = [];
  if (filters.status) where.push(eq(emailOutbox.status, filters.status));
  if (filters.q) where.push(sql`${emailOutbox.toAddress} like ${`%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  const rows = database
    .select({ id: emailOutbox.id, toAddress: emailOutbox.toAddress, template: emailOutbox.template, kind: emailOutbox.kind, subject: emailOutbox.subject, status: emailOutbox.status, urgent: emailOutbox.urgent, attempts: emailOutbox.attempts, lastError: emailOutbox.lastError, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt, nextAttemptAt: emailOutbox.nextAttemptAt })
    .from(emailOutbox)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(emailOutbox.id))
    .limit(ADMIN_OUTBOX_PAGE)
    .all();
  const counts = Object.fromEntries(database.select({ status: emailOutbox.status, n: sql<number>`count(*)` }).from(emailOutbox).groupBy(emailOutbox.status).all().map((r) => [r.status, r.n]));
  return { rows, counts };
}

/** An administrator sends a failed message again. */
export function retryFailedEmail(database: Db, actor: Actor, id: number, origin?: RequestOrigin) {
  if (actor.role !== "admin") throw new ForbiddenError();
  database.transaction((tx) => {
    const result = tx.update(emailOutbox).set({ status: "queued", attempts: 0, nextAttemptAt: new Date(), lastError: null }).where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "failed"))).run();
    if (result.changes !== 1) throw new ConflictError("not failed", "Only a failed message can be sent again.");
    recordAudit(tx, { action: "email.retry", actor, target: { type: "email", id }, origin });
  });
}
