import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditOutcomes = ["success", "failure", "denied"] as const;

/** Who did what, when (UTC), and from where. Never secrets: no passwords, tokens or hashes. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id"),
    actorRole: text("actor_role"),
    /** The e-mail address typed or held by the actor; lets failed sign-ins be traced. */
    actorEmail: text("actor_email"),
    institutionId: integer("institution_id"),
    agencyId: integer("agency_id"),
    action: text("action").notNull(),
    outcome: text("outcome", { enum: auditOutcomes }).notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_institution_at_idx").on(t.institutionId, t.at),
    index("audit_events_at_idx").on(t.at),
    index("audit_events_actor_idx").on(t.actorUserId, t.at),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
