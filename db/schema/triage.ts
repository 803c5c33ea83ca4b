import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { agencies, institutions } from "./institutions";
import { projects } from "./projects";
import { users } from "./users";

/**
 * An institution's tuning of the baseline rules. Every change is a new row; the newest one
 * applies, and its version names the rule set a flag was raised under.
 */
export const ruleSettingsVersions = sqliteTable(
  "rule_settings_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    version: integer("version").notNull(),
    baselineVersion: text("baseline_version").notNull(),
    settings: text("settings", { mode: "json" }).$type<{ disabled: string[]; severity: Record<string, string>; parameters: Record<string, unknown> }>().notNull(),
    digest: text("digest").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("rule_settings_institution_version_idx").on(t.institutionId, t.version)],
);

export const flagStatuses = ["open", "closed"] as const;

/** A rule that fired for a project: which rule, under which rule-set version, and why. */
export const flags = sqliteTable(
  "flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    ruleSetVersion: text("rule_set_version").notNull(),
    title: text("title").notNull(),
    severity: text("severity").notNull(),
    dimension: text("dimension").notNull(),
    evidence: text("evidence", { mode: "json" }).$type<unknown[]>().notNull(),
    status: text("status", { enum: flagStatuses }).notNull(),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    closedReason: text("closed_reason"),
  },
  (t) => [
    uniqueIndex("flags_project_rule_idx").on(t.projectId, t.ruleId),
    index("flags_institution_status_idx").on(t.institutionId, t.status, t.severity),
    index("flags_institution_rule_idx").on(t.institutionId, t.ruleId),
    index("flags_institution_opened_idx").on(t.institutionId, t.openedAt),
  ],
);

/** A pattern across an institution's portfolio, naming every project in it. */
export const patternFlags = sqliteTable(
  "pattern_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    patternId: text("pattern_id").notNull(),
    key: text("key").notNull(),
    title: text("title").notNull(),
    severity: text("severity").notNull(),
    explanation: text("explanation").notNull(),
    projectIds: text("project_ids", { mode: "json" }).$type<number[]>().notNull(),
    evidence: text("evidence", { mode: "json" }).$type<unknown>().notNull(),
    status: text("status", { enum: flagStatuses }).notNull(),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    closedReason: text("closed_reason"),
  },
  (t) => [uniqueIndex("pattern_flags_key_idx").on(t.institutionId, t.key), index("pattern_flags_institution_status_idx").on(t.institutionId, t.status)],
);

/** Tokens for research information systems (institution) and agencies' systems; only hashes are kept. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id").references(() => institutions.id),
    agencyId: integer("agency_id").references(() => agencies.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters, so a person can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_tokens_institution_idx").on(t.institutionId), index("api_tokens_agency_idx").on(t.agencyId)],
);

/**
 * Projects whose triage is due. A change to a project queues it in the change's own
 * transaction, and triage runs soon after for everything queued, in one transaction
 * (app/modules/triage/queue.server.ts, docs/decisions/016-triage-queued-with-the-change.md).
 * A project changed again before then is queued once.
 */
export const triageQueue = sqliteTable("triage_queue", {
  projectId: integer("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  queuedAt: integer("queued_at", { mode: "timestamp_ms" }).notNull(),
});
