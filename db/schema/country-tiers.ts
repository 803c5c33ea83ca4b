import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** Countries an institution places in its own tiers, on top of the public country groups. */
export const institutionCountryTiers = sqliteTable(
  "institution_country_tiers",
  {
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    country: text("country").notNull(),
    tier: text("tier", { enum: ["concern", "watch"] }).notNull(),
    reason: text("reason").notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.country] })],
);
