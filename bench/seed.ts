// Generates a realistic portfolio for the benchmarks in a fresh SQLite file: institutions with
// their officers and researchers, projects with technology areas and a submitted assessment,
// flags and cases for about 30 % of the projects, and the few accounts the benchmarks sign in
// with. Nothing here is committed data: every run builds the same data from a fixed seed.
// Bulk rows go in with raw prepared statements and ids assigned here, so 1,000,000 projects
// take minutes, not hours.
// Run on its own with: npx tsx bench/seed.ts --projects 10000 [--institutions 500] [--out file]
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { prng } from "../tests/support/random";
import { openDatabase, type Db } from "../db/client.server";
import { agencies, agencyCountries } from "../db/schema";
import { loadTechnologyTaxonomy } from "../app/modules/reference/technology-areas.server";
import { loadBaselineRuleSet } from "../app/modules/triage/rules.server";
import { DEFAULT_DEADLINES, RANKED_SEVERITIES } from "../app/modules/cases/labels";
import { addWorkingDays } from "../app/modules/cases/policy";
import { registerProject } from "../app/modules/projects/projects.server";
import { assessmentContext, sectionView } from "../app/modules/assessment/assessments.server";
import { latestQuestionnaireVersion } from "../app/modules/assessment/questionnaire.server";
import { actorFor, answerEverything, DEMO_PASSWORD, ensureInstitution, ensureUser, SURVEILLANCE_ANSWERS } from "../tests/factories";

export type SeedOptions = {
  /** Projects in the portfolio, across every institution (the submission fixtures come on top). */
  projects: number;
  /** Institutions, Benchmark University included; 500 by default. */
  institutions?: number;
  /** Benchmark University's share of the projects; 5 % by default, a large research university. */
  benchmarkShare?: number;
  /** Projects whose assessment is complete and waits to be submitted, one per submission request. */
  readyAssessments?: number;
  seed?: number;
};

export type SeedResult = {
  dbPath: string;
  password: string;
  accounts: { officer: string; researcher: string; analyst: string; submitter: string };
  counts: { institutions: number; users: number; projects: number; flags: number; cases: number; openCases: number; benchmarkProjects: number; benchmarkOpenCases: number };
  fixtures: {
    /** A project of the researcher with an assessment in progress, and a valid post of one of its parts. */
    sectionSave: { projectId: number; sectionId: string; form: [string, string][] };
    /** Projects of the submitter whose complete assessments each take one submission. */
    readyProjectIds: number[];
  };
  seconds: number;
};

const DAY = 86_400_000;
const COUNTRIES = ["DE", "FR", "NL", "BE", "SE", "FI", "DK", "IT", "ES", "PT", "AT", "PL", "CZ", "IE", "GB", "NO", "CH", "US", "CA", "JP"];
const FIRST = ["Ada", "Ben", "Clara", "David", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kaori", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sami", "Tomas", "Ula", "Viktor", "Wen", "Yara", "Zoltan"];
const LAST = ["Abara", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jansen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Peters", "Quist", "Rossi", "Schmidt", "Tanaka", "Urban", "Vogel", "Weber", "Xu", "Young", "Zimmer"];
const QUALITIES = ["Adaptive", "Scalable", "Robust", "Low-cost", "Open", "Secure", "Efficient", "Distributed", "Autonomous", "Precise", "Resilient", "Portable"];
const SUBJECTS = ["sensing", "imaging", "control", "modelling", "synthesis", "inference", "navigation", "storage", "spectroscopy", "fabrication", "encryption", "monitoring"];
const SETTINGS = ["for coastal waters", "in harsh environments", "at the nanoscale", "for rural clinics", "in urban traffic", "for small satellites", "on edge devices", "for crop science", "in power grids", "for public health", "in archives", "for disaster response"];
const LEVELS = ["none", "low", "low", "medium", "medium", "high", "critical"];
const OPEN_STATUSES = ["new", "new", "new", "new", "new", "new", "in_review", "in_review", "in_review", "in_review", "waiting_for_researcher", "waiting_for_researcher", "escalated"] as const;
const DECISIONS = ["no_concern", "no_concern", "no_concern", "mitigations_agreed", "mitigations_agreed", "exemption", "duplicate"] as const;

/** Writes the data set to a fresh file at `dbPath` (an existing file there is replaced). */
export async function seedDataset(dbPath: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const totalProjects = Math.max(1, Math.floor(options.projects));
  const institutionCount = Math.max(2, Math.floor(options.institutions ?? 500));
  const benchmarkShare = options.benchmarkShare ?? 0.05;
  const readyCount = options.readyAssessments ?? 0;
  const random = prng(options.seed ?? 20261201);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  for (const suffix of ["", "-wal", "-shm", "-journal"]) if (existsSync(dbPath + suffix)) rmSync(dbPath + suffix);
  const db = openDatabase(dbPath);
  const sqlite = db.$client;

  // The accounts the benchmarks sign in with get real argon2 hashes through the factories;
  // everyone else shares one precomputed hash, which saves a hash per user.
  const benchmark = await ensureInstitution(db, { name: "Benchmark University", country: "DE", domains: ["bench.example"] });
  const officer = await ensureUser(db, { email: "officer@bench.example", name: "Olivia Officer", role: "officer", password: DEMO_PASSWORD, institutionId: benchmark.id });
  const researcher = await ensureUser(db, { email: "researcher@bench.example", name: "Dr Rafael Researcher", role: "researcher", password: DEMO_PASSWORD, institutionId: benchmark.id });
  const agencyRow = db.insert(agencies).values({ name: "Benchmark Export Control Agency", slug: "benchmark-export-control-agency", createdAt: new Date() }).returning().get();
  db.insert(agencyCountries).values(["DE", "NL", "BE", "LU"].map((country) => ({ agencyId: agencyRow.id, country }))).run();
  const analyst = await ensureUser(db, { email: "analyst@bench-agency.example", name: "Anton Analyst", role: "analyst", password: DEMO_PASSWORD, agencyId: agencyRow.id });
  const bulkHash = officer.passwordHash!;

  // Seeding speed: one writer, no other connection, and the file is thrown away if this fails.
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("cache_size = -262144");
  sqlite.pragma("temp_store = MEMORY");

  const now = Date.now();
  const areas = loadTechnologyTaxonomy().areas;
  const rules = loadBaselineRuleSet().rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, dimension: r.dimension }));
  // Triage mostly raises medium and low flags; critical ones are rare.
  const ruleWeight: Record<string, number> = { critical: 1, high: 3, medium: 6, low: 5, info: 2 };
  const weightedRules = rules.flatMap((r) => Array.from({ length: ruleWeight[r.severity] ?? 1 }, () => r));
  const rankOf = (severity: string) => Math.max(0, RANKED_SEVERITIES.indexOf(severity as (typeof RANKED_SEVERITIES)[number]));
  const version = latestQuestionnaireVersion();
  const ruleSetVersion = loadBaselineRuleSet().version;

  // Projects per institution: Benchmark University takes its share; the others vary around an average.
  const benchmarkProjects = Math.min(totalProjects, Math.round(totalProjects * benchmarkShare));
  const weights = Array.from({ length: institutionCount - 1 }, () => 0.2 + random() * 1.6);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perInstitution = [benchmarkProjects, ...weights.map((w) => Math.floor(((totalProjects - benchmarkProjects) * w) / weightSum))];
  perInstitution[1]! += totalProjects - perInstitution.reduce((a, b) => a + b, 0);

  const base = (table: string) => ((sqlite.prepare(`select coalesce(max(id), 0) as n from ${table}`).get() as { n: number }).n);
  let institutionId = base("institutions");
  let userId = base("users");
  let projectId = base("projects");
  let flagId = base("flags");
  let caseId = base("cases");
  let eventId = base("case_events");
  let assessmentId = base("assessments");
  let decisionId = base("case_decisions");

  const insertInstitution = sqlite.prepare("insert into institutions (id, name, slug, country, created_at) values (?, ?, ?, ?, ?)");
  const insertDomain = sqlite.prepare("insert into institution_domains (domain, institution_id) values (?, ?)");
  const insertUser = sqlite.prepare(
    "insert into users (id, email, name, password_hash, role, institution_id, status, email_verified_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
  );
  const insertProject = sqlite.prepare(
    "insert into projects (id, institution_id, owner_id, title, summary, field, trl, start_date, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
  );
  const insertArea = sqlite.prepare("insert into project_technology_areas (project_id, area_id) values (?, ?)");
  const insertAssessment = sqlite.prepare(
    "insert into assessments (id, project_id, institution_id, questionnaire_version, status, answers, model_version, level_military, level_human_rights, level_itt, level_partner, factor_ids, started_by, started_at, updated_at, submitted_at) values (?, ?, ?, ?, 'submitted', '{}', 'bench', ?, ?, ?, ?, '[]', ?, ?, ?, ?)",
  );
  const insertFlag = sqlite.prepare(
    "insert into flags (id, institution_id, project_id, rule_id, rule_set_version, title, severity, dimension, evidence, status, opened_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
  );
  const insertCase = sqlite.prepare(
    "insert into cases (id, institution_id, project_id, status, is_open, severity, severity_rank, dimensions, assignee_id, opened_at, due_at, updated_at, closed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertEvent = sqlite.prepare("insert into case_events (id, case_id, institution_id, at, kind, summary, internal) values (?, ?, ?, ?, 'opened', ?, 1)");
  const insertDecision = sqlite.prepare(
    "insert into case_decisions (id, case_id, institution_id, kind, status, rationale, details, requested_by, requested_at) values (?, ?, ?, ?, 'in_force', ?, '{}', ?, ?)",
  );

  const counts = { institutions: 0, users: 3, projects: 0, flags: 0, cases: 0, openCases: 0, benchmarkProjects, benchmarkOpenCases: 0 };
  const dueAt = new Map<string, number>();
  const due = (openedAt: number, severity: string) => {
    // Due dates depend only on the day and the severity: cache them per day.
    const day = Math.floor(openedAt / DAY);
    const key = `${day}:${severity}`;
    let offset = dueAt.get(key);
    if (offset === undefined) {
      offset = addWorkingDays(new Date(day * DAY), DEFAULT_DEADLINES[severity as keyof typeof DEFAULT_DEADLINES] ?? 60).getTime() - day * DAY;
      dueAt.set(key, offset);
    }
    return openedAt + offset;
  };

  sqlite.transaction(() => {
    for (let k = 0; k < institutionCount; k++) {
      const projectCount = perInstitution[k]!;
      let inst: number;
      let officers: number[];
      let researchers: number[];
      if (k === 0) {
        inst = benchmark.id;
        officers = [officer.id];
        researchers = [researcher.id];
      } else {
        inst = ++institutionId;
        insertInstitution.run(inst, `University ${k} of ${pick(SUBJECTS)}`, `university-${k}`, pick(COUNTRIES), now - 900 * DAY);
        insertDomain.run(`uni-${k}.example`, inst);
        counts.institutions++;
        officers = [];
        researchers = [];
      }
      const domain = k === 0 ? "bench.example" : `uni-${k}.example`;
      // A large office has several officers; every office has at least one.
      const officerCount = k === 0 ? 5 : 1 + Math.min(2, Math.floor(projectCount / 1500));
      while (officers.length < officerCount) {
        const id = ++userId;
        insertUser.run(id, `officer${id}@${domain}`, `${pick(FIRST)} ${pick(LAST)}`, bulkHash, "officer", inst, now - 800 * DAY, now - 800 * DAY, now - 800 * DAY);
        officers.push(id);
      }
      // A principal investigator runs about four projects.
      const researcherCount = Math.max(1, Math.ceil(projectCount / 4));
      while (researchers.length < researcherCount) {
        const id = ++userId;
        insertUser.run(id, `pi${id}@${domain}`, `${pick(FIRST)} ${pick(LAST)}`, bulkHash, "researcher", inst, now - 700 * DAY, now - 700 * DAY, now - 700 * DAY);
        researchers.push(id);
      }
      counts.users += officerCount + researcherCount - (k === 0 ? 2 : 0);

      for (let p = 0; p < projectCount; p++) {
        const id = ++projectId;
        const owner = researchers[Math.floor(random() * researchers.length)]!;
        const area = pick(areas);
        const createdAt = now - Math.floor(random() * 720) * DAY - Math.floor(random() * DAY);
        const trl = 1 + Math.floor(random() * 7);
        insertProject.run(id, inst, owner, `${pick(QUALITIES)} ${pick(SUBJECTS)} ${pick(SETTINGS)}`, `Synthetic project ${id}: ${area.label.toLowerCase()} at readiness level ${trl}.`, area.label, trl, new Date(createdAt).toISOString().slice(0, 10), createdAt, createdAt);
        insertArea.run(id, area.id);
        if (random() < 0.4) {
          const second = pick(areas);
          if (second.id !== area.id) insertArea.run(id, second.id);
        }
        const submittedAt = createdAt + Math.floor(random() * 20) * DAY;
        insertAssessment.run(++assessmentId, id, inst, version, pick(LEVELS), pick(LEVELS), pick(LEVELS), pick(LEVELS), owner, createdAt, submittedAt, submittedAt);
        counts.projects++;

        if (random() >= 0.3) continue;
        // A flagged project: one to three rules fired, and the case that groups them.
        const open = random() < 0.8;
        const openedAt = open ? now - Math.floor(-Math.log(1 - random()) * 12 * DAY) : submittedAt;
        const fired = new Set<(typeof rules)[number]>();
        const firing = 1 + Math.floor(random() * random() * 3);
        while (fired.size < firing) fired.add(pick(weightedRules));
        let rank = 4;
        const dims = new Set<string>();
        const titles: string[] = [];
        for (const rule of fired) {
          insertFlag.run(++flagId, inst, id, rule.id, ruleSetVersion, rule.title, rule.severity, rule.dimension, `[{"type":"trl","trl":${trl}}]`, openedAt, openedAt);
          rank = Math.min(rank, rankOf(rule.severity));
          dims.add(rule.dimension);
          titles.push(rule.title);
          counts.flags++;
        }
        const severity = RANKED_SEVERITIES[rank]!;
        const status = open ? pick(OPEN_STATUSES) : "closed";
        const assignee = status === "new" ? null : officers[Math.floor(random() * officers.length)]!;
        const closedAt = open ? null : openedAt + (1 + Math.floor(random() * 30)) * DAY;
        const cid = ++caseId;
        insertCase.run(cid, inst, id, status, open ? 1 : 0, severity, rank, `,${[...dims].sort().join(",")},`, assignee, openedAt, due(openedAt, severity), closedAt ?? openedAt, closedAt);
        insertEvent.run(++eventId, cid, inst, openedAt, `Case opened by triage at ${severity} severity: ${titles.join("; ")}.`);
        if (!open) insertDecision.run(++decisionId, cid, inst, pick(DECISIONS), "Reviewed with the researcher; see the case record.", assignee, closedAt);
        counts.cases++;
        if (open) {
          counts.openCases++;
          if (k === 0) counts.benchmarkOpenCases++;
        }
      }
    }
  })();
  counts.institutions++;

  // Back to the pragmas the application runs with.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");

  // Assessments in progress, built through the same verbs the pages use.
  const sectionSave = await assessmentInProgress(db, researcher.email);
  const readyProjectIds = readyCount > 0 ? await readyToSubmit(db, readyCount) : [];
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return {
    dbPath,
    password: DEMO_PASSWORD,
    accounts: { officer: officer.email, researcher: researcher.email, analyst: analyst.email, submitter: SUBMITTER },
    counts,
    fixtures: { sectionSave, readyProjectIds },
    seconds: (performance.now() - started) / 1000,
  };
}

const SUBMITTER = "submitter@bench-institute.example";
const READY_PROJECT = {
  title: "Crowd-emotion recognition in public video",
  summary: "Models that estimate the mood of crowds from street-camera footage, piloted with a partner abroad.",
  field: "Computer vision",
  technologyAreas: ["biometrics-surveillance", "ai-machine-learning"],
  trl: 3,
  startDate: "2026-03-01",
  endDate: "2029-02-28",
};

/** Registers a project and answers every part of its assessment without submitting it. */
function registerAndAnswer(db: Db, email: string, title: string) {
  const actor = actorFor(db, email);
  const project = registerProject(db, actor, { ...READY_PROJECT, title });
  answerEverything(db, actor, project.id, SURVEILLANCE_ANSWERS);
  return { actor, project };
}

/** The researcher's assessment in progress, and one of its parts as the browser would post it. */
async function assessmentInProgress(db: Db, email: string) {
  const { actor, project } = registerAndAnswer(db, email, READY_PROJECT.title);
  const context = assessmentContext(db, actor, project.id);
  // The part with the most questions on screen, answered as before.
  const views = context.sections.map((s) => sectionView(context, s.id));
  const view = views.reduce((best, v) => (v.questions.length > best.questions.length ? v : best));
  const form: [string, string][] = [];
  for (const question of view.questions) {
    const answer = context.assessment.answers[question.id];
    for (const value of [answer ?? []].flat()) form.push([question.id, String(value)]);
  }
  form.push(["intent", "continue"]);
  return { projectId: project.id, sectionId: view.section.id, form };
}

/**
 * A separate institution whose researcher has `count` projects with complete assessments, so
 * every submission request submits a different one (a submission happens once per assessment).
 */
async function readyToSubmit(db: Db, count: number): Promise<number[]> {
  const institute = await ensureInstitution(db, { name: "Benchmark Institute of Technology", country: "DE", domains: ["bench-institute.example"] });
  await ensureUser(db, { email: "officer@bench-institute.example", name: "Ingrid Institute-Officer", role: "officer", password: DEMO_PASSWORD, institutionId: institute.id });
  await ensureUser(db, { email: SUBMITTER, name: "Dr Sven Submitter", role: "researcher", password: DEMO_PASSWORD, institutionId: institute.id });
  const { project } = registerAndAnswer(db, SUBMITTER, `${READY_PROJECT.title} (template)`);
  const sqlite = db.$client;
  const template = sqlite.prepare("select * from assessments where project_id = ? and status = 'in_progress'").get(project.id) as { answers: string; started_by: number; questionnaire_version: string };
  const projectRow = sqlite.prepare("select * from projects where id = ?").get(project.id) as { owner_id: number; summary: string; field: string; trl: number; start_date: string; end_date: string; status: string };
  const insertProject = sqlite.prepare(
    "insert into projects (institution_id, owner_id, title, summary, field, trl, start_date, end_date, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertArea = sqlite.prepare("insert into project_technology_areas (project_id, area_id) values (?, ?)");
  const insertAssessment = sqlite.prepare(
    "insert into assessments (project_id, institution_id, questionnaire_version, status, answers, started_by, started_at, updated_at) values (?, ?, ?, 'in_progress', ?, ?, ?, ?)",
  );
  const ids: number[] = [];
  const at = Date.now();
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = Number(insertProject.run(institute.id, projectRow.owner_id, `${READY_PROJECT.title} ${i + 1}`, projectRow.summary, projectRow.field, projectRow.trl, projectRow.start_date, projectRow.end_date, projectRow.status, at, at).lastInsertRowid);
      for (const area of READY_PROJECT.technologyAreas) insertArea.run(id, area);
      insertAssessment.run(id, institute.id, template.questionnaire_version, template.answers, template.started_by, at, at);
      ids.push(id);
    }
  })();
  return ids;
}

// --- on its own ---------------------------------------------------------------------------------

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1]! : fallback;
  };
  const projects = Number(arg("projects", "10000"));
  const out = path.resolve(arg("out", `.tmp/bench-${projects}.db`));
  const result = await seedDataset(out, { projects, institutions: Number(arg("institutions", "500")), readyAssessments: Number(arg("ready", "0")) });
  console.log(`${result.counts.projects.toLocaleString("en")} projects, ${result.counts.cases.toLocaleString("en")} cases (${result.counts.openCases.toLocaleString("en")} open), ${result.counts.users.toLocaleString("en")} users in ${result.seconds.toFixed(1)} s`);
  console.log(`Benchmark University: ${result.counts.benchmarkProjects.toLocaleString("en")} projects, ${result.counts.benchmarkOpenCases.toLocaleString("en")} open cases; file ${out}`);
}
