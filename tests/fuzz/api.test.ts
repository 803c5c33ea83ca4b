// Hostile input against the JSON API and every page's query string, on the real server.
// POST /api/v1/projects meets hostile upstream.projects/v1 documents (wrong types, huge and
// control-character strings, lone surrogates, extra and duplicate keys, prototype keys, documents
// that are not JSON) under an institution's token and under tokens that must be refused; the GET
// endpoints and every GET page of tests/access-matrix.json meet random query strings and ids.
// Every answer must be below 500 without internals, each token must see and write only its own
// tenant, and afterwards the projects the API wrote must be ones the project form would accept.
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { flags, institutions, projectFunders, projectPartners, projects, projectTechnologyAreas, users, warnings } from "../../db/schema";
import { actorFor, DEMO_ACCOUNTS, DEMO_PASSWORD, ensureCase, ensureProject, ensureWarning, seedDemoProjects } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { brief, problemsOf, unsafeStoredText } from "./stored-text";
import { createApiToken } from "../../app/modules/api/tokens.server";
import { funderInput, partnerInput, projectInput } from "../../app/modules/projects/schema";

const POST_RUNS = 60;
const GET_RUNS = 30;
const PAGE_RUNS = 20;
const HUGE = 100_000;
/** A request left unanswered this long is reported as hanging, with its input. */
const NO_ANSWER_MS = 20_000;

type Role = "anonymous" | "researcher" | "officer" | "analyst" | "admin";
type SignedIn = Exclude<Role, "anonymous">;
type Outcome = "allow" | "deny" | "login";
type RouteSpec = { method: "GET" | "POST"; path: string; expect: Record<Role, Outcome | { own: Outcome; other: Outcome }> };

const matrix = JSON.parse(readFileSync(new URL("../access-matrix.json", import.meta.url), "utf8")) as { roles: Role[]; routes: RouteSpec[] };

const ACCOUNTS: Record<SignedIn, string> = DEMO_ACCOUNTS;

let server: TestServer;
const clients = new Map<Role, Client>();
const ids: Record<string, number> = {};
const tokens = { own: "", second: "", agency: "" };
const tenancy = { demo: 0, second: 0, agency: 0, otherProject: 0 };

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  const demo = server.db.select().from(institutions).where(eq(institutions.slug, "demo-university")).get()!;
  const second = server.db.select().from(institutions).where(eq(institutions.slug, "second-university")).get()!;
  const analyst = actorFor(server.db, ACCOUNTS.analyst);
  Object.assign(tenancy, { demo: demo.id, second: second.id, agency: analyst.agencyId! });
  const project = await ensureProject(server.db, { ownerEmail: ACCOUNTS.researcher, title: "A project read with hostile queries" });
  const other = await ensureProject(server.db, { ownerEmail: "researcher@second-university.example", title: "Another institution's project" });
  tenancy.otherProject = other.id;
  const caseId = ensureCase(server.db, project.id);
  ensureCase(server.db, other.id);
  const own = actorFor(server.db, ACCOUNTS.researcher);
  Object.assign(ids, { person: own.userId, institution: demo.id, agency: analyst.agencyId!, project: project.id, case: caseId, warning: ensureWarning(server.db, caseId, analyst.agencyId!) });
  tokens.own = createApiToken(server.db, actorFor(server.db, ACCOUNTS.officer), "Hostile research information system").token;
  tokens.second = createApiToken(server.db, actorFor(server.db, "officer@second-university.example"), "Second institution's system").token;
  tokens.agency = createApiToken(server.db, analyst, "Hostile agency system").token;
  for (const [role, email] of Object.entries(ACCOUNTS) as [SignedIn, string][]) {
    const client = new Client(server.url);
    await client.login(email, DEMO_PASSWORD);
    clients.set(role, client);
  }
});

afterAll(async () => {
  await server?.stop();
});

// ── Sending and judging ─────────────────────────────────────────────────────────────────────

type Sent = { status: number; contentType: string; text: string; log: string; request: string };

// Internals in an answer: driver errors, paths, and stack frames, which read `at name (file:line:column)`
// (prose such as "a lab at the (fictional) institute" is not one).
const LEAK = /SqliteError|SQLITE_[A-Z]|\bat [\w$.<>]+ \([^)\s]*:\d+:\d+\)|node_modules\/|build\/server\/|\.tsx?:\d+:\d+/;

/** One request on a connection of its own, so that no request's leftovers can make another fail. */
async function send(method: "GET" | "POST", path: string, headers: Record<string, string>, body?: Buffer): Promise<Sent> {
  const mark = server.output().length;
  const request = `${method} ${brief(path)}${headers.Authorization !== undefined ? ` Authorization ${brief(headers.Authorization)}` : ""}${headers["Content-Type"] ? ` (${headers["Content-Type"]})` : ""}${body ? ` ${brief(body.toString("utf8"))}` : ""}`;
  const url = new URL(server.url);
  const answer = await new Promise<{ status: number; contentType: string; text: string } | { error: string }>((resolve) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, path, method, agent: false, headers: { ...headers, ...(body ? { "Content-Length": body.length } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", (error) => resolve({ error: String(error) }));
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) => resolve({ error: `${error.code ?? ""} ${error.message}` }));
    // Not a time limit on the answer: a guard so that a request the server never answers is reported with its input.
    outgoing.setTimeout(NO_ANSWER_MS, () => {
      outgoing.destroy();
      resolve({ error: "no answer" });
    });
    outgoing.end(body);
  });
  if ("error" in answer) throw new Error(`${request}\n→ ${answer.error}\nserver log:\n${server.output().slice(mark).slice(-2500)}`);
  return { ...answer, log: server.output().slice(mark), request };
}

function assertSafe(sent: Sent, options: { json?: boolean } = {}) {
  const problems: string[] = [];
  if (sent.status >= 500) problems.push(`answered ${sent.status}`);
  if (LEAK.test(sent.text)) problems.push("the answer shows internals (a stack trace or a database error)");
  if (options.json && sent.status !== 304 && sent.text !== "") {
    if (!sent.contentType.startsWith("application/json")) problems.push(`answered ${sent.contentType || "no Content-Type"} instead of JSON`);
    else {
      try {
        JSON.parse(sent.text);
      } catch {
        problems.push("answered JSON that does not parse");
      }
    }
  }
  if (problems.length) throw new Error(`${sent.request}\n→ ${problems.join("; ")}\nanswer: ${visibleText(sent.text).slice(0, 400)}\nserver log:\n${sent.log.slice(-2500)}`);
}

// ── Hostile values ──────────────────────────────────────────────────────────────────────────

const METACHARACTERS = [
  "",
  " ",
  "\u0000",
  "title\u0000",
  "\uD800",
  "\uDFFF",
  "a\uDBFFb",
  "\u202Eevil",
  "\uFEFF",
  "'; DROP TABLE projects; --",
  "\" OR \"1\"=\"1",
  "%' UNION SELECT password_hash FROM users --",
  "<script>alert(1)</script>",
  "]]></content><entry>",
  "{{7*7}}${7*7}",
  "../../etc/passwd",
  "%00",
  "NaN",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999",
  "x",
  "__proto__",
  "constructor",
  "😀",
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...METACHARACTERS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom("A", "\u0000", "\uD800", "é").map((c) => c.repeat(HUGE)) },
);

/** Any JSON value of the wrong kind, for a field that expects something else. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, [], {}, [[]], { __proto__: null }),
  fc.integer(),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

/** Mostly the valid value, so that whole documents pass often enough to reach the code that writes. */
function mutated<T>(valid: T): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: typeof valid === "string" ? hostileString.map((h) => `${valid}${h}`) : fc.constant(valid) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const EXTRA_PROJECT_KEYS = ["institutionId", "institution_id", "ownerId", "owner_id", "status", "id", "createdAt", "reassessmentReason", "__proto__", "constructor", "prototype", "toString"];

/** Short hostile text: control characters, NUL, lone surrogates, metacharacters, but within every length limit. */
const shortHostile: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...METACHARACTERS), fc.string({ unit: "binary", maxLength: 12 }), fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }));

/** Text a validator limits only by length: valid, with hostile text appended, or short hostile text alone. */
function hostileText(valid: string): fc.Arbitrary<string> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant(valid) }, { weight: 6, arbitrary: shortHostile.map((h) => `${valid}${h}`) }, { weight: 1, arbitrary: shortHostile });
}

function projectDocumentEntry(): fc.Arbitrary<Record<string, unknown>> {
  const principalInvestigator = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(ACCOUNTS.researcher, "RESEARCHER@DEMO-UNIVERSITY.EXAMPLE") },
    { weight: 1, arbitrary: fc.constantFrom("researcher@second-university.example", ACCOUNTS.officer, "nobody@demo-university.example", "not an address") },
  );
  const externalId = fc.oneof({ weight: 6, arbitrary: fc.constantFrom("HOSTILE-1", "HOSTILE-2", "HOSTILE-3") }, { weight: 1, arbitrary: shortHostile }, { weight: 1, arbitrary: hostileString });
  const benign = { "research-type": "basic", "publication-intent": "open", "foreseeable-misuse": "no", "personal-data": "no", "external-support": "no", "outside-access": "no", "outside-appointments": "no", "beneficial-potential": "A clearer picture of a classical problem." };
  const answers = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: hostileText(benign["beneficial-potential"]).map((text) => ({ ...benign, "beneficial-potential": text })) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom("research-type", "foreseeable-misuse", "__proto__", "constructor"), hostileString), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }), wrongType), { maxKeys: 4 }) },
  );
  // Well-formed apart from hostile text: these pass validation and show what gets stored.
  const wellFormed = fc.record({
    externalId,
    principalInvestigator,
    title: hostileText("A project imported with hostile values"),
    summary: hostileText("Imported from the research information system, with values chosen to be hostile."),
    field: hostileText("Materials science"),
    technologyAreas: fc.constant(["advanced-materials"]),
    trl: fc.integer({ min: 1, max: 9 }),
    partners: fc.array(fc.record({ name: hostileText("Tampere University"), country: fc.constantFrom("FI", "CN", null), kind: fc.constantFrom("university", "company"), role: hostileText("Runs the field trials") }), { maxLength: 2 }),
    funders: fc.array(fc.record({ name: hostileText("Research Council"), country: fc.constantFrom("DE", null), kind: fc.constant("public") }), { maxLength: 2 }),
    answers,
  });
  // Anything goes: wrong types, missing fields, keys no project has.
  const partner = fc.record({ name: mutated("Tampere University"), country: mutated("FI"), kind: mutated("university"), role: mutated("Runs the field trials") }, { requiredKeys: [] });
  const funder = fc.record({ name: mutated("Research Council"), country: mutated("DE"), kind: mutated("public") }, { requiredKeys: [] });
  const wild = fc
    .record({
      externalId,
      principalInvestigator,
      title: mutated("A project imported with hostile values"),
      summary: mutated("Imported from the research information system, with values chosen to be hostile."),
      field: mutated("Materials science"),
      technologyAreas: fc.oneof({ weight: 3, arbitrary: fc.constant(["advanced-materials"]) }, { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) }, { weight: 1, arbitrary: wrongType }),
      trl: mutated(3),
      partners: fc.oneof({ weight: 3, arbitrary: fc.array(partner, { maxLength: 2 }) }, { weight: 1, arbitrary: wrongType }),
      funders: fc.oneof({ weight: 3, arbitrary: fc.array(funder, { maxLength: 2 }) }, { weight: 1, arbitrary: wrongType }),
      answers,
      extra: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...EXTRA_PROJECT_KEYS), fc.oneof(fc.constantFrom<unknown>(tenancy.second, "admin", "active", 1), wrongType)) }),
    })
    .map(({ extra, ...project }) => {
      const out: Record<string, unknown> = Object.create(null);
      for (const [k, v] of Object.entries(project)) if (v !== undefined) out[k] = v;
      if (extra) out[extra[0]] = extra[1];
      return out;
    });
  return fc.oneof({ weight: 4, arbitrary: wellFormed as fc.Arbitrary<Record<string, unknown>> }, { weight: 1, arbitrary: wild });
}

type Document = { kind: "json"; value: unknown } | { kind: "text"; text: string };

/** JSON.stringify writes lone surrogates as \ud800 escapes, so they reach JSON.parse as such. */
const documents = (): fc.Arbitrary<Document> => fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ format: fc.oneof({ weight: 8, arbitrary: fc.constant<unknown>("upstream.projects/v1") }, { weight: 1, arbitrary: mutated("upstream.projects/v1") }), projects: fc.oneof({ weight: 9, arbitrary: fc.array(projectDocumentEntry(), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant([]) }) })
      .map((value) => ({ kind: "json" as const, value })),
  },
  { weight: 1, arbitrary: wrongType.map((value) => ({ kind: "json" as const, value })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      "null",
      "[]",
      "{",
      "{\"format\":\"upstream.projects/v1\",\"projects\":[{\"title\":\"a\",\"title\":\"Duplicate keys in one object\"}]}",
      "{\"format\":\"upstream.projects/v1\",\"__proto__\":{\"projects\":[]},\"projects\":[{\"__proto__\":{\"institutionId\":2}}]}",
      "{\"format\":\"upstream.projects/v1\",\"constructor\":{\"prototype\":{\"admin\":true}},\"projects\":[]}",
      "{\"format\":\"upstream.projects/v1\",\"projects\":[{\"title\":\"\\ud800\\udc00\\ud800\"}]}",
      `{"format":"upstream.projects/v1","projects":${"[".repeat(5000)}${"]".repeat(5000)}}`,
      `{"format":"upstream.projects/v1","projects":[${Array.from({ length: 1001 }, () => "{}").join(",")}]}`,
      "format=upstream.projects%2Fv1&projects=1",
      "\u0000\u0000\u0000",
    ).map((text) => ({ kind: "text" as const, text })),
  },
);

const authorizations = fc.oneof(
  { weight: 12, arbitrary: fc.constant("own") },
  { weight: 1, arbitrary: fc.constantFrom("agency", "second", "none", "Bearer ", "Bearer upst_", "Basic Og==", "Bearer upst_aaaaaaaaaaaaaaaaaaaaaaaa", "bearer OWN", `Bearer ${"a".repeat(5000)}`) },
  { weight: 1, arbitrary: hostileString.filter((h) => h.length < 5000 && !/[\r\n\u0000-\u001f\u007f-\uffff]/.test(h)) },
);

function authorizationHeader(which: string): Record<string, string> {
  if (which === "none") return {};
  if (which === "own") return { Authorization: `Bearer ${tokens.own}` };
  if (which === "second") return { Authorization: `Bearer ${tokens.second}` };
  if (which === "agency") return { Authorization: `Bearer ${tokens.agency}` };
  if (which === "bearer OWN") return { Authorization: `bearer ${tokens.own.toUpperCase()}` };
  return { Authorization: which };
}

/** Projects the API made (they alone carry an external id) must belong to the token's institution and to one of its researchers. */
function apiProjectsOutOfTenant(): string[] {
  const problems: string[] = [];
  const rows = server.db.select({ id: projects.id, institutionId: projects.institutionId, ownerId: projects.ownerId, externalId: projects.externalId, status: projects.status }).from(projects).where(isNotNull(projects.externalId)).all();
  for (const p of rows) {
    const owner = server.db.select({ role: users.role, institutionId: users.institutionId }).from(users).where(eq(users.id, p.ownerId)).get();
    if (p.institutionId !== tenancy.demo && p.institutionId !== tenancy.second) problems.push(`project ${p.id}: institution ${p.institutionId}`);
    if (!owner || owner.role !== "researcher" || owner.institutionId !== p.institutionId) problems.push(`project ${p.id} of institution ${p.institutionId}: owner ${p.ownerId} is ${owner ? `a ${owner.role} of institution ${owner.institutionId}` : "nobody"}`);
    for (const t of server.db.select({ institutionId: projectPartners.institutionId }).from(projectPartners).where(eq(projectPartners.projectId, p.id)).all()) {
      if (t.institutionId !== p.institutionId) problems.push(`a partner of project ${p.id} is filed under institution ${t.institutionId}`);
    }
  }
  return problems;
}

// ── The JSON API ────────────────────────────────────────────────────────────────────────────

describe("POST /api/v1/projects with hostile documents", () => {
  test("never a 5xx, always JSON, and only the token's own institution is written", async () => {
    await fc.assert(
      fc.asyncProperty(documents(), authorizations, fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "none"), async (document, authorization, contentType) => {
        const text = document.kind === "json" ? (JSON.stringify(document.value) ?? "") : document.text;
        const before = server.db.select({ id: projects.id, institutionId: projects.institutionId }).from(projects).all();
        const headers: Record<string, string> = { ...authorizationHeader(authorization), ...(contentType === "none" ? {} : { "Content-Type": contentType }) };
        const sent = await send("POST", "/api/v1/projects", headers, Buffer.from(text));
        assertSafe(sent, { json: true });
        if (authorization !== "own" && authorization !== "second") expect(sent.status, `${sent.request}: a token that is not an institution's must be refused`).toBeGreaterThanOrEqual(400);
        expect(apiProjectsOutOfTenant(), sent.request).toEqual([]);
        // A token writes its own institution only: no other institution gains a project.
        const after = server.db.select({ id: projects.id, institutionId: projects.institutionId }).from(projects).all();
        const known = new Set(before.map((p) => p.id));
        const tokenInstitution = authorization === "own" ? tenancy.demo : authorization === "second" ? tenancy.second : null;
        const foreign = after.filter((p) => !known.has(p.id) && p.institutionId !== tokenInstitution);
        expect(foreign, sent.request).toEqual([]);
      }),
      { numRuns: POST_RUNS },
    );
  });
});

describe("GET endpoints of the API with hostile query strings", () => {
  const queryKeys = fc.oneof(fc.constantFrom("status", "severity", "rule", "project", "before", "since", "until", "page", "limit", "format", "__proto__", "constructor[prototype][admin]", "status[]"), fc.string({ unit: "binary", maxLength: 12 }));
  const queryValues = fc.oneof(
    fc.constantFrom("open", "closed", "new", "critical", "high", "2026-10-01", "2026-10-01T00:00:00Z", "2026-13-45", "9999-99-99T99:99:99Z", "0", "-1", "999999999999", "1e3", "99999999999999999999"),
    hostileString.filter((h) => h.length <= 2000),
  );
  const queryString = fc.array(fc.tuple(queryKeys, queryValues), { maxLength: 5 }).map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}` : ""));
  const endpoints: { name: string; path: () => fc.Arbitrary<string>; json: boolean }[] = [
    { name: "/api/v1/flags", path: () => fc.constant("/api/v1/flags"), json: true },
    { name: "/api/v1/warnings", path: () => fc.constant("/api/v1/warnings"), json: true },
    { name: "/api/v1/warnings.atom", path: () => fc.constant("/api/v1/warnings.atom"), json: false },
    { name: "/api/v1/openapi.json", path: () => fc.constant("/api/v1/openapi.json"), json: true },
    {
      name: "/api/v1/projects/{id}",
      path: () =>
        fc
          .oneof(fc.constantFrom(String(ids.project), String(tenancy.otherProject), "0", "-1", "1e3", "99999999999999999999", "%00", "..%2f..%2f", "__proto__", "1%3BDROP", "%F0%9F%98%80", "1.5", "0x1"), fc.nat().map(String))
          .map((id) => `/api/v1/projects/${id}`),
      json: true,
    },
  ];

  for (const endpoint of endpoints) {
    test(`${endpoint.name}: never a 5xx, and no other tenant's data`, async () => {
      await fc.assert(
        fc.asyncProperty(endpoint.path(), queryString, authorizations, async (path, query, authorization) => {
          const sent = await send("GET", path + query, authorizationHeader(authorization));
          assertSafe(sent, { json: endpoint.json });
          if (sent.status !== 200) return;
          if (path.startsWith("/api/v1/projects/")) {
            const body = JSON.parse(sent.text) as { id: number };
            const row = server.db.select({ institutionId: projects.institutionId }).from(projects).where(eq(projects.id, body.id)).get();
            const expected = authorization === "own" ? tenancy.demo : tenancy.second;
            expect(row?.institutionId, `${sent.request}: read a project of another institution`).toBe(expected);
          }
          if (path === "/api/v1/flags") {
            const body = JSON.parse(sent.text) as { flags: { id: number }[] };
            const expected = authorization === "own" ? tenancy.demo : tenancy.second;
            for (const flag of body.flags) {
              const row = server.db.select({ institutionId: flags.institutionId }).from(flags).where(eq(flags.id, flag.id)).get();
              expect(row?.institutionId, `${sent.request}: listed a flag of another institution`).toBe(expected);
            }
          }
          if (path === "/api/v1/warnings") {
            const body = JSON.parse(sent.text) as { warnings: { packet: { id: string } }[] };
            for (const w of body.warnings) {
              const row = server.db.select({ agencyId: warnings.agencyId }).from(warnings).where(eq(warnings.id, Number(w.packet.id.slice(4)))).get();
              expect(row?.agencyId, `${sent.request}: listed another agency's warning`).toBe(tenancy.agency);
            }
          }
        }),
        { numRuns: GET_RUNS },
      );
    });
  }
});

describe("the API and the project form agree", () => {
  // The smallest document the API's schema accepts: a project imported this way must still be
  // one its researcher can open in the project form and save unchanged.
  test("a project the API accepts passes the project form's validation", async () => {
    const document = {
      format: "upstream.projects/v1",
      projects: [{ externalId: "MINIMAL-1", principalInvestigator: ACCOUNTS.researcher, title: "Tiny", summary: "x", field: "M", technologyAreas: ["advanced-materials"], trl: 2, partners: [{ name: "Tampere University", country: "FI", kind: "university", role: "R" }] }],
    };
    const sent = await send("POST", "/api/v1/projects", { Authorization: `Bearer ${tokens.own}`, "Content-Type": "application/json" }, Buffer.from(JSON.stringify(document)));
    assertSafe(sent, { json: true });
    if (sent.status !== 200) return; // refused: the two validators agree
    const p = server.db.select().from(projects).where(eq(projects.externalId, "MINIMAL-1")).get()!;
    const form = projectInput.safeParse({ title: p.title, summary: p.summary, field: p.field, technologyAreas: ["advanced-materials"], trl: String(p.trl), startDate: "", endDate: "" });
    const partner = server.db.select().from(projectPartners).where(eq(projectPartners.projectId, p.id)).get()!;
    const partnerForm = partnerInput.safeParse({ name: partner.name, country: partner.country ?? "", kind: partner.kind, role: partner.role });
    const refusals = [...(form.success ? [] : form.error.issues), ...(partnerForm.success ? [] : partnerForm.error.issues.map((i) => ({ ...i, path: ["partner", ...i.path] })))].map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
    expect(refusals, "the API stored what the forms refuse").toEqual([]);
  });
});

// ── Every page's query string ───────────────────────────────────────────────────────────────

const PAGE_PARAMETERS = ["q", "status", "severity", "dimension", "assignee", "area", "country", "sort", "page", "overdue", "quarter", "format", "name", "before", "tag", "audience", "action", "institution", "role", "email", "token", "redirectTo", "k", "u", "s", "__proto__", "constructor[prototype][admin]", "page[]"];

function pageTargets() {
  const out: { path: string; role: SignedIn }[] = [];
  for (const route of matrix.routes) {
    if (route.method !== "GET" || route.path.startsWith("/api/")) continue;
    const role = (Object.keys(ACCOUNTS) as SignedIn[]).find((r) => {
      const e = route.expect[r];
      return e === "allow" || (typeof e === "object" && e.own === "allow");
    });
    if (role) out.push({ path: route.path, role });
  }
  return out;
}

describe("hostile query strings on every page", () => {
  const pageQuery = fc.array(
    fc.tuple(
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PAGE_PARAMETERS) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) }),
      fc.oneof(fc.constantFrom("all", "open", "closed", "me", "none", "due", "age", "1", "0", "-1", "100001", "2026-Q1", "1999-Q9", "csv", "json", "xml", "CN", "zz"), hostileString.filter((h) => h.length <= 3000)),
    ),
    { minLength: 1, maxLength: 5 },
  );

  for (const target of pageTargets()) {
    test(`${target.role} GET ${target.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(pageQuery, async (pairs) => {
          const client = clients.get(target.role)!;
          const base = target.path.replace(/\{(\w+)\}/g, (_, key: string) => String(ids[key]));
          const path = `${base}${base.includes("?") ? "&" : "?"}${new URLSearchParams(pairs)}`;
          const sent = await send("GET", path, { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") });
          assertSafe(sent);
          // A query string never signs anyone out or lets them past the page's own checks.
          expect(sent.status, sent.request).not.toBe(401);
        }),
        { numRuns: PAGE_RUNS },
      );
    });
  }
});

// ── What the API left in the database ──────────────────────────────────────────────────────

describe("after the run", () => {
  test("the database holds no text with NUL characters or lone surrogates", () => {
    expect(unsafeStoredText(server.db.$client)).toEqual([]);
  });

  test("projects the API wrote pass the project form's validation", () => {
    const refused: string[] = [];
    for (const p of server.db.select().from(projects).where(isNotNull(projects.externalId)).all()) {
      const areas = server.db.select({ areaId: projectTechnologyAreas.areaId }).from(projectTechnologyAreas).where(eq(projectTechnologyAreas.projectId, p.id)).all().map((a) => a.areaId);
      const problem = problemsOf(projectInput.safeParse({ title: p.title, summary: p.summary, field: p.field, technologyAreas: areas, trl: String(p.trl), startDate: p.startDate ?? "", endDate: p.endDate ?? "" }));
      if (problem) refused.push(`project ${p.id} (${brief(p.externalId ?? "")}): ${problem}`);
      for (const r of server.db.select().from(projectPartners).where(eq(projectPartners.projectId, p.id)).all()) {
        const partnerProblem = problemsOf(partnerInput.safeParse({ name: r.name, country: r.country ?? "", kind: r.kind, role: r.role }));
        if (partnerProblem) refused.push(`partner ${r.id} of project ${p.id}: ${partnerProblem}`);
      }
      for (const r of server.db.select().from(projectFunders).where(eq(projectFunders.projectId, p.id)).all()) {
        const funderProblem = problemsOf(funderInput.safeParse({ name: r.name, country: r.country ?? "", kind: r.kind }));
        if (funderProblem) refused.push(`funder ${r.id} of project ${p.id}: ${funderProblem}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
