// Every tenant-scoped query the app issues finds its rows through an index, never by reading a
// tenant table whole. The module functions the pages' loaders and actions call are run for each
// role on a seeded database, every SQL text they prepare is recorded, and the plan SQLite makes
// for it (EXPLAIN QUERY PLAN, parameters bound to 1) is checked.
//
// The rule:
// - A tenant table is a table of the database with an institution_id column, plus the child
//   tables that hold a tenant's data only under a parent key (CHILD_TABLES). Virtual tables are
//   not: the library's FTS5 index is searched through MATCH, its institution_id is UNINDEXED by
//   design (0 for articles everyone reads) and filtered on the handful of rows that match.
// - Each step of a plan that reads a tenant table must be a SEARCH that starts from something
//   the caller already holds:
//     · the row's primary key (a record already found and scoped, or about to be checked), or
//     · an index whose first column is the tenant: institution_id, or agency_id for an agency's
//       analysts, or
//     · an index whose first column is the key of a parent that is itself scoped before the
//       query runs (project_id, case_id, warning_id, organisation_id) or the acting person
//       (user_id, actor_user_id): such an index only reaches the rows of one parent, which belongs
//       to one tenant, or
//     · a unique index with every column given (a point lookup: a token hash, a slug, an e-mail).
// - A SCAN of a tenant table fails, whether or not SQLite walks it through an index: walking a
//   whole index led by institution_id still reads every tenant's entries. So does an AUTOMATIC
//   index, which SQLite builds by reading the whole table.
// - The system-wide jobs, and the administrators' pages that read across tenants by design, are
//   exempt, each with its reason (EXEMPT below). Their statements are recorded but not held to
//   the rule, unless a tenant-scoped call issues the same statement.
//
// Plans are read as production makes them: production never runs ANALYZE (db/client.server.ts
// opens the file with pragmas only), so there is no sqlite_stat1 and the planner decides from the
// schema and the query alone. The few thousand rows seeded below make the loaders run over a
// realistic portfolio (every branch, several pages of results); they do not steer the plans, and
// the test does not run ANALYZE either.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client.server";
import { openDatabase } from "../../db/client.server";
import { assessments, auditEvents, cases, libraryReads, projects, users } from "../../db/schema";
import { actorFor, answerAndSubmit, BENIGN_ANSWERS, SURVEILLANCE_ANSWERS, DEMO_PASSWORD, ensureAgency, ensureCase, ensureUser, ensureWarning, seedDemo, seedDemoProjects, seedTrendHistory } from "../factories";
import { freshDatabasePath } from "../support/server";
import { agencyTrends, closedQuarters, institutionTrends } from "../../app/modules/aggregates/aggregates.server";
import { authenticateApiToken, createApiToken, institutionActor, listApiTokens, revokeApiToken } from "../../app/modules/api/tokens.server";
import { assessmentContext, getAssessmentResult, saveSection, sectionView, startAssessment } from "../../app/modules/assessment/assessments.server";
import { listAuditEvents } from "../../app/modules/audit/audit.server";
import { signIn } from "../../app/modules/auth/accounts.server";
import { twoStepStatus } from "../../app/modules/auth/mfa.server";
import { listOwnSessions, validateSessionToken } from "../../app/modules/auth/session.server";
import { addNote, answerCase, askResearcher, assignCase, bulkUpdate, caseCounts, caseDeadlines, caseFor, caseRecord, claimCase, decideCase, exportQueue, listOfficers, listQueue, openCaseOfProject, reopenDueReviews, researcherConversation, retentionYearsOf, saveCaseDeadlines, syncCases } from "../../app/modules/cases/cases.server";
import { officeDashboard } from "../../app/modules/cases/dashboard.server";
import { parseDecisionForm, parseQueueFilters, type QueueFilters } from "../../app/modules/cases/schema";
import { DEFAULT_DEADLINES } from "../../app/modules/cases/labels";
import { adminOutbox } from "../../app/modules/email/outbox.server";
import { listSuppressions } from "../../app/modules/email/webhooks.server";
import { getAgency, getInstitution, listAgencies, listInstitutions } from "../../app/modules/institutions/institutions.server";
import { getArticle, getOwnArticle, libraryTags, libraryUsage, listOwnArticles, newAndUpdated, recommendForProfile, recordFeedback, recordRead, saveOwnArticle, searchLibrary } from "../../app/modules/library/library.server";
import { buildDigests, preferencesView, runNudgePolicy, savePreferences } from "../../app/modules/nudges/nudges.server";
import { DIGEST_HOUR_UTC } from "../../app/modules/nudges/kinds";
import { applyRetention, deleteOwnAccount, exportPersonalData } from "../../app/modules/people/personal-data.server";
import { countPeopleByRole, getInstitutionPerson, getPerson, listComplianceContacts, listInstitutionPeople, listOpenInvitations, listPeople, organisationChoices } from "../../app/modules/people/people.server";
import { importProjects } from "../../app/modules/projects/import.server";
import { addFunder, addMember, addPartner, getProject, listProjects, registerProject, updateProject } from "../../app/modules/projects/projects.server";
import { listCountryTiers, setCountryTier } from "../../app/modules/reference/country-tiers.server";
import { listInstitutionMatches, listScreeningDecisions, listScreeningLists, recordScreeningDecision, rescreenAll, screenForInstitution } from "../../app/modules/screening/screening.server";
import { settingsFromForm } from "../../app/modules/triage/settings-form.server";
import { flagsForProject, listFlags, listOpenFlags, listPatterns, retriageEverything, retriageInstitution, ruleSettingsView, saveRuleSettings, simulateRules, triageProjects } from "../../app/modules/triage/triage.server";
import { loadBaselineRuleSet } from "../../app/modules/triage/rules.server";
import { DIMENSION_LABELS } from "../../app/modules/cases/labels";
import { acknowledgeWarning, answerAgency, askInstitution, buildPacket, closeWarning, escalateCase, escalationOptions, getWarning, inboxCounts, listInbox, listWarningsForAgency, warningsForCase } from "../../app/modules/warnings/warnings.server";
import { areaOptions } from "../../app/modules/projects/projects.server";

/** Tables that carry no institution_id but hold a tenant's rows under a parent key. */
const CHILD_TABLES: Record<string, string> = { project_members: "project_id", project_technology_areas: "project_id" };

/** First columns of an index that scope a search to one tenant, one scoped parent, or the acting person. */
const SCOPING_COLUMNS = new Set(["institution_id", "agency_id", "project_id", "case_id", "warning_id", "organisation_id", "user_id", "actor_user_id"]);

/** Calls that are not tenant-scoped, and why. */
const EXEMPT: Record<string, string> = {
  reopenDueReviews: "a system-wide job: every institution's decided cases whose review day has come reopen on that day (cases_review_idx, led by status)",
  runNudgePolicy: "a system-wide job: the nudges' policy looks at every institution's cases, assessments and warnings for what is due",
  buildDigests: "a system-wide job: the daily summaries gather every person's waiting e-mails",
  retriageEverything: "a system-wide job: triage's whole-portfolio pass over every institution after a rule-set or list change",
  rescreenAll: "a system-wide job: every organisation of every institution is screened again after a list import",
  applyRetention: "a system-wide job: closed cases of every institution lose personal data after their office's retention period",
  "admin:listInstitutions": "administrators administer every tenant: their lists read across institutions by design",
  "admin:listAgencies": "administrators administer every tenant: their lists read across institutions by design",
  "admin:countPeopleByRole": "administrators administer every tenant: their lists read across institutions by design",
  "admin:listOpenInvitations": "administrators administer every tenant: their lists read across institutions by design",
  "admin:listPeople": "administrators administer every tenant: their lists read across institutions by design",
  "admin:organisationChoices": "administrators administer every tenant: their lists read across institutions by design",
  "admin:listAuditEvents": "administrators read the whole audit trail, newest first, across institutions (by id)",
  "admin:adminOutbox": "administrators read the outbox of every institution; e-mail rows carry no tenant",
  "admin:listSuppressions": "administrators read the suppression list of every institution; it carries no tenant",
  "admin:getPerson": "administrators open any person of any institution",
  "admin:getInstitution": "administrators open any institution",
  "admin:getAgency": "administrators open any agency",
};

type Recorded = { sql: string; calls: Set<string> };

let db: Db;
const recorded = new Map<string, Recorded>();
let current: string | null = null;
const problems: string[] = [];

/** Runs one module call with its statements recorded under its label. */
async function call(label: string, run: () => unknown) {
  current = label;
  try {
    await run();
  } catch (error) {
    // A call that fails here is a mistake in this test's set-up, not a plan to judge: say which.
    problems.push(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    current = null;
  }
}

function tenantTables(sqlite: Db["$client"]) {
  const tables = (sqlite.prepare("pragma main.table_list").all() as { name: string; type: string }[]).filter((t) => t.type === "table" && !t.name.startsWith("sqlite_"));
  const out = new Map<string, string>();
  for (const { name } of tables) {
    const columns = (sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    if (columns.includes("institution_id")) out.set(name, "institution_id");
    else if (name in CHILD_TABLES) out.set(name, CHILD_TABLES[name]!);
  }
  return out;
}

const KEYWORDS = new Set(["where", "join", "left", "right", "inner", "outer", "cross", "on", "using", "order", "group", "limit", "set", "values", "as", "natural", "union", "select", "having", "window", "returning"]);

/** The tables a statement names, with their aliases (a plan step names the alias). */
function tablesOf(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:from|join|update|into)\s+"?([A-Za-z_][\w]*)"?(?:\s+(?:as\s+)?"?([A-Za-z_][\w]*)"?)?/gi)) {
    const table = m[1]!;
    out.set(table, table);
    const alias = m[2];
    if (alias && !KEYWORDS.has(alias.toLowerCase())) out.set(alias, table);
  }
  return out;
}

type Index = { firstColumn: string | null; unique: boolean; columns: number };

function indexInfo(sqlite: Db["$client"], table: string, name: string): Index {
  const columns = sqlite.prepare(`pragma index_info("${name}")`).all() as { name: string | null }[];
  const listed = (sqlite.prepare(`pragma index_list("${table}")`).all() as { name: string; unique: number }[]).find((i) => i.name === name);
  return { firstColumn: columns[0]?.name ?? null, unique: Boolean(listed?.unique), columns: columns.length };
}

/** What is wrong with one plan step on a tenant table, or null when it finds its rows through a scoping index. */
function judge(sqlite: Db["$client"], table: string, detail: string): string | null {
  if (/^SCAN /.test(detail)) return `reads the whole of ${table}: ${detail}`;
  const search = detail.match(/^SEARCH \S+(?: EXISTS)? USING (INTEGER PRIMARY KEY|PRIMARY KEY|COVERING INDEX|INDEX|AUTOMATIC (?:PARTIAL )?(?:COVERING )?INDEX)\s*(\S+)?\s*(?:\((.*)\))?/);
  if (!search) return `a plan step this test cannot read: ${detail}`;
  const [, how, name, constraint = ""] = search;
  if (how!.startsWith("AUTOMATIC")) return `builds a temporary index over the whole of ${table}: ${detail}`;
  if (how === "INTEGER PRIMARY KEY") return null;
  if (how === "PRIMARY KEY") {
    // A composite primary key: an index named sqlite_autoindex_<table>_N.
    const pk = (sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string; pk: number }[]).filter((c) => c.pk > 0).sort((a, b) => (a as { pk: number }).pk - (b as { pk: number }).pk);
    return pk[0] && SCOPING_COLUMNS.has(pk[0].name) ? null : `searches ${table} by a primary key led by ${pk[0]?.name}, not by the tenant: ${detail}`;
  }
  const index = indexInfo(sqlite, table, name!);
  if (index.firstColumn && SCOPING_COLUMNS.has(index.firstColumn)) return null;
  const given = constraint.split(" AND ").filter((c) => /=\?$/.test(c)).length;
  if (index.unique && given >= index.columns) return null;
  return `searches ${table} through ${name}, led by ${index.firstColumn}, not by the tenant or a scoped parent: ${detail}`;
}

/** The plan, with every parameter (positional or named) bound to 1: without statistics the value does not change it. */
function explain(sqlite: Db["$client"], sql: string): string[] {
  const unquoted = sql.replace(/'(?:[^']|'')*'/g, "''");
  const positional = (unquoted.match(/\?/g) ?? []).length;
  const named = Object.fromEntries([...unquoted.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => [m[1]!, 1]));
  const statement = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = Object.keys(named).length ? statement.all(named) : statement.all(...Array<number>(positional).fill(1));
  return (rows as { detail: string }[]).map((r) => r.detail);
}

beforeAll(async () => {
  db = openDatabase(freshDatabasePath(), { migrate: false });
  const sqlite = db.$client;

  // ── The world: two institutions, an agency, every role, and a realistic portfolio ──────
  const world = await seedDemo(db);
  await seedDemoProjects(db);
  const now = new Date();
  const quarters = closedQuarters(now, 4);
  await seedTrendHistory(db, { institutionId: world.institutions.demo.id, ownerEmail: "archive@demo-university.example", quarters, perQuarter: 150, seed: 3 });
  await seedTrendHistory(db, { institutionId: world.institutions.second.id, ownerEmail: "archive@second-university.example", quarters, perQuarter: 75, seed: 5 });
  // A second agency that also covers Germany, to escalate a case to besides the first one.
  const second = await ensureAgency(db, { name: "Second Agency", countries: ["DE", "AT"] });
  await ensureUser(db, { email: "second-officer@demo-university.example", name: "Otto Second", role: "officer", institutionId: world.institutions.demo.id, password: DEMO_PASSWORD });
  // Open cases at both institutions, and a trail of audit events and library reads.
  const demoProjects = db.select({ id: projects.id }).from(projects).where(eq(projects.institutionId, world.institutions.demo.id)).limit(60).all();
  const secondProjects = db.select({ id: projects.id }).from(projects).where(eq(projects.institutionId, world.institutions.second.id)).limit(30).all();
  for (const p of [...demoProjects, ...secondProjects]) ensureCase(db, p.id, { severity: ["critical", "high", "medium", "low"][p.id % 4] });
  const people = db.select({ id: users.id, institutionId: users.institutionId, agencyId: users.agencyId, role: users.role }).from(users).all();
  db.transaction((tx) => {
    for (let i = 0; i < 3000; i++) {
      const who = people[i % people.length]!;
      tx.insert(auditEvents).values({ at: new Date(now.getTime() - i * 60_000), actorUserId: who.id, actorRole: who.role, institutionId: who.institutionId, agencyId: who.agencyId, action: i % 3 ? "project.update" : "auth.login", outcome: "success" }).run();
      if (who.institutionId) tx.insert(libraryReads).values({ userId: who.id, institutionId: who.institutionId, slug: i % 2 ? "what-is-intangible-technology-transfer" : "red-flags-in-requests-and-contacts", at: new Date(now.getTime() - i * 3_600_000) }).run();
    }
  });
  const total = (sqlite.prepare("select (select count(*) from projects) + (select count(*) from flags) + (select count(*) from project_partners) + (select count(*) from audit_events) as n").get() as { n: number }).n;
  expect(total, "rows seeded").toBeGreaterThan(5000);

  // ── Record every statement prepared from here on ─────────────────────────────────────────
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    if (current) {
      const text = source.trim();
      const entry = recorded.get(text) ?? { sql: text, calls: new Set<string>() };
      entry.calls.add(current);
      recorded.set(text, entry);
    }
    return prepare(source);
  }) as typeof sqlite.prepare;

  const researcher = actorFor(db, "researcher@demo-university.example");
  const officer = actorFor(db, "officer@demo-university.example");
  const otherOfficer = actorFor(db, "second-officer@demo-university.example");
  const analyst = actorFor(db, "agency@export-agency.example");
  const admin = actorFor(db, "admin@upstream.example");
  const origin = { ip: "127.0.0.1", userAgent: "query-plans" };
  const institutionId = world.institutions.demo.id;
  const crowd = db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
  const knot = db.select().from(projects).where(eq(projects.title, "Knot invariants of three-manifolds")).get()!;
  const swarm = db.select().from(projects).where(eq(projects.title, "Swarm navigation for underwater gliders")).get()!;
  const crowdCase = ensureCase(db, crowd.id);
  const knotCase = ensureCase(db, knot.id);
  const warningId = ensureWarning(db, crowdCase, analyst.agencyId!);
  const submitted = db.select().from(assessments).where(eq(assessments.projectId, crowd.id)).all().find((a) => a.status === "submitted")!;
  const areas = new Set(areaOptions().map((a) => a.id));
  const queue = (query: string): QueueFilters => parseQueueFilters(new URLSearchParams(query), { areas, dimensions: new Set(Object.keys(DIMENSION_LABELS)) });
  const ruleSet = loadBaselineRuleSet();
  const allEnabled = Object.fromEntries(ruleSet.rules.map((r) => [`enabled:${r.id}`, "on"]));

  // ── Signing in and every request's session ──────────────────────────────────────────────
  let sessionToken = "";
  await call("signIn", async () => {
    sessionToken = (await signIn(db, { email: researcher.email, password: DEMO_PASSWORD }, origin)).token ?? "";
  });
  await call("validateSessionToken", () => validateSessionToken(db, sessionToken));
  await call("listOwnSessions", () => listOwnSessions(db, researcher));

  // ── Researcher ──────────────────────────────────────────────────────────────────────────
  const r = (name: string, run: () => unknown) => call(`researcher:${name}`, run);
  await r("listProjects", () => listProjects(db, researcher));
  await r("getInstitution", () => getInstitution(db, researcher, institutionId));
  await r("listComplianceContacts", () => listComplianceContacts(db, researcher));
  await r("getProject", () => getProject(db, researcher, crowd.id));
  await r("getAssessmentResult", () => getAssessmentResult(db, researcher, crowd.id, submitted.id));
  await r("recommendForProfile", () => recommendForProfile(db, researcher, getAssessmentResult(db, researcher, crowd.id, submitted.id).profile, ["biometrics-surveillance"]));
  await r("openCaseOfProject", () => openCaseOfProject(db, institutionId, crowd.id));
  await r("researcherConversation", () => researcherConversation(db, researcher, crowd.id));
  await r("assessmentContext", () => sectionView(assessmentContext(db, researcher, swarm.id), "about-the-work"));
  await r("saveSection", () => saveSection(db, researcher, swarm.id, "about-the-work", BENIGN_ANSWERS, "autosave"));
  await r("preferencesView", () => preferencesView(db, researcher));
  await r("savePreferences", () => savePreferences(db, researcher, { "assessment-reminder": "digest" }, origin));
  await r("searchLibrary", () => searchLibrary(db, researcher, { q: "partner screening", tag: undefined }));
  await r("libraryTags", () => libraryTags(db, researcher));
  await r("newAndUpdated", () => newAndUpdated(db, researcher));
  await r("getArticle", () => getArticle(db, researcher, "what-is-intangible-technology-transfer"));
  await r("recordRead", () => recordRead(db, researcher, "what-is-intangible-technology-transfer"));
  await r("recordFeedback", () => recordFeedback(db, researcher, "what-is-intangible-technology-transfer", { useful: true, comment: null }));
  await r("exportPersonalData", () => exportPersonalData(db, researcher));
  await r("twoStepStatus", () => twoStepStatus(db, researcher));

  // ── Officer ─────────────────────────────────────────────────────────────────────────────
  const o = (name: string, run: () => unknown) => call(`officer:${name}`, run);
  await o("caseCounts", () => caseCounts(db, officer));
  await o("getInstitution", () => getInstitution(db, officer, institutionId));
  await o("listInstitutionPeople", () => listInstitutionPeople(db, officer));
  await o("getInstitutionPerson", () => getInstitutionPerson(db, officer, researcher.userId));
  for (const query of ["", "status=all", "status=in_review&sort=due", "severity=high&sort=age", "dimension=partner&sort=updated", "assignee=me", "assignee=none&overdue=1", "area=ai-machine-learning", "country=CN", "q=crowd", "page=2"]) {
    await o(`listQueue?${query}`, () => listQueue(db, officer, queue(query)));
  }
  await o("exportQueue(ids)", () => exportQueue(db, officer, { ids: [crowdCase, knotCase] }));
  await o("exportQueue(filters)", () => exportQueue(db, officer, { filters: queue("status=all") }));
  await o("listOfficers", () => listOfficers(db, officer));
  await o("caseFor", () => caseFor(db, officer, crowdCase));
  await o("caseRecord", () => caseRecord(db, officer, crowdCase));
  await o("getProject", () => getProject(db, officer, crowd.id));
  await o("getAssessmentResult", () => getAssessmentResult(db, officer, crowd.id, submitted.id));
  await o("flagsForProject", () => flagsForProject(db, officer, crowd.id));
  await o("listPatterns", () => listPatterns(db, officer));
  await o("caseDeadlines", () => caseDeadlines(db, institutionId));
  await o("retentionYearsOf", () => retentionYearsOf(db, institutionId));
  await o("saveCaseDeadlines", () => saveCaseDeadlines(db, officer, { ...DEFAULT_DEADLINES }, 10, origin));
  await o("officeDashboard", () => officeDashboard(db, officer));
  await o("institutionTrends", () => institutionTrends(db, officer));
  await o("listOpenFlags", () => listOpenFlags(db, officer));
  await o("listOpenFlags(filtered)", () => listOpenFlags(db, officer, { severity: "high", ruleId: "partner-screening-strong", projectId: crowd.id }));
  await o("ruleSettingsView", () => ruleSettingsView(db, officer));
  await o("simulateRules", () => simulateRules(db, institutionId, { settings: settingsFromForm(ruleSet, allEnabled) }));
  await o("listCountryTiers", () => listCountryTiers(db, officer));
  await o("listProjects", () => listProjects(db, officer));
  await o("screenForInstitution", () => screenForInstitution(db, officer, { name: "Harbin Institute of Technology", country: "CN" }));
  await o("listScreeningDecisions", () => listScreeningDecisions(db, officer));
  await o("listInstitutionMatches", () => listInstitutionMatches(db, officer));
  await o("listScreeningLists", () => listScreeningLists(db));
  await o("libraryUsage", () => libraryUsage(db, officer));
  await o("listOwnArticles", () => listOwnArticles(db, officer));
  let articleId = 0;
  await o("saveOwnArticle", () => {
    articleId = saveOwnArticle(db, officer, null, { title: "Our office's guide to partners", summary: "How the office checks partners before a project starts.", audience: "both", topics: ["partners"], body: "# Partners\n\nThe office checks every partner against the screening lists." }, origin).id;
  });
  await o("getOwnArticle", () => getOwnArticle(db, officer, articleId));
  let tokenId = 0;
  let token = "";
  await o("createApiToken", () => {
    ({ id: tokenId, token } = createApiToken(db, officer, "Research information system", origin));
  });
  await o("listApiTokens", () => listApiTokens(db, officer));
  await o("claimCase", () => claimCase(db, officer, knotCase, origin));
  await o("assignCase", () => assignCase(db, officer, knotCase, otherOfficer.userId, origin));
  await o("askResearcher", () => askResearcher(db, officer, crowdCase, "Which partner provides the footage?", origin));
  await r("answerCase", () => answerCase(db, researcher, crowd.id, "A public data set, under its licence.", origin));
  await o("addNote", () => addNote(db, officer, crowdCase, "Checked the partner registry.", origin));
  await o("bulkUpdate", () => bulkUpdate(db, officer, demoProjects.slice(0, 10).map((p) => db.select({ id: cases.id }).from(cases).where(eq(cases.projectId, p.id)).get()!.id), { status: "in_review" }, origin));
  const decision = parseDecisionForm({ kind: "no_concern", rationale: "Basic research without controlled items or listed partners." }, now.toISOString().slice(0, 10));
  if (decision.ok) await o("decideCase", () => decideCase(db, officer, knotCase, decision.decision, origin));
  await o("escalationOptions", () => escalationOptions(db, officer, crowdCase));
  await o("buildPacket", () => buildPacket(db, officer, crowdCase, { urgency: "routine", concern: "The partner is listed and the work advances surveillance.", includePi: false, piReason: null }));
  await o("escalateCase", () => escalateCase(db, officer, crowdCase, { agencyIds: [second.id], urgency: "priority", concern: "The partner is listed and the work advances surveillance.", includePi: false, piReason: null }, origin));
  await o("warningsForCase", () => warningsForCase(db, officer, crowdCase));
  // The JSON API, as an institution's system calls it.
  await o("api:authenticateApiToken", () => authenticateApiToken(db, `Bearer ${token}`));
  await o("api:listFlags", () => listFlags(db, institutionActor(db, authenticateApiToken(db, `Bearer ${token}`)!), { status: "open", severity: "high", projectId: crowd.id, before: 1_000_000 }));
  await o("api:importProjects", () =>
    importProjects(db, institutionId, [{ externalId: "RIS-1", principalInvestigator: researcher.email, title: "Imported for the query plans", summary: "Imported from the research information system.", field: "Databases", technologyAreas: ["pure-mathematics"], trl: 2, partners: [{ name: "Tampere University", country: "FI", kind: "university", role: "Runs the trials" }], funders: [], answers: BENIGN_ANSWERS }], { kind: "api", name: "RIS" }),
  );
  await o("revokeApiToken", () => revokeApiToken(db, officer, tokenId, origin));

  // ── Analyst ─────────────────────────────────────────────────────────────────────────────
  const a = (name: string, run: () => unknown) => call(`analyst:${name}`, run);
  await a("inboxCounts", () => inboxCounts(db, analyst));
  for (const status of ["open", "all", "new", "closed"] as const) await a(`listInbox?status=${status}`, () => listInbox(db, analyst, { status }));
  await a("getWarning", () => getWarning(db, analyst, warningId));
  await a("acknowledgeWarning", () => acknowledgeWarning(db, analyst, warningId, origin));
  await a("askInstitution", () => askInstitution(db, analyst, warningId, "Which models were shared with the partner?", origin));
  await o("answerAgency", () => answerAgency(db, officer, warningId, "Only the published ones.", origin));
  await a("closeWarning", () => closeWarning(db, analyst, warningId, "guidance_given", null, origin));
  await a("agencyTrends", () => agencyTrends(db, analyst));
  await a("listApiTokens", () => listApiTokens(db, analyst));
  await a("api:listWarningsForAgency", () => listWarningsForAgency(db, analyst.agencyId!, { status: "closed", since: new Date(0), until: now, before: 1_000_000 }));

  // ── Changes that re-triage the portfolio (they close the test's flags, so they come last) ──
  await r("registerProject", () => registerProject(db, researcher, { title: "Plans of queries", summary: "A project registered while recording the queries of the portal.", field: "Databases", technologyAreas: ["pure-mathematics"], trl: 2, startDate: null, endDate: null }, origin));
  const planned = db.select().from(projects).where(eq(projects.title, "Plans of queries")).get()!;
  await r("updateProject", () => updateProject(db, researcher, planned.id, { title: "Plans of queries", summary: "A project registered while recording the queries of the portal.", field: "Databases", technologyAreas: ["pure-mathematics", "ai-machine-learning"], trl: 3, startDate: null, endDate: null }, origin));
  await r("addPartner", () => addPartner(db, researcher, planned.id, { name: "Harbin Institute of Technology", country: "CN", kind: "university", role: "Co-develops the models" }, origin));
  await r("addFunder", () => addFunder(db, researcher, planned.id, { name: "Research Council", country: "DE", kind: "public" }, origin));
  await r("addMember", () => addMember(db, researcher, planned.id, { name: "Mia Member", role: "doctoral researcher" }, origin));
  await r("startAssessment", () => startAssessment(db, researcher, planned.id, origin));
  await r("submitAssessment", () => answerAndSubmit(db, researcher, planned.id, SURVEILLANCE_ANSWERS));
  // In a large portfolio a change re-triages only the project concerned, reading from it (a
  // threshold of 0 takes that path here); the cases of one project are synced the same way.
  await r("triageProjects(one project of a large portfolio)", () => triageProjects(db, [planned.id], new Date(), 0));
  await o("syncCases(one project)", () => db.transaction(() => syncCases(db, institutionId, [crowd.id], new Date())));
  const match = (sqlite.prepare("select list_id, entry_id from screening_matches where institution_id = ? limit 1").get(institutionId) as { list_id: string; entry_id: string } | undefined) ?? { list_id: "us-csl", entry_id: "1" };
  await o("recordScreeningDecision", () => recordScreeningDecision(db, officer, { name: "Harbin Institute of Technology", country: "CN", listId: match.list_id, entryId: match.entry_id, decision: "confirmed", reason: "The registry confirms it is the listed organisation." }, origin));
  await o("saveRuleSettings", () => saveRuleSettings(db, officer, settingsFromForm(ruleSet, { ...allEnabled, [`severity:${ruleSet.rules[0]!.id}`]: "high" }), origin));
  await o("setCountryTier", () => setCountryTier(db, officer, { country: "VE", tier: "watch", reason: "Reports of diversion through intermediaries." }, origin));
  await o("retriageInstitution", () => retriageInstitution(db, institutionId));

  // A researcher who leaves: their account goes, their projects stay with the institution.
  await ensureUser(db, { email: "leaving@demo-university.example", name: "Lea Leaving", role: "researcher", institutionId, password: DEMO_PASSWORD });
  const leaving = actorFor(db, "leaving@demo-university.example");
  const kept = registerProject(db, leaving, { title: "A project whose researcher leaves", summary: "A project kept by the institution after its researcher deleted the account.", field: "Databases", technologyAreas: ["pure-mathematics"], trl: 1, startDate: null, endDate: null });
  registerProject(db, leaving, { title: "A draft deleted with its researcher", summary: "A project without a case, deleted whole with the account.", field: "Databases", technologyAreas: ["pure-mathematics"], trl: 1, startDate: null, endDate: null });
  askResearcher(db, officer, ensureCase(db, kept.id), "Who else works on this project?", origin);
  await r("deleteOwnAccount", () => deleteOwnAccount(db, leaving, DEMO_PASSWORD, origin));

  // ── Administrators (exempt, recorded for the record) ────────────────────────────────────
  const ad = (name: string, run: () => unknown) => call(`admin:${name}`, run);
  await ad("listInstitutions", () => listInstitutions(db, admin));
  await ad("listAgencies", () => listAgencies(db, admin));
  await ad("countPeopleByRole", () => countPeopleByRole(db, admin));
  await ad("listOpenInvitations", () => listOpenInvitations(db, admin));
  await ad("listPeople", () => listPeople(db, admin, { q: "demo", role: "researcher" }));
  await ad("getPerson", () => getPerson(db, admin, researcher.userId));
  await ad("organisationChoices", () => organisationChoices(db, admin));
  await ad("listAuditEvents", () => listAuditEvents(db, admin, { action: "auth.login", before: 1_000_000 }));
  await ad("adminOutbox", () => adminOutbox(db, admin, { status: "queued", q: "demo" }));
  await ad("listSuppressions", () => listSuppressions(db, admin));
  await ad("getInstitution", () => getInstitution(db, admin, institutionId));
  await ad("getAgency", () => getAgency(db, admin, analyst.agencyId!));

  // ── System-wide jobs (exempt) ───────────────────────────────────────────────────────────
  await call("reopenDueReviews", () => reopenDueReviews(db, new Date(now.getTime() + 400 * 86_400_000)));
  await call("runNudgePolicy", () => runNudgePolicy(db, now));
  // Digests are built from the digest hour on; before it the job reads nothing, whatever the hour the tests run.
  const digestTime = new Date(Math.max(now.getTime(), Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC)));
  await call("buildDigests", () => buildDigests(db, digestTime));
  await call("retriageEverything", () => retriageEverything(db));
  await call("rescreenAll", () => rescreenAll(db, now));
  await call("applyRetention", () => applyRetention(db, new Date(now.getTime() + 40 * 365 * 86_400_000)));

  sqlite.prepare = prepare;
}, 120_000);

afterAll(() => {
  db?.$client.close();
});

describe("query plans", () => {
  test("every module call the pages make ran", () => {
    expect(problems).toEqual([]);
    expect(recorded.size).toBeGreaterThan(100);
  });

  test("every tenant-scoped statement finds its rows through an index led by the tenant or a scoped parent", () => {
    const sqlite = db.$client;
    const tenant = tenantTables(sqlite);
    const failures: string[] = [];
    for (const { sql, calls } of recorded.values()) {
      const scoped = [...calls].filter((c) => !(c in EXEMPT));
      if (scoped.length === 0) continue;
      const named = tablesOf(sql);
      if (![...named.values()].some((t) => tenant.has(t))) continue;
      // An INSERT … VALUES reads nothing: the child-table lookups in its plan are SQLite's
      // foreign-key bookkeeping, which runs only while a deferred violation is outstanding.
      if (/^insert\b/i.test(sql) && !/\bselect\b/i.test(sql)) continue;
      let plan: string[];
      try {
        plan = explain(sqlite, sql);
      } catch (error) {
        failures.push(`${sql}\n  cannot be explained: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const wrong: string[] = [];
      for (const detail of plan) {
        const step = detail.match(/^(?:SCAN|SEARCH) (\S+)/);
        if (!step) continue;
        const table = named.get(step[1]!) ?? step[1]!;
        if (!tenant.has(table)) continue;
        const problem = judge(sqlite, table, detail);
        if (problem) wrong.push(problem);
      }
      if (wrong.length) failures.push(`${sql}\n  issued by ${scoped.join(", ")}\n  plan: ${plan.join(" | ")}\n  ${wrong.join("\n  ")}`);
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  });

  // Tenant isolation allows an index led by institution_id, but for one project of a large
  // portfolio such a search walks every flag, case or assessment of the institution: the cost
  // of one submission would grow with the institution. These calls must start from the project
  // (or its partners' organisations). Projects themselves are found by primary key; the one
  // institution-led read of them counts only up to the whole-portfolio threshold.
  const PER_PROJECT_CALLS = ["researcher:triageProjects(one project of a large portfolio)", "officer:syncCases(one project)"];
  const GROWING_WITH_THE_PORTFOLIO = new Set(["flags", "cases", "assessments", "project_partners", "project_funders", "project_technology_areas", "screening_matches"]);

  test("re-triaging one project of a large portfolio reads from the project, not from the whole institution", () => {
    const sqlite = db.$client;
    const failures: string[] = [];
    let searches = 0;
    for (const { sql, calls } of recorded.values()) {
      if (!PER_PROJECT_CALLS.some((label) => calls.has(label))) continue;
      const named = tablesOf(sql);
      for (const detail of explain(sqlite, sql)) {
        const step = detail.match(/^SEARCH (\S+) USING (?:COVERING )?INDEX (\S+)/);
        if (!step) continue;
        const table = named.get(step[1]!) ?? step[1]!;
        if (!GROWING_WITH_THE_PORTFOLIO.has(table)) continue;
        searches++;
        if (indexInfo(sqlite, table, step[2]!).firstColumn === "institution_id") failures.push(`${sql}\n  issued by ${[...calls].join(", ")}\n  walks the institution: ${detail}`);
      }
    }
    expect(searches, "statements of the per-project calls searched").toBeGreaterThan(5);
    expect(failures, failures.join("\n\n")).toEqual([]);
  });

  test("the exempt calls are the system-wide jobs and the administrators' cross-tenant pages, and each ran", () => {
    const ran = new Set([...recorded.values()].flatMap((r) => [...r.calls]));
    expect(Object.keys(EXEMPT).filter((label) => !ran.has(label))).toEqual([]);
  });
});
