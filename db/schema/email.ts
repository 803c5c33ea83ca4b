import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/**
 * queued: waiting to be sent (or retried); sent; failed (permanently, or after the last retry);
 * digested: merged into a daily summary instead of going out alone; skipped: the person switched
 * the kind off, or the address no longer takes mail.
 */
export const emailStatuses = ["queued", "sent", "failed", "digested", "skipped"] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/**
 * Every e-mail the portal sends passes through this table: written in the transaction of
 * the change that caused it, with an idempotency key so it is queued at most once. Account
 * e-mails are stored rendered; nudges store their kind and props and are rendered when sent.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    toAddress: text("to_address").notNull(),
    /** The recipient's account, for nudges (preferences, digests, unsubscribe). */
    userId: integer("user_id").references(() => users.id),
    template: text("template").notNull(),
    /** The nudge's kind and props, rendered at sending time; null for account e-mails. */
    kind: text("kind"),
    props: text("props", { mode: "json" }).$type<Record<string, unknown>>(),
    /** 1: goes out at once; 0: waits for the person's daily summary. */
    urgent: integer("urgent").notNull().default(1),
    subject: text("subject"),
    html: text("html"),
    text: text("text"),
    status: text("status", { enum: emailStatuses }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    providerMessageId: text("provider_message_id"),
    lastError: text("last_error"),
    /** The summary e-mail a non-urgent message went out in. */
    digestId: integer("digest_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** When the row may next be tried; pushed ahead while a sender holds it (its lease). */
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("email_outbox_status_next_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_created_idx").on(t.createdAt),
    index("email_outbox_user_status_idx").on(t.userId, t.status, t.urgent),
  ],
);

export type OutboxEmail = typeof emailOutbox.$inferSelect;

/** A person's choice for one kind of nudge ("on", "digest", "off"; the library digest: "weekly", "monthly", "off"). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    mode: text("mode").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Addresses that must not get mail any more: a hard bounce or a complaint reported by the provider. */
export const emailSuppressions = sqliteTable("email_suppressions", {
  address: text("address").primaryKey(),
  reason: text("reason", { enum: ["bounce", "complaint"] }).notNull(),
  detail: text("detail"),
  providerEventId: text("provider_event_id"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
