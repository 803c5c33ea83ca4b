import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** Articles an institution's compliance office writes for its own researchers. */
export const libraryArticles = sqliteTable(
  "library_articles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    audience: text("audience", { enum: ["researcher", "officer", "both"] }).notNull(),
    topics: text("topics", { mode: "json" }).$type<string[]>().notNull(),
    body: text("body").notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("library_articles_institution_idx").on(t.institutionId, t.updatedAt)],
);

/** Who read which article when: for nudges and for officers' counts (never shown per person). */
export const libraryReads = sqliteTable(
  "library_reads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id"),
    slug: text("slug").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("library_reads_user_idx").on(t.userId, t.at), index("library_reads_institution_idx").on(t.institutionId, t.slug)],
);

/** "Was this useful?" answers, one per person and article (the latest counts). */
export const libraryFeedback = sqliteTable(
  "library_feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id"),
    slug: text("slug").notNull(),
    useful: integer("useful", { mode: "boolean" }).notNull(),
    comment: text("comment"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("library_feedback_user_slug_idx").on(t.userId, t.slug), index("library_feedback_institution_idx").on(t.institutionId, t.slug)],
);
