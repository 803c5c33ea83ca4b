import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { agencies, institutions } from "./institutions";

import { roles, userStatuses } from "../../app/modules/auth/roles";

export { roles, userStatuses, type Role, type UserStatus } from "../../app/modules/auth/roles";

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-case; unique. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: roles }).notNull(),
    institutionId: integer("institution_id").references(() => institutions.id),
    agencyId: integer("agency_id").references(() => agencies.id),
    status: text("status", { enum: userStatuses }).notNull(),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    /** The TOTP key of two-step sign-in, encrypted with a key derived from APP_SECRET; null until set up. */
    totpKey: text("totp_key"),
    mfaEnabledAt: integer("mfa_enabled_at", { mode: "timestamp_ms" }),
    /** The last 30-second step a code was accepted for: a code works once. */
    totpLastStep: integer("totp_last_step"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("users_institution_role_idx").on(t.institutionId, t.role),
    index("users_agency_idx").on(t.agencyId),
    // Researchers and officers belong to an institution, analysts to an agency, admins to neither.
    check(
      "users_role_scope",
      sql`(${t.role} in ('researcher','officer') and ${t.institutionId} is not null and ${t.agencyId} is null)
        or (${t.role} = 'analyst' and ${t.agencyId} is not null and ${t.institutionId} is null)
        or (${t.role} = 'admin' and ${t.institutionId} is null and ${t.agencyId} is null)`,
    ),
  ],
);

export type User = typeof users.$inferSelect;
