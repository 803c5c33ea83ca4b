// Loads what triage reads about projects, in bulk: a handful of queries for a whole
// portfolio rather than several per project, so re-triaging stays fast at scale.
import type { Db } from "../db.server";
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
type Row = Record<string, unknown>;

/**
 * The facts, latest answers and profile levels of projects: those of one institution, or the
 * given projects. Partners carry their current screening matches with the office's decisions.
 * Plain prepared statements: this runs over whole portfolios, where mapping layers cost more
 * than the reads themselves.
 */
export function loadTriageProjects(database: Db, scope: { institutionId: number } | { projectIds: number[] }): LoadedProject[] {
  const sqlite = database.$client;
  const byInstitution = "institutionId" in scope;
  const key = byInstitution ? scope.institutionId : JSON.stringify(scope.projectIds);
  // Every query selects the same projects: by institution, or by a JSON list of ids.
  const projectSet = byInstitution ? "select id from projects where institution_id = ?" : "select value from json_each(?)";
  const all = <T extends Row>(text: string) => sqlite.prepare(text).all(key) as T[];

  const rows = all<{ id: number; institution_id: number; title: string; summary: string; field: string; trl: number; start_date: string | null; created_at: number; country: string }>(
    `select p.id, p.institution_id, p.title, p.summary, p.field, p.trl, p.start_date, p.created_at, i.country
       from projects p join institutions i on i.id = p.institution_id where p.id in (${projectSet})`,
  );
  if (rows.length === 0) return [];
  const areas = groupBy(all<{ project_id: number; area_id: string }>(`select project_id, area_id from project_technology_areas where project_id in (${projectSet})`), (r) => r.project_id);
  const partners = groupBy(
    all<{ project_id: number; organisation_id: number; name: string; country: string | null; kind: string; role: string }>(
      `select project_id, organisation_id, name, country, kind, role from project_partners where project_id in (${projectSet}) order by id`,
    ),
    (r) => r.project_id,
  );
  const funders = groupBy(all<{ project_id: number; name: string; country: string | null; kind: string }>(`select project_id, name, country, kind from project_funders where project_id in (${projectSet}) order by id`), (r) => r.project_id);
  const latest = new Map<number, { answers: Answers; levels: LoadedProject["levels"]; factorIds: string[] }>();
  for (const a of sqlite
    .prepare(
      `select project_id, answers, level_military, level_human_rights, level_itt, level_partner, factor_ids from assessments
        where status = 'submitted' and project_id in (${projectSet}) order by submitted_at desc, id desc`,
    )
    .iterate(key) as Iterable<{ project_id: number; answers: string; level_military: string | null; level_human_rights: string | null; level_itt: string | null; level_partner: string | null; factor_ids: string | null }>) {
    if (latest.has(a.project_id)) continue;
    latest.set(a.project_id, {
      answers: JSON.parse(a.answers) as Answers,
      levels: { military: a.level_military ?? "none", human_rights: a.level_human_rights ?? "none", itt: a.level_itt ?? "none", partner: a.level_partner ?? "none" },
      factorIds: a.factor_ids ? (JSON.parse(a.factor_ids) as string[]) : [],
    });
  }
  const institutionIds = JSON.stringify([...new Set(rows.map((r) => r.institution_id))]);
  const matches = groupBy(
    sqlite
      .prepare(
        `select m.organisation_id, m.list_id, m.entry_name, m.score, d.decision from screening_matches m
           left join screening_decisions d on d.institution_id = m.institution_id and d.organisation_id = m.organisation_id and d.list_id = m.list_id and d.entry_id = m.entry_id
          where m.institution_id in (select value from json_each(?)) and m.vanished_at is null`,
      )
      .all(institutionIds) as { organisation_id: number; list_id: string; entry_name: string; score: number; decision: "confirmed" | "false_positive" | null }[],
    (m) => m.organisation_id,
  );

  return rows.map((row) => {
    const assessment = latest.get(row.id);
    return {
      projectId: row.id,
      institutionId: row.institution_id,
      title: row.title,
      startedOn: row.start_date ?? new Date(row.created_at).toISOString().slice(0, 10),
      facts: {
        title: row.title,
        summary: row.summary,
        field: row.field,
        technologyAreas: (areas.get(row.id) ?? []).map((a) => a.area_id),
        trl: row.trl,
        funders: (funders.get(row.id) ?? []).map((f) => ({ name: f.name, country: f.country, kind: f.kind as ProjectFacts["funders"][number]["kind"] })),
        partners: (partners.get(row.id) ?? []).map((p) => ({
          name: p.name,
          country: p.country,
          kind: p.kind as ProjectFacts["partners"][number]["kind"],
          role: p.role,
          screening: (matches.get(p.organisation_id) ?? []).map((m) => ({ listId: m.list_id, entryName: m.entry_name, score: m.score, level: m.score >= MATCH_THRESHOLD ? ("strong" as const) : ("possible" as const), decision: m.decision ?? null })),
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
