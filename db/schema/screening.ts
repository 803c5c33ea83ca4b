import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** A screening list as loaded: its source, licence, snapshot date and size. */
export const screeningLists = sqliteTable("screening_lists", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  publisher: text("publisher").notNull(),
  sourceUrl: text("source_url").notNull(),
  licence: text("licence").notNull(),
  snapshotDate: text("snapshot_date").notNull(),
  entryCount: integer("entry_count").notNull(),
  /** Goes up with every import, so an in-memory index knows when it is stale. */
  version: integer("version").notNull(),
  importedAt: integer("imported_at", { mode: "timestamp_ms" }).notNull(),
});

export const screeningEntries = sqliteTable(
  "screening_entries",
  {
    listId: text("list_id")
      .notNull()
      .references(() => screeningLists.id),
    entryId: text("entry_id").notNull(),
    name: text("name").notNull(),
    aliases: text("aliases", { mode: "json" }).$type<string[]>().notNull(),
    country: text("country"),
    countries: text("countries", { mode: "json" }).$type<string[]>(),
    type: text("type"),
    programs: text("programs", { mode: "json" }).$type<string[]>(),
    source: text("source"),
    url: text("url"),
  },
  (t) => [primaryKey({ columns: [t.listId, t.entryId] })],
);

/** What each import changed, for the officers' and administrators' record. */
export const screeningImports = sqliteTable(
  "screening_imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: text("list_id")
      .notNull()
      .references(() => screeningLists.id),
    importedAt: integer("imported_at", { mode: "timestamp_ms" }).notNull(),
    importedBy: integer("imported_by").references(() => users.id),
    fileName: text("file_name"),
    snapshotDate: text("snapshot_date").notNull(),
    added: integer("added").notNull(),
    removed: integer("removed").notNull(),
    changed: integer("changed").notNull(),
    total: integer("total").notNull(),
    newMatches: integer("new_matches").notNull().default(0),
    vanishedMatches: integer("vanished_matches").notNull().default(0),
  },
  (t) => [index("screening_imports_list_idx").on(t.listId, t.importedAt)],
);

/** A partner, funder or end-user organisation an institution has screened. */
export const partnerOrganisations = sqliteTable(
  "partner_organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    name: text("name").notNull(),
    /** ISO 3166-1 alpha-2 of where the organisation is, when known. */
    country: text("country"),
    /** The name folded for comparison, with the country: one row per organisation and institution. */
    nameKey: text("name_key").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("partner_organisations_key_idx").on(t.institutionId, t.nameKey)],
);

/** A list entry an organisation matched, from when it appeared until it vanished. */
export const screeningMatches = sqliteTable(
  "screening_matches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => partnerOrganisations.id),
    listId: text("list_id").notNull(),
    entryId: text("entry_id").notNull(),
    entryName: text("entry_name").notNull(),
    matchedName: text("matched_name").notNull(),
    score: real("score").notNull(),
    method: text("method").notNull(),
    explanation: text("explanation").notNull(),
    firstSeenAt: integer("first_seen_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    vanishedAt: integer("vanished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("screening_matches_entry_idx").on(t.organisationId, t.listId, t.entryId),
    index("screening_matches_institution_idx").on(t.institutionId, t.vanishedAt),
  ],
);

export const screeningDecisionKinds = ["confirmed", "false_positive"] as const;
export type ScreeningDecisionKind = (typeof screeningDecisionKinds)[number];

/** An officer's judgement of one organisation against one list entry, for their institution. */
export const screeningDecisions = sqliteTable(
  "screening_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => partnerOrganisations.id),
    listId: text("list_id").notNull(),
    entryId: text("entry_id").notNull(),
    decision: text("decision", { enum: screeningDecisionKinds }).notNull(),
    reason: text("reason").notNull(),
    decidedBy: integer("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("screening_decisions_entry_idx").on(t.institutionId, t.organisationId, t.listId, t.entryId)],
);

export type ScreeningListRow = typeof screeningLists.$inferSelect;
export type PartnerOrganisation = typeof partnerOrganisations.$inferSelect;
export type ScreeningDecision = typeof screeningDecisions.$inferSelect;
