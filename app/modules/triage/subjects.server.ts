// Loads what triage reads about projects, in bulk: a handful of queries for a whole
// portfolio rather than several per project, so re-triaging stays fast at scale.
import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  assessments,
  institutions,
  projectFunders,
  projectPartners,
  projects,
  projectTechnologyAreas,
  screeningDecisions,
  screeningMatches,
} from "../../../db/schema";
import type { Queryable } from "../db.server";
import type { Answers, ProjectFacts } from "../assessment/questionnaire";
import { MATCH_THRESHOLD } from "../screening/match";

export type LoadedProject = {
  projectId: number;
  institutionId: number;
  title: string;
  startedOn: string;
  facts: ProjectFacts;
  answers: Answers;
  /** Levels and factor ids of the latest submitted assessment, or null before the first. */
  levels: Record<"military" | "human_rights" | "itt" | "partner", string> | null;
  factorIds: string[];
};

function groupBy<T>(rows: T[], key: (row: T) => number) {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * The facts, latest answers and profile levels of projects: those of one institution, or the
 * given projects. Partners carry their current screening matches with the office's decisions.
 */
export function loadTriageProjects(database: Queryable, scope: { institutionId: number } | { projectIds: number[] }): LoadedProject[] {
  const projectFilter: SQL = "institutionId" in scope ? eq(projects.institutionId, scope.institutionId) : inArray(projects.id, scope.projectIds.length ? scope.projectIds : [-1]);
  const rows = database
    .select({ id: projects.id, institutionId: projects.institutionId, title: projects.title, summary: projects.summary, field: projects.field, trl: projects.trl, startDate: projects.startDate, createdAt: projects.createdAt, country: institutions.country })
    .from(projects)
    .innerJoin(institutions, eq(institutions.id, projects.institutionId))
    .where(projectFilter)
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const small = ids.length <= 500;
  // A portfolio is read whole through its institution; a few projects by their ids.
  const portfolio = "institutionId" in scope ? database.select({ id: projects.id }).from(projects).where(eq(projects.institutionId, scope.institutionId)) : null;
  const scoped = (column: SQLiteColumn, institutionColumn?: SQLiteColumn) =>
    small || !portfolio || !("institutionId" in scope) ? inArray(column, ids) : institutionColumn ? eq(institutionColumn, scope.institutionId) : inArray(column, portfolio);

  const areas = groupBy(database.select({ projectId: projectTechnologyAreas.projectId, areaId: projectTechnologyAreas.areaId }).from(projectTechnologyAreas).where(scoped(projectTechnologyAreas.projectId)).all(), (r) => r.projectId);
  const partners = groupBy(
    database
      .select({ projectId: projectPartners.projectId, organisationId: projectPartners.organisationId, name: projectPartners.name, country: projectPartners.country, kind: projectPartners.kind, role: projectPartners.role })
      .from(projectPartners)
      .where(scoped(projectPartners.projectId, projectPartners.institutionId))
      .all(),
    (r) => r.projectId,
  );
  const funders = groupBy(
    database.select({ projectId: projectFunders.projectId, name: projectFunders.name, country: projectFunders.country, kind: projectFunders.kind }).from(projectFunders).where(scoped(projectFunders.projectId, projectFunders.institutionId)).all(),
    (r) => r.projectId,
  );
  const latest = new Map<number, { answers: Answers; levels: LoadedProject["levels"]; factorIds: string[] }>();
  const submitted = database
    .select({ projectId: assessments.projectId, answers: assessments.answers, military: assessments.levelMilitary, humanRights: assessments.levelHumanRights, itt: assessments.levelItt, partner: assessments.levelPartner, factorIds: assessments.factorIds })
    .from(assessments)
    .where(and(scoped(assessments.projectId, assessments.institutionId), eq(assessments.status, "submitted")))
    .orderBy(desc(assessments.submittedAt), desc(assessments.id))
    .all();
  for (const a of submitted) {
    if (latest.has(a.projectId)) continue;
    latest.set(a.projectId, { answers: a.answers, levels: { military: a.military ?? "none", human_rights: a.humanRights ?? "none", itt: a.itt ?? "none", partner: a.partner ?? "none" }, factorIds: a.factorIds ?? [] });
  }

  const institutionIds = [...new Set(rows.map((r) => r.institutionId))];
  const matches = groupBy(
    database
      .select({ organisationId: screeningMatches.organisationId, listId: screeningMatches.listId, entryId: screeningMatches.entryId, entryName: screeningMatches.entryName, score: screeningMatches.score, decision: screeningDecisions.decision })
      .from(screeningMatches)
      .leftJoin(
        screeningDecisions,
        and(eq(screeningDecisions.organisationId, screeningMatches.organisationId), eq(screeningDecisions.listId, screeningMatches.listId), eq(screeningDecisions.entryId, screeningMatches.entryId)),
      )
      .where(and(inArray(screeningMatches.institutionId, institutionIds), isNull(screeningMatches.vanishedAt)))
      .all(),
    (m) => m.organisationId,
  );

  return rows.map((row) => {
    const assessment = latest.get(row.id);
    return {
      projectId: row.id,
      institutionId: row.institutionId,
      title: row.title,
      startedOn: row.startDate ?? row.createdAt.toISOString().slice(0, 10),
      facts: {
        title: row.title,
        summary: row.summary,
        field: row.field,
        technologyAreas: (areas.get(row.id) ?? []).map((a) => a.areaId),
        trl: row.trl,
        funders: (funders.get(row.id) ?? []).map((f) => ({ name: f.name, country: f.country, kind: f.kind })),
        partners: (partners.get(row.id) ?? []).map((p) => ({
          name: p.name,
          country: p.country,
          kind: p.kind,
          role: p.role,
          screening: (matches.get(p.organisationId) ?? []).map((m) => ({ listId: m.listId, entryName: m.entryName, score: m.score, level: m.score >= MATCH_THRESHOLD ? ("strong" as const) : ("possible" as const), decision: m.decision ?? null })),
        })),
        team: [],
        previousAssessment: Boolean(assessment),
        institutionCountry: row.country,
      },
      answers: assessment?.answers ?? {},
      levels: assessment?.levels ?? null,
      factorIds: assessment?.factorIds ?? [],
    };
  });
}
