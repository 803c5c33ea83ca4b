import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";
import { agencies, institutions } from "./institutions";
import { users } from "./users";

export const warningStatuses = ["new", "acknowledged", "information_requested", "closed"] as const;
export type WarningStatus = (typeof warningStatuses)[number];
export const warningUrgencies = ["immediate", "priority", "routine"] as const;
export type WarningUrgency = (typeof warningUrgencies)[number];
export const warningOutcomes = ["no_action", "guidance_given", "licence_process_started", "passed_to_other_authority"] as const;
export type WarningOutcome = (typeof warningOutcomes)[number];

/**
 * An early warning: a case an institution escalated to one export-control agency, as the
 * `upstream.warning/v1` packet the officer reviewed and sent. The agency sees this and
 * nothing else of the institution.
 */
export const warnings = sqliteTable(
  "warnings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    status: text("status", { enum: warningStatuses }).notNull(),
    urgency: text("urgency", { enum: warningUrgencies }).notNull(),
    /** 0 immediate, 1 priority, 2 routine: the inbox's sort key. */
    urgencyRank: integer("urgency_rank").notNull(),
    packet: text("packet", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    sentBy: integer("sent_by")
      .notNull()
      .references(() => users.id),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    outcome: text("outcome", { enum: warningOutcomes }),
    outcomeNote: text("outcome_note"),
  },
  (t) => [
    index("warnings_inbox_idx").on(t.agencyId, t.status, t.urgencyRank, t.sentAt),
    index("warnings_agency_sent_idx").on(t.agencyId, t.sentAt),
    index("warnings_institution_case_idx").on(t.institutionId, t.caseId),
    uniqueIndex("warnings_case_agency_idx").on(t.caseId, t.agencyId),
  ],
);

export const warningEventKinds = ["sent", "acknowledged", "question", "answer", "closed"] as const;

/** The warning's thread and status history, visible to both sides. */
export const warningEvents = sqliteTable(
  "warning_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    warningId: integer("warning_id")
      .notNull()
      .references(() => warnings.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    agencyId: integer("agency_id").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorName: text("actor_name"),
    side: text("side", { enum: ["institution", "agency"] }).notNull(),
    kind: text("kind", { enum: warningEventKinds }).notNull(),
    summary: text("summary").notNull(),
    body: text("body"),
  },
  (t) => [index("warning_events_warning_idx").on(t.warningId, t.at), index("warning_events_institution_idx").on(t.institutionId, t.at)],
);
