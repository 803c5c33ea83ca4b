import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A research institution: one tenant of the portal. */
export const institutions = sqliteTable("institutions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** ISO 3166-1 alpha-2. */
  country: text("country").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** The e-mail domains whose owners may sign up as researchers of an institution. */
export const institutionDomains = sqliteTable(
  "institution_domains",
  {
    domain: text("domain").primaryKey(),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
  },
  (t) => [index("institution_domains_institution_idx").on(t.institutionId)],
);

/** An export-control agency and the countries (its jurisdiction) it covers. */
export const agencies = sqliteTable("agencies", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export const agencyCountries = sqliteTable(
  "agency_countries",
  {
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    country: text("country").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.country] }), index("agency_countries_country_idx").on(t.country)],
);

export type Institution = typeof institutions.$inferSelect;
export type Agency = typeof agencies.$inferSelect;
