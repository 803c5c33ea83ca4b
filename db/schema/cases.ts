import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { projects } from "./projects";
import { users } from "./users";

export const caseStatuses = ["new", "in_review", "waiting_for_researcher", "escalated", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/**
 * The compliance office's unit of work: the open flags of one project, worked from first look
 * to a recorded decision. At most one case per project is open at a time.
 */
export const cases = sqliteTable(
  "cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    status: text("status", { enum: caseStatuses }).notNull(),
    /** 1 while the case is not closed: the queue's indexes lead with it. */
    isOpen: integer("is_open").notNull(),
    /** The highest severity among the project's open flags, and its rank (0 critical … 4 info) for sorting. */
    severity: text("severity").notNull(),
    severityRank: integer("severity_rank").notNull(),
    /** The dimensions of the open flags, comma-separated and comma-framed (",military,itt,"), for filtering. */
    dimensions: text("dimensions").notNull(),
    assigneeId: integer("assignee_id").references(() => users.id),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    /** Set by a decision with a review date: the case reopens on that day. */
    reviewOn: text("review_on"),
    /** When the researcher was last asked a question on the case, to highlight what changed since. */
    askedAt: integer("asked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("cases_queue_idx").on(t.institutionId, t.isOpen, t.severityRank, t.dueAt),
    index("cases_status_idx").on(t.institutionId, t.status, t.severityRank, t.dueAt),
    index("cases_assignee_idx").on(t.institutionId, t.assigneeId, t.isOpen),
    index("cases_due_idx").on(t.institutionId, t.isOpen, t.dueAt),
    index("cases_closed_idx").on(t.institutionId, t.closedAt),
    index("cases_project_idx").on(t.projectId, t.openedAt),
    index("cases_review_idx").on(t.status, t.reviewOn),
    uniqueIndex("cases_one_open_per_project_idx").on(t.projectId).where(sql`is_open = 1`),
  ],
);

/**
 * How many open cases each institution has, kept by triggers on `cases` (migration
 * 0015_open_case_counts) whoever writes them, so the queue's total costs one lookup instead of
 * counting an index range that grows with the office's backlog. drizzle-kit does not know the
 * triggers: a generated migration that rebuilds `cases` drops them and must create them again
 * (db/open-case-counts.test.ts fails if they are missing).
 */
export const openCaseCounts = sqliteTable("open_case_counts", {
  institutionId: integer("institution_id")
    .primaryKey()
    .references(() => institutions.id, { onDelete: "cascade" }),
  open: integer("open").notNull(),
});

export const caseEventKinds = [
  "opened",
  "flags_changed",
  "claimed",
  "assigned",
  "status_changed",
  "question",
  "answer",
  "note",
  "decision_requested",
  "decision_confirmed",
  "decision_declined",
  "decision",
  "reopened",
  "escalated",
  "agency",
] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

/**
 * The case's timeline. Questions and answers are the conversation with the researcher; notes
 * are the office's alone (`internal`).
 */
export const caseEvents = sqliteTable(
  "case_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorName: text("actor_name"),
    kind: text("kind", { enum: caseEventKinds }).notNull(),
    summary: text("summary").notNull(),
    body: text("body"),
    internal: integer("internal").notNull(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at), index("case_events_institution_idx").on(t.institutionId, t.kind, t.at)],
);

export const decisionKinds = ["no_concern", "mitigations_agreed", "licence_required", "exemption", "not_to_proceed", "duplicate"] as const;
export type DecisionKind = (typeof decisionKinds)[number];
export const decisionStatuses = ["awaiting_confirmation", "in_force", "declined", "reopened"] as const;

export type DecisionDetails = {
  mitigations?: { measure: string; owner: string }[];
  controlEntry?: string;
  exemption?: string;
  duplicateOf?: number;
};

/** A decision on a case, with its rationale. Four-eyes kinds wait for a second officer. */
export const caseDecisions = sqliteTable(
  "case_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    kind: text("kind", { enum: decisionKinds }).notNull(),
    status: text("status", { enum: decisionStatuses }).notNull(),
    rationale: text("rationale").notNull(),
    details: text("details", { mode: "json" }).$type<DecisionDetails>().notNull(),
    reviewOn: text("review_on"),
    requestedBy: integer("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
    confirmedBy: integer("confirmed_by").references(() => users.id),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    /** Why a decision was declined by the second officer or later reopened. */
    endedReason: text("ended_reason"),
    endedBy: integer("ended_by").references(() => users.id),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("case_decisions_case_idx").on(t.caseId, t.requestedAt), index("case_decisions_institution_idx").on(t.institutionId, t.status, t.kind)],
);

/** Working days the office gives itself per severity, from the day a case opens. */
export const caseSettings = sqliteTable("case_settings", {
  institutionId: integer("institution_id")
    .primaryKey()
    .references(() => institutions.id),
  deadlines: text("deadlines", { mode: "json" }).$type<Record<string, number>>().notNull(),
  /** Years after a case closes before the personal data in it is removed (the decision record stays). */
  retentionYears: integer("retention_years").notNull().default(10),
  updatedBy: integer("updated_by").references(() => users.id),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
