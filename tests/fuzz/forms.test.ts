// Hostile input against every form action of the real server. The targets are the POST routes
// of tests/access-matrix.json (each with a role that may use it, placeholders filled with
// records that role may reach) and the public forms the matrix leaves out. Each gets random and
// malicious values: huge strings, control characters and NUL, lone surrogates, numbers and JSON
// where text is expected, repeated, extra and prototype-polluting fields, SQL and HTML
// metacharacters. Every answer must be below 500 and must not show internals. Then: a researcher,
// an officer, an analyst and a stranger posting fields no form offers (role, institution, owner,
// status …) change none of those columns; bodies that are not forms at all are refused with a
// 4xx; a large body an action never reads does not stall the connection; and after the run the
// database holds only values the validators accept, with no NUL or lone surrogate. Each fuzzed
// request goes on a connection of its own, so one request's leftovers cannot fail another.
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { caseEvents, institutionCountryTiers, institutions, libraryArticles, libraryFeedback, projectFunders, projectMembers, projectPartners, projects, projectTechnologyAreas, rateLimits, screeningDecisions, users, warningEvents, agencies, agencyCountries, apiTokens, institutionDomains, screeningEntries } from "../../db/schema";
import { actorFor, BENIGN_ANSWERS, DEMO_PASSWORD, ensureAgency, ensureCase, ensureInstitution, ensureProject, ensureUser, ensureWarning, seedDemoProjects } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { brief, problemsOf, unsafeStoredText } from "./stored-text";
import { askResearcher } from "../../app/modules/cases/cases.server";
import { startAssessment } from "../../app/modules/assessment/assessments.server";
import { saveOwnArticle } from "../../app/modules/library/library.server";
import { loadBaselineRuleSet } from "../../app/modules/triage/rules.server";
import { funderInput, memberInput, partnerInput, projectInput } from "../../app/modules/projects/schema";
import { feedbackInput, ownArticleInput } from "../../app/modules/library/schema";
import { countryTierInput } from "../../app/modules/reference/country-tiers";
import { tokenName } from "../../app/modules/api/schema";
import { agencyInput, institutionInput } from "../../app/modules/institutions/schema";
import { screeningDecisionInput } from "../../app/modules/screening/schema";
import { agencyAnswerInput, agencyQuestionInput } from "../../app/modules/warnings/schema";
import { messageInput, noteInput } from "../../app/modules/cases/schema";

/** Runs per form action; the whole suite must stay well under two minutes on two cores. */
const RUNS = 20;
const MASS_RUNS = 12;
const HUGE = 100_000;
/** A request left unanswered this long is reported as hanging, with its input. */
const NO_ANSWER_MS = 20_000;
/** For the stalled-connection test, whose requests are answered in milliseconds when nothing is wrong. */
const STALL_GUARD_MS = 5_000;

type Role = "anonymous" | "researcher" | "officer" | "analyst" | "admin";
type SignedIn = Exclude<Role, "anonymous">;
type Outcome = "allow" | "deny" | "login";
type RouteSpec = { method: "GET" | "POST"; path: string; form?: Record<string, string>; expect: Record<Role, Outcome | { own: Outcome; other: Outcome }> };

const matrix = JSON.parse(readFileSync(new URL("../access-matrix.json", import.meta.url), "utf8")) as { roles: Role[]; routes: RouteSpec[] };

const ACCOUNTS: Record<SignedIn, string> = {
  researcher: "researcher@demo-university.example",
  officer: "officer@demo-university.example",
  analyst: "agency@export-agency.example",
  admin: "admin@upstream.example",
};

// ── Hostile values ──────────────────────────────────────────────────────────────────────────

/** A 100,000-character string, kept small in counterexamples: it is written out only when sent. */
type Huge = { huge: string };
type Value = string | Huge;
const text = (value: Value) => (typeof value === "string" ? value : value.huge.repeat(Math.ceil(HUGE / value.huge.length)).slice(0, HUGE));

const METACHARACTERS = [
  "",
  " ",
  "\u0000",
  "abc\u0000def",
  "\uD800",
  "\uDFFFtrail",
  "\u202Egnp.exe",
  "\uFEFF",
  "\r\nSet-Cookie: injected=1",
  "'; DROP TABLE projects; --",
  "\" OR \"1\"=\"1",
  "1 OR 1=1",
  "%' AND 1=0 UNION SELECT password_hash FROM users --",
  "\\",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "{{7*7}}${7*7}",
  "../../../../etc/passwd",
  "%00",
  "%2e%2e%2f",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999",
  "9007199254740993",
  "0x10",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"__proto__":{"admin":true}}',
  "__proto__",
  "constructor",
  "toString",
  "ＡＢＣ",
  "e\u0301",
  "😀",
];

const HOSTILE_KEYS_FOR_QUERIES = ["__proto__", "__proto__[admin]", "constructor[prototype][admin]", "redirectTo", "page", "status", "sort", "intent"];
const controlCharacters = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 });
const hugeValue: fc.Arbitrary<Value> = fc.constantFrom("A", "é", "\u0000", "<", "'", "\uD800", "😀", "a b ").map((huge) => ({ huge }));

const smallHostileValue: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...METACHARACTERS, ...HOSTILE_KEYS_FOR_QUERIES), fc.string({ unit: "binary", maxLength: 24 }), controlCharacters);

const hostileValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...METACHARACTERS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 2, arbitrary: controlCharacters },
  { weight: 1, arbitrary: hugeValue },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
);

const HOSTILE_KEYS = [
  "__proto__",
  "__proto__[admin]",
  "__proto__.admin",
  "constructor[prototype][admin]",
  "constructor.prototype.admin",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "",
  "role",
  "institutionId",
  "institution_id",
  "ownerId",
  "userId",
  "agencyId",
  "status",
  "isOpen",
  "id",
  "intent",
  "seq",
  "redirectTo",
];
const hostileKey: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 16 }) },
  { weight: 1, arbitrary: fc.constant<Value>({ huge: "k" }) },
);

// ── Targets ─────────────────────────────────────────────────────────────────────────────────

type Target = { path: string; role: Role; intents: string[]; fields: Record<string, string | string[]>; file?: string };

/** The fields each form reads, with a value that passes its validation, so hostile variants get past the first check. */
function formTable(): Record<string, Omit<Target, "path" | "role">> {
  const project = { title: "A project under hostile input", summary: "A summary long enough to pass the form's validation rules.", field: "Applied topology", technologyAreas: ["pure-mathematics", "ai-machine-learning"], trl: "3", startDate: "2026-01-01", endDate: "2027-12-31" };
  const article = { title: "Hostile input and you", summary: "What the office wants researchers to know about hostile input.", audience: "researcher", topics: "security, input", body: "# Hostile input\n\nA body that is long enough to pass the validation of the article form." };
  const ruleSet = loadBaselineRuleSet();
  const rules: Record<string, string> = {};
  for (const rule of ruleSet.rules.slice(0, 6)) {
    rules[`enabled:${rule.id}`] = "on";
    rules[`severity:${rule.id}`] = rule.severity;
  }
  for (const [name, def] of Object.entries(ruleSet.parameters)) rules[`param:${name}`] = Array.isArray(def.default) ? String(def.default[0]) : String(def.default);
  const table: Record<string, Omit<Target, "path" | "role">> = {
    "/account/sessions": { intents: ["none", "end-one", "end-all"], fields: { session: "0123456789abcdef" } },
    "/admin/institutions/new": { intents: [], fields: { name: "Hostile Input University", country: "FR", domains: "hostile-input-university.example" } },
    "/admin/institutions/{institution}": { intents: [], fields: { name: "Hostile Input Institute", country: "FR", domains: "hostile-input.example, hostile-input.test" } },
    "/admin/agencies/new": { intents: [], fields: { name: "Hostile Input Office", countries: ["FR", "BE"] } },
    "/admin/agencies/{agency}": { intents: [], fields: { name: "Hostile Input Agency", countries: ["FR"] } },
    "/admin/people": { intents: [], fields: { invitation: "1" } },
    "/admin/people/invite": { intents: [], fields: { email: "invited@demo-university.example", name: "Ivo Invited", role: "researcher", institutionId: "1", agencyId: "" } },
    "/admin/people/{person}": { intents: ["role", "disable", "enable"], fields: { role: "researcher", institutionId: "1", agencyId: "" } },
    "/office/screening": { intents: [], fields: { name: "Harbin Institute of Technology", country: "CN", listId: "{listId}", entryId: "{entryId}", decision: "false_positive", reason: "Checked against the registry: a different organisation." } },
    "/admin/lists": { intents: [], fields: { listId: "dod-1260h", format: "entities-json", snapshotDate: "2026-11-26" }, file: "file" },
    "/projects/new": { intents: [], fields: project },
    "/projects/{project}/edit": { intents: [], fields: project },
    "/projects/{project}/partners": { intents: ["add", "add-another", "remove"], fields: { partnerId: "1", name: "Tampere University", country: "FI", kind: "university", role: "Runs the field trials" } },
    "/projects/{project}/funders": { intents: ["add", "remove"], fields: { funderId: "1", name: "Research Council", country: "DE", kind: "public" } },
    "/projects/{project}/team": { intents: ["add", "remove"], fields: { memberId: "1", name: "Mia Member", role: "postdoctoral researcher" } },
    "/library/what-is-intangible-technology-transfer": { intents: [], fields: { useful: "yes", comment: "Clear and short." } },
    "/office/library/new": { intents: ["preview", "save"], fields: article },
    "/office/rules": { intents: ["preview", "save"], fields: rules },
    "/office/api-tokens": { intents: ["create", "revoke"], fields: { name: "Research information system", tokenId: "1" } },
    "/agency/api-tokens": { intents: ["create", "revoke"], fields: { name: "Case management system", tokenId: "1" } },
    "/projects/{project}/assessment": { intents: [], fields: {} },
    "/projects/{project}/assessment/about-the-work/autosave": { intents: [], fields: { ...BENIGN_ANSWERS, seq: "1" } },
    "/office/countries": { intents: ["set", "remove"], fields: { country: "VE", tier: "watch", reason: "Recent reports of diversion through intermediaries." } },
    "/office/cases": { intents: ["assign", "status"], fields: { caseId: ["{case}"], assigneeId: "none", moveTo: "in_review" } },
    "/office/cases/export": { intents: [], fields: { caseId: ["{case}"] } },
    "/office/cases/deadlines": { intents: [], fields: { critical: "2", high: "5", medium: "15", low: "30", info: "60", retentionYears: "10" } },
    "/office/cases/{case}": {
      intents: ["claim", "assign", "move", "ask", "note", "decide", "confirm", "decline", "reopen", "agency-answer"],
      fields: { assigneeId: "", to: "in_review", body: "Which partner provides the footage?", note: "Checked the partner registry.", kind: "no_concern", rationale: "The work is basic research without controlled items.", reviewOn: "2099-01-01", measure_1: "Keep the data in the EU", owner_1: "The PI", controlEntry: "5A002", exemption: "public-domain", duplicateOf: "1", reason: "Reopened after new information arrived.", answer: "The partner is a university.", warningId: "{warning}" },
    },
    "/projects/{project}/conversation": { intents: [], fields: { body: "The footage comes from a public data set." } },
    "/office/cases/{case}/escalate": { intents: ["preview", "send"], fields: { agencyIds: ["{agency}"], urgency: "routine", concern: "The partner is on a list and the work advances surveillance.", includePi: "no", piReason: "" } },
    "/agency/warnings/{warning}": { intents: ["acknowledge", "ask", "close"], fields: { body: "Which models were shared with the partner?", outcome: "guidance_given", note: "Guidance given by telephone." } },
    "/account/data": { intents: [], fields: { confirm: "yes", password: "not the password" } },
    "/account/two-step": { intents: ["enable", "recovery-codes", "disable"], fields: { code: "123456" } },
    "/login/two-step": { intents: [], fields: { code: "123456", redirectTo: "/projects" } },
    "/account/notifications": { intents: [], fields: { "case-new": "on", "assessment-reminder": "digest", "library-digest": "weekly", "warning-new": "off" } },
    "/admin/outbox": { intents: ["retry", "lift"], fields: { emailId: "1", address: "someone@example.org" } },
    // Forms the matrix leaves out: the public ones, and pages reached from another page.
    "/login": { intents: [], fields: { email: "researcher@demo-university.example", password: "not the password", redirectTo: "/projects" } },
    "/signup": { intents: [], fields: { name: "Nora Newcomer", email: "nora@demo-university.example", password: "a sturdy passphrase, 42" } },
    "/forgot-password": { intents: [], fields: { email: "researcher@demo-university.example" } },
    "/reset-password": { intents: [], fields: { token: "abcdefghijklmnop", password: "a sturdy passphrase, 42" } },
    "/verify-email": { intents: [], fields: { token: "abcdefghijklmnop" } },
    "/invitations/accept": { intents: [], fields: { token: "abcdefghijklmnop", name: "Ivo Invited", password: "a sturdy passphrase, 42" } },
    "/logout": { intents: [], fields: {} },
    "/unsubscribe?u=1&k=digest&s=abc": { intents: [], fields: {} },
    "/projects/{project}/assessment/about-the-work": { intents: ["continue", "save-exit"], fields: { ...BENIGN_ANSWERS, seq: "1" } },
    "/projects/{project}/assessment/review": { intents: [], fields: {} },
    "/office/library/{article}": { intents: ["preview", "save"], fields: article },
  };
  return table;
}

function fieldsFor(path: string): Omit<Target, "path" | "role"> {
  // A form this test does not know yet still meets hostile extra fields; a test below names it.
  return formTable()[path] ?? { intents: [], fields: {} };
}

/** Forms added to the matrix after this test was written: their fields belong in the table above. */
function unknownForms(): string[] {
  const known = formTable();
  return [...new Set(matrix.routes.filter((r) => r.method === "POST" && !(r.path in known)).map((r) => r.path))];
}

const EXTRA_FORMS: { path: string; role: Role }[] = [
  { path: "/login", role: "anonymous" },
  { path: "/signup", role: "anonymous" },
  { path: "/forgot-password", role: "anonymous" },
  { path: "/reset-password", role: "anonymous" },
  { path: "/verify-email", role: "anonymous" },
  { path: "/invitations/accept", role: "anonymous" },
  { path: "/logout", role: "anonymous" },
  { path: "/login/two-step", role: "anonymous" },
  { path: "/account/two-step", role: "researcher" },
  { path: "/account/two-step", role: "officer" },
  { path: "/unsubscribe?u=1&k=digest&s=abc", role: "anonymous" },
  { path: "/projects/{project}/assessment/about-the-work", role: "researcher" },
  { path: "/projects/{project}/assessment/review", role: "researcher" },
  { path: "/office/library/{article}", role: "officer" },
];

const HOME_ROLE: [string, SignedIn][] = [
  ["/admin", "admin"],
  ["/office", "officer"],
  ["/agency", "analyst"],
  ["/projects", "researcher"],
];

/** Every POST route of the matrix, once per role that may use it (the area's role when the matrix allows none, e.g. a record that does not exist). */
function formTargets(): Target[] {
  const seen = new Map<string, Target>();
  const add = (path: string, role: Role, base: Record<string, string>) => {
    const key = `${role} ${path}`;
    const known = fieldsFor(path);
    const existing = seen.get(key);
    const intents = [...new Set([...(existing?.intents ?? known.intents), ...(base.intent ? [base.intent] : [])])];
    seen.set(key, { path, role, intents, fields: { ...known.fields, ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== "intent")) }, file: known.file });
  };
  for (const route of matrix.routes) {
    if (route.method !== "POST") continue;
    const allowed = matrix.roles.filter((role) => {
      const e = route.expect[role];
      return role !== "anonymous" && (e === "allow" || (typeof e === "object" && e.own === "allow"));
    });
    const roles = allowed.length > 0 ? allowed : HOME_ROLE.filter(([prefix]) => route.path.startsWith(prefix)).map(([, role]) => role);
    for (const role of roles) add(route.path, role, route.form ?? {});
  }
  for (const extra of EXTRA_FORMS) add(extra.path, extra.role, {});
  return [...seen.values()];
}

// ── The server and its people ───────────────────────────────────────────────────────────────

let server: TestServer;
const clients = new Map<Role, Client>();
const ids: Record<string, number | string> = {};
const tenancy = { demo: 0, second: 0, agency: 0, secondResearcher: 0 };

async function signIn(role: SignedIn) {
  // Hostile sign-in attempts count against this address: they must not lock the test out.
  server.db.delete(rateLimits).run();
  const client = new Client(server.url);
  await client.login(ACCOUNTS[role], DEMO_PASSWORD);
  clients.set(role, client);
}

function fill(template: string) {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in ids)) throw new Error(`No record for {${key}}`);
    return String(ids[key]);
  });
}

type Body =
  | { kind: "urlencoded"; pairs: [string, string][] }
  | { kind: "multipart"; pairs: [string, string][]; file?: { field: string; name: string; content: string } }
  | { kind: "raw"; contentType: string | null; bytes: Buffer };

type Sent = { status: number; location: string; text: string; log: string; request: string };

// Internals in an answer: driver errors, paths, and stack frames, which read `at name (file:line:column)`
// (prose such as "a lab at the (fictional) institute" is not one).
const LEAK = /SqliteError|SQLITE_[A-Z]|\bat [\w$.<>]+ \([^)\s]*:\d+:\d+\)|node_modules\/|build\/server\/|\.tsx?:\d+:\d+/;

function describeBody(body: Body) {
  if (body.kind === "raw") return `${body.contentType ?? "(no Content-Type)"} ${brief(body.bytes.toString("latin1"))}`;
  const pairs = body.pairs.map(([k, v]) => `${brief(k)}=${brief(v)}`).join(" & ");
  return `${body.kind} ${pairs}${body.kind === "multipart" && body.file ? ` + file ${brief(body.file.field)}` : ""}`;
}

/** The bytes and Content-Type a browser would send for a body. */
async function encode(body: Body): Promise<{ bytes: Buffer; contentType: string | null }> {
  if (body.kind === "raw") return { bytes: body.bytes, contentType: body.contentType };
  if (body.kind === "urlencoded") return { bytes: Buffer.from(new URLSearchParams(body.pairs).toString()), contentType: "application/x-www-form-urlencoded" };
  const form = new FormData();
  for (const [k, v] of body.pairs) form.append(k, v);
  if (body.file) form.append(body.file.field, new Blob([body.file.content]), body.file.name);
  const encoded = new Request("http://localhost/", { method: "POST", body: form });
  return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("Content-Type") };
}

/**
 * Posts on a connection of its own (Connection: close), so that what one hostile request does to
 * a connection cannot make another one fail; the test "connections" below looks at that apart.
 */
async function send(role: Role, path: string, body: Body): Promise<Sent> {
  const { bytes, contentType } = await encode(body);
  const headers: Record<string, string | number> = { Origin: server.url, "Content-Length": bytes.length };
  if (contentType !== null) headers["Content-Type"] = contentType;
  const client = clients.get(role);
  if (client) headers.Cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const mark = server.output().length;
  const request = `${role} POST ${path} ${describeBody(body)}`;
  const url = new URL(server.url);
  const answer = await new Promise<{ status: number; location: string; text: string } | { error: string }>((resolve) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, path, method: "POST", agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, location: String(response.headers.location ?? ""), text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", (error) => resolve({ error: String(error) }));
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) => resolve({ error: `${error.code ?? ""} ${error.message}` }));
    // Not a time limit on the answer: a guard so that a request the server never answers is reported with its input.
    outgoing.setTimeout(NO_ANSWER_MS, () => {
      outgoing.destroy();
      resolve({ error: "no answer" });
    });
    outgoing.end(bytes);
  });
  if ("error" in answer) throw new Error(`${request}\n→ ${answer.error}\nserver log:\n${server.output().slice(mark).slice(-2500)}`);
  // An action that ended the session (sign out everywhere, a disabled account): sign in again for the next run.
  if (role !== "anonymous" && answer.status === 302 && answer.location.startsWith("/login")) await signIn(role);
  return { ...answer, log: server.output().slice(mark), request };
}

function problemOf(sent: Sent): string | null {
  if (sent.status >= 500) return `answered ${sent.status}`;
  if (LEAK.test(sent.text)) return "the answer shows internals (a stack trace or a database error)";
  return null;
}

function assertSafe(sent: Sent) {
  const problem = problemOf(sent);
  if (problem) {
    throw new Error(`${sent.request}\n→ ${problem}\nanswer: ${visibleText(sent.text).slice(0, 400)}\nserver log:\n${sent.log.slice(-2500)}`);
  }
}

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  const demo = server.db.select().from(institutions).where(eq(institutions.slug, "demo-university")).get()!;
  const second = server.db.select().from(institutions).where(eq(institutions.slug, "second-university")).get()!;
  const officer = actorFor(server.db, ACCOUNTS.officer);
  const analyst = actorFor(server.db, ACCOUNTS.analyst);
  tenancy.demo = demo.id;
  tenancy.second = second.id;
  tenancy.agency = analyst.agencyId!;
  tenancy.secondResearcher = actorFor(server.db, "researcher@second-university.example").userId;
  const project = await ensureProject(server.db, { ownerEmail: ACCOUNTS.researcher, title: "A project under hostile input" });
  startAssessment(server.db, actorFor(server.db, ACCOUNTS.researcher), project.id);
  const caseId = ensureCase(server.db, project.id);
  askResearcher(server.db, officer, caseId, "Which partner provides the footage, and under which agreement?");
  // Administrators' targets are records made for this test, so that disabling or renaming them harms no one else.
  const victim = await ensureUser(server.db, { email: "target-of-admin-forms@demo-university.example", name: "Tara Target", role: "researcher", institutionId: demo.id, password: DEMO_PASSWORD });
  const institution = await ensureInstitution(server.db, { name: "Hostile Input Institute", country: "FR", domains: ["hostile-input.example"] });
  const agency = await ensureAgency(server.db, { name: "Hostile Input Agency", countries: ["FR"] });
  const article = saveOwnArticle(server.db, officer, null, ownArticleInput.parse({ title: "Our office's guide to partners", summary: "How the office checks partners before a project starts.", audience: "both", topics: "partners", body: "# Partners\n\nThe office checks every partner against the screening lists before a project starts." }));
  const entry = server.db.select({ listId: screeningEntries.listId, entryId: screeningEntries.entryId }).from(screeningEntries).limit(1).get()!;
  Object.assign(ids, { listId: entry.listId, entryId: entry.entryId, project: project.id, case: caseId, warning: ensureWarning(server.db, caseId, tenancy.agency), person: victim.id, institution: institution.id, agency: agency.id, article: article.id });
  for (const role of Object.keys(ACCOUNTS) as SignedIn[]) await signIn(role);
});

afterAll(async () => {
  await server?.stop();
});

// ── Mass assignment ─────────────────────────────────────────────────────────────────────────

/** Columns that say whose a row is or what it may do: no form sets them from what it is sent. */
const OWNERSHIP_COLUMNS = new Set([
  "institution_id",
  "agency_id",
  "owner_id",
  "user_id",
  "project_id",
  "case_id",
  "warning_id",
  "organisation_id",
  "created_by",
  "sent_by",
  "requested_by",
  "decided_by",
  "started_by",
  "role",
  "external_id",
  "email",
  "password_hash",
  "email_verified_at",
  "token_hash",
]);
const USER_KEYED_TABLES = new Set(["notification_preferences", "library_feedback", "library_reads", "sessions"]);

/** The application's own tables (no virtual, shadow or internal ones); `wr`: without rowid. */
function ordinaryTables() {
  const list = server.db.$client.prepare("pragma main.table_list").all() as { name: string; type: string; wr: number }[];
  return list.filter((t) => t.type === "table" && !t.name.startsWith("sqlite_") && !t.name.startsWith("__drizzle"));
}

type Snapshot = Map<string, { columns: string[]; rows: Map<number, Record<string, unknown>> }>;

function snapshot(extra: string[]): Snapshot {
  const sqlite = server.db.$client;
  const out: Snapshot = new Map();
  for (const { name } of ordinaryTables().filter((t) => !t.wr)) {
    const columns = (sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string }[]).map((c) => c.name).filter((c) => OWNERSHIP_COLUMNS.has(c) || extra.includes(`${name}.${c}`));
    if (columns.length === 0) continue;
    const rows = new Map<number, Record<string, unknown>>();
    for (const row of sqlite.prepare(`select rowid as "__rowid", ${columns.map((c) => `"${c}"`).join(", ")} from "${name}"`).all() as Record<string, unknown>[]) {
      const { __rowid, ...rest } = row;
      rows.set(__rowid as number, rest);
    }
    out.set(name, { columns, rows });
  }
  return out;
}

/** What changed between two snapshots that the acting user had no right to change. */
function trespasses(before: Snapshot, after: Snapshot, actor: { userId: number | null; institutionId: number | null; agencyId: number | null; foreignInstitutions?: number[] }): string[] {
  const problems: string[] = [];
  for (const [table, { columns, rows }] of after) {
    const old = before.get(table)?.rows ?? new Map();
    for (const [rowid, row] of rows) {
      const was = old.get(rowid);
      if (was) {
        for (const column of columns) if (JSON.stringify(was[column]) !== JSON.stringify(row[column])) problems.push(`${table} row ${rowid}: ${column} changed from ${JSON.stringify(was[column])} to ${JSON.stringify(row[column])}`);
        continue;
      }
      if ("institution_id" in row && row.institution_id !== null && row.institution_id !== actor.institutionId && !(actor.foreignInstitutions ?? []).includes(row.institution_id as number)) {
        problems.push(`${table} new row ${rowid}: institution_id ${row.institution_id}, not the actor's ${actor.institutionId}`);
      }
      if (actor.agencyId !== null && "agency_id" in row && row.agency_id !== null && row.agency_id !== actor.agencyId) problems.push(`${table} new row ${rowid}: agency_id ${row.agency_id}, not the actor's ${actor.agencyId}`);
      if (USER_KEYED_TABLES.has(table) && actor.userId !== null && row.user_id !== actor.userId) problems.push(`${table} new row ${rowid}: user_id ${row.user_id}, not the actor's ${actor.userId}`);
      if (table === "projects" && row.owner_id !== actor.userId) problems.push(`projects new row ${rowid}: owner_id ${row.owner_id}, not the actor's ${actor.userId}`);
      if (table === "projects" && row.external_id !== null) problems.push(`projects new row ${rowid}: external_id ${JSON.stringify(row.external_id)} set from a form`);
    }
  }
  return problems;
}

/** Values a stranger would like to write: another tenant, another person, a higher role, a finished state. */
function forbiddenFields(): fc.Arbitrary<[string, string][]> {
  const values = fc.constantFrom(String(tenancy.second), String(tenancy.secondResearcher), "admin", "officer", "active", "closed", "disabled", "1", "0", "999999", "true", "upst_forged", "ext-forged");
  const names = fc.constantFrom(
    "role",
    "institutionId",
    "institution_id",
    "agencyId",
    "agency_id",
    "ownerId",
    "owner_id",
    "userId",
    "user_id",
    "createdBy",
    "projectId",
    "project_id",
    "caseId",
    "status",
    "isOpen",
    "is_open",
    "assigneeId",
    "severity",
    "externalId",
    "email",
    "passwordHash",
    "emailVerifiedAt",
    "id",
    "sessionId",
    "user[role]",
    "project[institutionId]",
    "actor.role",
    "__proto__[role]",
    "__proto__[institutionId]",
    "constructor[prototype][role]",
    "constructor[prototype][institutionId]",
  );
  return fc.array(fc.tuple(names, values), { minLength: 1, maxLength: 8 });
}

type MassCase = {
  name: string;
  role: Role;
  path: string;
  /** A form that passes validation, so the extra fields reach the code that writes. */
  valid: (n: number) => [string, string][];
  /** Columns this action must leave alone beyond the ownership columns, as table.column. */
  frozen: string[];
  /** New rows may carry these institutions too (an analyst's answer belongs to the warning's institution). */
  foreignInstitutions?: () => number[];
  /** For sign-up: the account made must be an ordinary, pending researcher of the address's institution. */
  check?: (n: number) => string[];
};

const MASS_CASES: MassCase[] = [
  { name: "registering a project", role: "researcher", path: "/projects/new", valid: (n) => [["title", `Mass assignment probe ${n}`], ["summary", "A summary long enough to pass the form's validation."], ["field", "Topology"], ["technologyAreas", "pure-mathematics"], ["trl", "2"], ["startDate", ""], ["endDate", ""]], frozen: ["projects.status"] },
  { name: "editing a project", role: "researcher", path: "/projects/{project}/edit", valid: (n) => [["title", `A project under hostile input (${n})`], ["summary", "A summary long enough to pass the form's validation."], ["field", "Topology"], ["technologyAreas", "pure-mathematics"], ["trl", String(1 + (n % 3))], ["startDate", ""], ["endDate", ""]], frozen: ["projects.status", "projects.created_at"] },
  { name: "adding a partner", role: "researcher", path: "/projects/{project}/partners", valid: (n) => [["intent", "add"], ["name", `Partner university ${n}`], ["country", "FI"], ["kind", "university"], ["role", "Runs the trials"]], frozen: ["projects.status"] },
  { name: "adding a funder", role: "researcher", path: "/projects/{project}/funders", valid: (n) => [["intent", "add"], ["name", `Foundation ${n}`], ["country", "DE"], ["kind", "philanthropic"]], frozen: ["projects.status"] },
  { name: "adding a team member", role: "researcher", path: "/projects/{project}/team", valid: (n) => [["intent", "add"], ["name", `Member ${n}`], ["role", "doctoral researcher"]], frozen: ["projects.status"] },
  { name: "answering the office", role: "researcher", path: "/projects/{project}/conversation", valid: (n) => [["body", `The footage comes from a public data set (${n}).`]], frozen: ["projects.status", "cases.is_open", "cases.assignee_id", "cases.severity"] },
  { name: "saving answers", role: "researcher", path: "/projects/{project}/assessment/about-the-work/autosave", valid: (n) => [["research-type", "basic"], ["seq", String(1_000_000 + n)]], frozen: ["projects.status", "assessments.status"] },
  { name: "e-mail settings", role: "researcher", path: "/account/notifications", valid: (n) => [["assessment-reminder", n % 2 ? "on" : "digest"]], frozen: [] },
  { name: "the sessions page", role: "researcher", path: "/account/sessions", valid: () => [["intent", "none"]], frozen: ["users.status"] },
  { name: "library feedback", role: "researcher", path: "/library/what-is-intangible-technology-transfer", valid: (n) => [["useful", n % 2 ? "yes" : "no"], ["comment", "Useful."]], frozen: [] },
  { name: "a note on a case", role: "officer", path: "/office/cases/{case}", valid: (n) => [["intent", "note"], ["note", `Checked the registry (${n}).`]], frozen: ["cases.status", "cases.is_open", "cases.assignee_id", "cases.severity", "cases.due_at"] },
  { name: "a country tier", role: "officer", path: "/office/countries", valid: () => [["intent", "set"], ["country", "VE"], ["tier", "watch"], ["reason", "Recent reports of diversion through intermediaries."]], frozen: [] },
  { name: "an API token", role: "officer", path: "/office/api-tokens", valid: (n) => [["intent", "create"], ["name", `Research information system ${n}`]], frozen: ["api_tokens.revoked_at"] },
  { name: "an office article", role: "officer", path: "/office/library/new", valid: (n) => [["intent", "save"], ["title", `Guidance note ${n}`], ["summary", "A summary long enough for the article form."], ["audience", "researcher"], ["topics", "partners"], ["body", "A body that is long enough to pass the validation of the article form, surely."]], frozen: ["library_articles.slug"] },
  { name: "case deadlines", role: "officer", path: "/office/cases/deadlines", valid: () => [["critical", "2"], ["high", "5"], ["medium", "15"], ["low", "30"], ["info", "60"], ["retentionYears", "10"]], frozen: [] },
  { name: "a screening decision", role: "officer", path: "/office/screening", valid: (n) => [["name", `Some Organisation ${n}`], ["country", "CN"], ["listId", String(ids.listId)], ["entryId", String(ids.entryId)], ["decision", "false_positive"], ["reason", "A different organisation with a similar name."]], frozen: [] },
  { name: "a question to the institution", role: "analyst", path: "/agency/warnings/{warning}", valid: (n) => [["intent", "ask"], ["body", `Which models were shared (${n})?`]], frozen: ["warnings.urgency", "warnings.sent_at"], foreignInstitutions: () => [tenancy.demo] },
  { name: "an agency API token", role: "analyst", path: "/agency/api-tokens", valid: (n) => [["intent", "create"], ["name", `Case management ${n}`]], frozen: [] },
  {
    name: "signing up",
    role: "anonymous",
    path: "/signup",
    valid: (n) => [["name", `Nina Newcomer ${n}`], ["email", `mass-assignment-${n}@demo-university.example`], ["password", "a sturdy passphrase, 42"]],
    frozen: [],
    foreignInstitutions: () => [tenancy.demo],
    check(n) {
      const user = server.db.select().from(users).where(eq(users.email, `mass-assignment-${n}@demo-university.example`)).get();
      if (!user) return [];
      const problems: string[] = [];
      if (user.role !== "researcher") problems.push(`signed up as ${user.role}`);
      if (user.institutionId !== tenancy.demo) problems.push(`signed up into institution ${user.institutionId}`);
      if (user.agencyId !== null) problems.push(`signed up into agency ${user.agencyId}`);
      if (user.status !== "pending" || user.emailVerifiedAt !== null) problems.push(`signed up ${user.status}, verified ${String(user.emailVerifiedAt)}`);
      return problems;
    },
  },
];

describe("fields no form offers are never written (mass assignment)", () => {
  let counter = 0;
  for (const mass of MASS_CASES) {
    test(`${mass.role}: ${mass.name} (${mass.path})`, async () => {
      await fc.assert(
        fc.asyncProperty(forbiddenFields(), fc.boolean(), async (generated, extrasFirst) => {
          let extras = generated;
          const n = ++counter;
          const valid = mass.valid(n);
          // A name the form really has (a team member's role) is the form's business, not a trespass.
          extras = extras.filter(([name]) => !valid.some(([field]) => field === name));
          const actor = mass.role === "anonymous" ? { userId: null, institutionId: null, agencyId: null } : actorFor(server.db, ACCOUNTS[mass.role]);
          const scope = { userId: actor.userId, institutionId: actor.institutionId, agencyId: actor.agencyId, foreignInstitutions: mass.foreignInstitutions?.() };
          const before = snapshot(mass.frozen);
          // Extra fields before the real ones and after them: a form reader that keeps the first or the last of a repeated field must not be fooled.
          const pairs = extrasFirst ? [...extras, ...valid] : [...valid, ...extras];
          const sent = await send(mass.role, fill(mass.path), { kind: "urlencoded", pairs });
          assertSafe(sent);
          expect(sent.status, `${sent.request}\nanswer: ${visibleText(sent.text).slice(0, 300)}`).toBeLessThan(400);
          const problems = [...trespasses(before, snapshot(mass.frozen), scope), ...(mass.check?.(n) ?? [])];
          expect(problems, sent.request).toEqual([]);
        }),
        { numRuns: MASS_RUNS },
      );
    });
  }
});

// ── Hostile values in every form ────────────────────────────────────────────────────────────

function formArbitrary(target: Target) {
  const fieldValue = (valid: string | string[]): fc.Arbitrary<Value[]> => {
    const validValues = [valid].flat().map(fill);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant<Value[]>(validValues) },
      { weight: 3, arbitrary: hostileValue.map((v) => [v]) },
      { weight: 2, arbitrary: hostileValue.map((v): Value[] => [typeof v === "string" ? `${validValues[0] ?? ""}${v}` : v]) },
      { weight: 1, arbitrary: fc.constant<Value[]>([]) },
      { weight: 1, arbitrary: fc.array(fc.oneof(hostileValue, fc.constantFrom(...validValues, "")), { minLength: 2, maxLength: 4 }) },
    );
  };
  const fields = fc.record(Object.fromEntries(Object.entries(target.fields).map(([name, valid]) => [name, fieldValue(valid)])) as Record<string, fc.Arbitrary<Value[]>>);
  const intent: fc.Arbitrary<Value | null> = target.intents.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom<Value>(...target.intents) }, { weight: 1, arbitrary: hostileValue }) : fc.constant(null);
  return fc.record({
    intent,
    fields,
    extras: fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 4 }),
    // Small: Node refuses request lines over 16 KB before the application sees them.
    query: fc.option(fc.array(fc.tuple(smallHostileValue, smallHostileValue), { minLength: 1, maxLength: 3 }), { freq: 4 }),
    // Mostly url-encoded, as browsers send these forms; sometimes multipart, with a file where none is expected.
    multipart: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    fileContent: fc.option(hostileValue),
  });
}

const targets = formTargets();

describe("hostile values in every form: never a 5xx, never internals", () => {
  test("every form of the access matrix has its fields listed in this test", () => {
    expect(unknownForms()).toEqual([]);
  });

  for (const target of targets) {
    test(`${target.role} POST ${target.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(formArbitrary(target), async (input) => {
          const pairs: [string, string][] = [];
          if (input.intent !== null) pairs.push(["intent", text(input.intent)]);
          for (const [name, values] of Object.entries(input.fields)) for (const value of values) pairs.push([name, text(value)]);
          for (const [key, value] of input.extras) pairs.push([text(key), text(value)]);
          let path = fill(target.path);
          if (input.query) path += (path.includes("?") ? "&" : "?") + new URLSearchParams(input.query.map(([k, v]) => [text(k), text(v)])).toString();
          const body: Body = input.multipart
            ? { kind: "multipart", pairs, file: target.file || input.fileContent !== null ? { field: target.file ?? "attachment", name: "list.json", content: input.fileContent === null ? "[]" : text(input.fileContent) } : undefined }
            : { kind: "urlencoded", pairs };
          assertSafe(await send(target.role, path, body));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("control characters", () => {
  // Sampling reaches a NUL in a field that passes validation only now and then; this reaches it in every field of every form.
  test("every field of every form, valid but for a NUL and other control characters, is answered below 500", async () => {
    const failures: string[] = [];
    for (const target of targets) {
      for (const intent of target.intents.length ? target.intents : [null]) {
        // One field at a time, the others valid, so that the form passes and the value reaches the database.
        for (const field of Object.keys(target.fields)) {
          const pairs: [string, string][] = intent === null ? [] : [["intent", intent]];
          for (const [name, valid] of Object.entries(target.fields)) for (const value of [valid].flat().map(fill)) pairs.push([name, name === field ? `${value}\u0000\u0007\u001b` : value]);
          const sent = await send(target.role, fill(target.path), { kind: "urlencoded", pairs });
          const problem = problemOf(sent);
          if (problem) failures.push(`${sent.request}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("bodies that are not forms", () => {
  const kinds: { name: string; contentType: string | null; bytes: Buffer }[] = [
    { name: "JSON", contentType: "application/json", bytes: Buffer.from('{"intent":"add","title":"JSON instead of a form","role":"admin","__proto__":{"admin":true}}') },
    { name: "plain text", contentType: "text/plain", bytes: Buffer.from("title=plain text") },
    { name: "no Content-Type", contentType: null, bytes: Buffer.from("title=no content type") },
    { name: "multipart without a boundary", contentType: "multipart/form-data", bytes: Buffer.from("--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--x--\r\n") },
    { name: "truncated multipart", contentType: "multipart/form-data; boundary=zzz", bytes: Buffer.from("--zzz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nno end") },
    { name: "broken percent-encoding", contentType: "application/x-www-form-urlencoded", bytes: Buffer.from("title=%E0%A4%A&name=%&%%%=%ZZ&intent=%") },
    { name: "invalid UTF-8 bytes", contentType: "application/x-www-form-urlencoded", bytes: Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3d, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0x26, 0x3d]) },
  ];

  // Enumerated rather than sampled: every form action meets every kind, and all refusals that
  // go wrong are listed together.
  test("every form action answers them with a 4xx, never a 5xx", async () => {
    const failures: string[] = [];
    const logged = new Set<string>();
    for (const target of targets) {
      const wrong: string[] = [];
      for (const kind of kinds) {
        const sent = await send(target.role, fill(target.path), { kind: "raw", contentType: kind.contentType, bytes: kind.bytes });
        const problem = problemOf(sent);
        if (!problem) continue;
        wrong.push(`${kind.name} (${problem})`);
        const first = sent.log.trim().split("\n")[0];
        if (first) logged.add(first);
      }
      if (wrong.length) failures.push(`${target.role} POST ${target.path}: ${wrong.join(", ")}`);
    }
    expect(failures, `the server logged:\n${[...logged].join("\n")}`).toEqual([]);
  });
});

describe("connections", () => {
  // Several actions answer without reading the body (signing out, starting an assessment); the
  // rest of a large body must not be left on a kept-alive connection for the next request to trip on.
  test("a large body an action does not read leaves the connection usable for the next request", async () => {
    const post = (path: string, body: string) =>
      fetch(server.url + path, { method: "POST", redirect: "manual", headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" }, body, signal: AbortSignal.timeout(STALL_GUARD_MS) });
    const answered = async (path: string, body: string) => {
      try {
        return `${(await post(path, body)).status}`;
      } catch (error) {
        return `no answer (${error instanceof Error ? error.name : String(error)})`;
      }
    };
    server.db.delete(rateLimits).run();
    // Kept-alive connections are reused in turn: a stalled one shows within a few rounds.
    const rounds: string[] = [];
    for (let round = 0; round < 4; round++) {
      rounds.push(`POST /logout with 300 KB: ${await answered("/logout", `a=${"A".repeat(300_000)}`)}`);
      rounds.push(`then POST /login: ${await answered("/login", "email=nobody%40example.org&password=x")}`);
    }
    expect(rounds.filter((r) => r.includes("no answer")), rounds.join("\n")).toEqual([]);
  });
});

// ── What the run left in the database ───────────────────────────────────────────────────────

describe("after the run", () => {
  test("the database holds no text with NUL characters or lone surrogates", () => {
    expect(unsafeStoredText(server.db.$client)).toEqual([]);
  });

  test("every stored record passes the validator of the form that writes it", () => {
    const refused: string[] = [];
    const check = (what: string, result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
      const problems = problemsOf(result);
      if (problems) refused.push(`${what}: ${problems}`);
    };
    const db = server.db;
    const areas = new Map<number, string[]>();
    for (const row of db.select().from(projectTechnologyAreas).all()) areas.set(row.projectId, [...(areas.get(row.projectId) ?? []), row.areaId]);
    for (const p of db.select().from(projects).all()) {
      check(`project ${p.id} ${brief(p.title)}`, projectInput.safeParse({ title: p.title, summary: p.summary, field: p.field, technologyAreas: areas.get(p.id) ?? [], trl: String(p.trl), startDate: p.startDate ?? "", endDate: p.endDate ?? "" }));
    }
    for (const r of db.select().from(projectPartners).all()) check(`partner ${r.id}`, partnerInput.safeParse({ name: r.name, country: r.country ?? "", kind: r.kind, role: r.role }));
    for (const r of db.select().from(projectFunders).all()) check(`funder ${r.id}`, funderInput.safeParse({ name: r.name, country: r.country ?? "", kind: r.kind }));
    for (const r of db.select().from(projectMembers).all()) check(`team member ${r.id}`, memberInput.safeParse({ name: r.name, role: r.role }));
    for (const r of db.select().from(libraryArticles).all()) check(`office article ${r.id}`, ownArticleInput.safeParse({ title: r.title, summary: r.summary, audience: r.audience, topics: r.topics.join(","), body: r.body }));
    for (const r of db.select().from(libraryFeedback).all()) check(`library feedback ${r.id}`, feedbackInput.safeParse({ useful: r.useful ? "yes" : "no", comment: r.comment ?? "" }));
    for (const r of db.select().from(institutionCountryTiers).all()) check(`country tier ${r.institutionId}/${r.country}`, countryTierInput.safeParse({ country: r.country, tier: r.tier, reason: r.reason }));
    for (const r of db.select().from(apiTokens).all()) check(`API token ${r.id}`, tokenName.safeParse({ name: r.name }));
    for (const r of db.select().from(screeningDecisions).all()) check(`screening decision ${r.id}`, screeningDecisionInput.safeParse({ name: "stored", country: "", listId: r.listId, entryId: r.entryId, decision: r.decision, reason: r.reason }));
    const domains = new Map<number, string[]>();
    for (const d of db.select().from(institutionDomains).all()) domains.set(d.institutionId, [...(domains.get(d.institutionId) ?? []), d.domain]);
    for (const r of db.select().from(institutions).all()) check(`institution ${r.id}`, institutionInput.safeParse({ name: r.name, country: r.country, domains: (domains.get(r.id) ?? []).join(",") }));
    const countries = new Map<number, string[]>();
    for (const c of db.select().from(agencyCountries).all()) countries.set(c.agencyId, [...(countries.get(c.agencyId) ?? []), c.country]);
    for (const r of db.select().from(agencies).all()) check(`agency ${r.id}`, agencyInput.safeParse({ name: r.name, countries: countries.get(r.id) ?? [] }));
    for (const r of db.select().from(users).all()) if (r.name.trim().length < 1 || r.name.length > 120) refused.push(`user ${r.id}: name of ${r.name.length} characters`);
    for (const r of db.select().from(caseEvents).all()) {
      if (r.kind === "question" || r.kind === "answer") check(`case event ${r.id} (${r.kind})`, messageInput.safeParse({ body: r.body ?? "" }));
      if (r.kind === "note") check(`case event ${r.id} (note)`, noteInput.safeParse({ note: r.body ?? "" }));
    }
    for (const r of db.select().from(warningEvents).all()) {
      if (r.kind === "question" && r.side === "agency") check(`warning event ${r.id} (question)`, agencyQuestionInput.safeParse({ body: r.body ?? "" }));
      if (r.kind === "answer" && r.side === "institution") check(`warning event ${r.id} (answer)`, agencyAnswerInput.safeParse({ answer: r.body ?? "" }));
    }
    expect(refused).toEqual([]);
  });
});
