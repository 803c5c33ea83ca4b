import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A published quarter of aggregate tables for one audience (an agency's jurisdiction, or the
 * other institutions as one institution sees them). Frozen once written: a later release never
 * recomputes a quarter, so two releases cannot be differenced to reveal a small count.
 */
export const aggregateReleases = sqliteTable(
  "aggregate_releases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "agency:<id>" or "peers:<institutionId>". */
    scope: text("scope").notNull(),
    /** "2026-Q3". */
    quarter: text("quarter").notNull(),
    tables: text("tables", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("aggregate_releases_scope_quarter_idx").on(t.scope, t.quarter)],
);
