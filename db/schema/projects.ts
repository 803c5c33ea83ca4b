import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { institutions } from "./institutions";
import { partnerOrganisations } from "./screening";
import { users } from "./users";

export const projectStatuses = ["draft", "active", "closed"] as const;

/** A research project registered by its principal investigator. */
export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    /** The id a research information system gives the project; imports are idempotent on it. */
    externalId: text("external_id"),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    field: text("field").notNull(),
    trl: integer("trl").notNull(),
    startDate: text("start_date"),
    endDate: text("end_date"),
    status: text("status", { enum: projectStatuses }).notNull(),
    /** Set when a change that matters happened after the last submitted assessment. */
    reassessmentReason: text("reassessment_reason"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("projects_institution_updated_idx").on(t.institutionId, t.updatedAt),
    index("projects_institution_owner_idx").on(t.institutionId, t.ownerId),
    uniqueIndex("projects_institution_external_idx").on(t.institutionId, t.externalId),
  ],
);

export const projectTechnologyAreas = sqliteTable(
  "project_technology_areas",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    areaId: text("area_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.areaId] })],
);

export const partnerKinds = ["university", "company", "government", "military-defence", "hospital", "international", "other"] as const;

export const projectPartners = sqliteTable(
  "project_partners",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    /** The screened organisation behind this partner (shared by spelling variants). */
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => partnerOrganisations.id),
    name: text("name").notNull(),
    country: text("country"),
    kind: text("kind", { enum: partnerKinds }).notNull(),
    role: text("role").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("project_partners_project_idx").on(t.projectId), index("project_partners_institution_org_idx").on(t.institutionId, t.organisationId)],
);

export const funderKinds = ["public", "industry", "military-defence", "foreign-government", "philanthropic", "international", "other"] as const;

export const projectFunders = sqliteTable(
  "project_funders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    name: text("name").notNull(),
    country: text("country"),
    kind: text("kind", { enum: funderKinds }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("project_funders_project_idx").on(t.projectId)],
);

/** People on the project, by name and role only: never nationality. */
export const projectMembers = sqliteTable(
  "project_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("project_members_project_idx").on(t.projectId)],
);

/** The project's history: who changed what, when. */
export const projectEvents = sqliteTable(
  "project_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: integer("actor_user_id"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    summary: text("summary").notNull(),
  },
  (t) => [index("project_events_project_idx").on(t.projectId, t.at), index("project_events_institution_idx").on(t.institutionId, t.at)],
);

export const assessmentStatuses = ["in_progress", "submitted"] as const;

/** One self-assessment of a project, against one questionnaire version. */
export const assessments = sqliteTable(
  "assessments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    institutionId: integer("institution_id").notNull(),
    questionnaireVersion: text("questionnaire_version").notNull(),
    status: text("status", { enum: assessmentStatuses }).notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, string | string[]>>().notNull(),
    /** The facts the assessment was made on, frozen at submission, so it stays readable later. */
    facts: text("facts", { mode: "json" }).$type<Record<string, unknown>>(),
    profile: text("profile", { mode: "json" }).$type<Record<string, unknown>>(),
    modelVersion: text("model_version"),
    levelMilitary: text("level_military"),
    levelHumanRights: text("level_human_rights"),
    levelItt: text("level_itt"),
    levelPartner: text("level_partner"),
    /** The ids of the profile's factors, so triage can read them without the whole profile. */
    factorIds: text("factor_ids", { mode: "json" }).$type<string[]>(),
    startedBy: integer("started_by").references(() => users.id),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("assessments_project_idx").on(t.projectId, t.startedAt),
    index("assessments_institution_submitted_idx").on(t.institutionId, t.status, t.submittedAt),
    index("assessments_project_status_idx").on(t.projectId, t.status, t.submittedAt),
    index("assessments_status_started_idx").on(t.status, t.startedAt),
  ],
);

export type Project = typeof projects.$inferSelect;
export type Assessment = typeof assessments.$inferSelect;
