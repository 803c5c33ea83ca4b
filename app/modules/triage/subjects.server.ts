// Loads what triage reads about projects, in bulk: a handful of queries for a whole
// portfolio rather than several per project, so re-triaging stays fast at scale.
import type { Db } from "../db.server";
import type { Answers, ProjectFacts, ScreeningHit } from "../assessment/questionnaire";
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

type Partner = ProjectFacts["partners"][number];
type Funder = ProjectFacts["funders"][number];

/** Lists that stay empty, shared rather than allocated per project (triage only reads them). */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const NO_ANSWERS: Answers = Object.freeze({});

/**
 * One copy of each text. A portfolio repeats the same countries, kinds, roles, areas, funders
 * and levels thousands of times, and every row read brings its own copy; keeping one of each
 * makes a loaded portfolio much smaller, and so quicker to build and to hold.
 */
function texts() {
  const kept = new Map<string, string>();
  return <T extends string | null>(text: T): T => {
    if (text === null) return text;
    const known = kept.get(text);
    if (known !== undefined) return known as T;
    kept.set(text, text);
    return text;
  };
}

/**
 * The facts, latest answers and profile levels of projects: those of one institution, or the
 * given projects. Partners carry their current screening matches with the office's decisions.
 *
 * A handful of plain prepared statements, read row by row as arrays straight into each
 * project's lists: this runs over whole portfolios, where mapping layers, intermediate row
 * objects and sorts cost more than the reads themselves.
 */
export function loadTriageProjects(database: Db, scope: { institutionId: number } | { projectIds: number[] }): LoadedProject[] {
  const sqlite = database.$client;
  const byInstitution = "institutionId" in scope;
  const key = byInstitution ? scope.institutionId : JSON.stringify(scope.projectIds);
  // Every query selects the same projects: by institution, or by a JSON list of ids.
  const projectSet = byInstitution ? "select id from projects where institution_id = ?" : "select value from json_each(?)";
  const rows = <T extends unknown[]>(text: string, ...args: unknown[]) => sqlite.prepare(text).raw().iterate(...(args.length ? args : [key])) as Iterable<T>;

  const one = texts();
  const loaded: LoadedProject[] = [];
  const countries = new Map<number, string | null>();
  const countryOf = (institutionId: number) => {
    let country = countries.get(institutionId);
    if (country === undefined) {
      country = (sqlite.prepare("select country from institutions where id = ?").get(institutionId) as { country: string | null } | undefined)?.country ?? null;
      countries.set(institutionId, country);
    }
    return country;
  };
  for (const [id, institutionId, title, summary, field, trl, startDate, createdAt] of rows<[number, number, string, string, string, number, string | null, number]>(
    `select id, institution_id, title, summary, field, trl, start_date, created_at from projects where id in (${projectSet}) order by id`,
  )) {
    const project: LoadedProject = {
      projectId: id,
      institutionId,
      title,
      startedOn: one(startDate ?? new Date(createdAt).toISOString().slice(0, 10)),
      facts: { title, summary, field: one(field), technologyAreas: NONE, trl, funders: NONE, partners: NONE, team: NONE, previousAssessment: false, institutionCountry: countryOf(institutionId) },
      answers: NO_ANSWERS,
      levels: null,
      factorIds: NONE,
    };
    loaded.push(project);
  }
  if (loaded.length === 0) return [];

  // The projects come sorted by id, and so does every list read below: each row's project is
  // found by walking forward from the previous row's, with no lookup table.
  let cursor = 0;
  const projectOf = (projectId: number) => {
    while (cursor < loaded.length && loaded[cursor]!.projectId < projectId) cursor++;
    return loaded[cursor]?.projectId === projectId ? loaded[cursor] : undefined;
  };
  const sortedBy = <T extends unknown[]>(text: string, ...args: unknown[]) => {
    cursor = 0;
    return rows<T>(text, ...args);
  };

  /** Adds to one of a project's lists, which starts as the shared empty one. */
  const add = <K extends "technologyAreas" | "partners" | "funders">(projectId: number, list: K, item: ProjectFacts[K][number]) => {
    const facts = projectOf(projectId)?.facts;
    if (!facts) return;
    if (facts[list] === NONE) facts[list] = [item] as ProjectFacts[K];
    else (facts[list] as ProjectFacts[K][number][]).push(item);
  };
  for (const [projectId, areaId] of sortedBy<[number, string]>(`select project_id, area_id from project_technology_areas where project_id in (${projectSet}) order by project_id, area_id`)) {
    add(projectId, "technologyAreas", one(areaId));
  }

  // Screening matches per organisation, built once and shared by every partner entry naming it:
  // all of the institution's for a whole portfolio; for a few projects, only those of their
  // partners, found from the organisations (the institution stays a check, not the way in).
  const institutionIds = JSON.stringify([...new Set(loaded.map((p) => p.institutionId))]);
  const matchesOf = byInstitution
    ? "m.institution_id in (select value from json_each(?))"
    : `m.organisation_id in (select organisation_id from project_partners where project_id in (${projectSet})) and +m.institution_id in (select value from json_each(?))`;
  const screening = new Map<number, ScreeningHit[]>();
  for (const [organisationId, listId, entryName, score, decision] of rows<[number, string, string, number, ScreeningHit["decision"]]>(
    `select m.organisation_id, m.list_id, m.entry_name, m.score, d.decision from screening_matches m
       left join screening_decisions d on d.institution_id = m.institution_id and d.organisation_id = m.organisation_id and d.list_id = m.list_id and d.entry_id = m.entry_id
      where ${matchesOf} and m.vanished_at is null`,
    ...(byInstitution ? [institutionIds] : [key, institutionIds]),
  )) {
    let hits = screening.get(organisationId);
    if (!hits) screening.set(organisationId, (hits = []));
    hits.push({ listId: one(listId), entryName, score, level: score >= MATCH_THRESHOLD ? "strong" : "possible", decision: decision ?? null });
  }
  // Each project's partners and funders in the order they were added.
  for (const [projectId, organisationId, name, country, kind, role] of sortedBy<[number, number, string, string | null, string, string]>(
    `select project_id, organisation_id, name, country, kind, role from project_partners where project_id in (${projectSet}) order by project_id, id`,
  )) {
    add(projectId, "partners", { name: one(name), country: one(country), kind: one(kind) as Partner["kind"], role: one(role), screening: screening.get(organisationId) ?? NONE });
  }
  for (const [projectId, name, country, kind] of sortedBy<[number, string, string | null, string]>(
    `select project_id, name, country, kind from project_funders where project_id in (${projectSet}) order by project_id, id`,
  )) {
    add(projectId, "funders", { name: one(name), country: one(country), kind: one(kind) as Funder["kind"] });
  }

  // The latest submitted assessment of each project (latest submission, then highest id): the
  // last of its rows in the index's order, which needs no sort. Only its JSON is parsed.
  type AssessmentRow = [projectId: number, answers: string, military: string | null, humanRights: string | null, itt: string | null, partner: string | null, factorIds: string | null];
  const useLatest = ([projectId, answers, military, humanRights, itt, partner, factorIds]: AssessmentRow) => {
    const project = projectOf(projectId);
    if (!project) return;
    project.answers = JSON.parse(answers) as Answers;
    project.levels = { military: one(military ?? "none"), human_rights: one(humanRights ?? "none"), itt: one(itt ?? "none"), partner: one(partner ?? "none") };
    project.factorIds = factorIds ? (JSON.parse(factorIds) as string[]).map(one) : NONE;
    project.facts.previousAssessment = true;
  };
  let latest: AssessmentRow | null = null;
  for (const row of sortedBy<AssessmentRow>(
    `select project_id, answers, level_military, level_human_rights, level_itt, level_partner, factor_ids from assessments
      where status = 'submitted' and project_id in (${projectSet}) order by project_id, submitted_at, id`,
  )) {
    if (latest && latest[0] !== row[0]) useLatest(latest);
    latest = row;
  }
  if (latest) useLatest(latest);
  return loaded;
}
