// Triage end to end: flags with evidence from the demo portfolio, triage following a change
// (and surviving a stop), re-triage idempotence,
// tuning with a what-if preview, patterns across spelling variants, the officer's screening
// decision closing a flag, imports and the JSON API with institution-scoped tokens.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, cases, emailOutbox, flags, patternFlags, projects } from "../../db/schema";
import { actorFor, addPartnerFor, answerEverything, DEMO_PASSWORD, ensureProject, seedDemoProjects, SURVEILLANCE_ANSWERS } from "../factories";
import { submitAssessment } from "../../app/modules/assessment/assessments.server";
import { triageInBatches } from "../../app/modules/triage/queue.server";
import { Client, visibleText } from "../support/http";
import { ROOT } from "../support/paths";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let officer: Client;
let crowdId: number;

function upstream(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin/upstream.mjs"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: server.databasePath },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const openFlags = (projectId: number) =>
  server.db.select().from(flags).where(and(eq(flags.projectId, projectId), eq(flags.status, "open"))).all().map((f) => f.ruleId).sort();

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  crowdId = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!.id;
  officer = new Client(server.url);
  await officer.login("officer@demo-university.example", DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

describe("flags", () => {
  test("a submitted assessment raised flags with their evidence, rule-set version and rationale", async () => {
    expect(openFlags(crowdId)).toEqual(expect.arrayContaining(["partner-screening-strong", "surveillance-with-government-security-user", "human-rights-profile-escalated"]));
    const flag = server.db.select().from(flags).where(and(eq(flags.projectId, crowdId), eq(flags.ruleId, "partner-screening-strong"))).get()!;
    expect(flag.ruleSetVersion).toBe("baseline-1");
    expect(JSON.stringify(flag.evidence)).toMatch(/Harbin Institute of Technology/);
    const page = visibleText(await (await officer.get(`/projects/${crowdId}`)).text());
    expect(page).toMatch(/Why it fired:/);
    expect(page).toMatch(/Harbin Inst. of Technology resembles “Harbin Institute of Technology”/);
    expect(page).toMatch(/Recommended action:/);
    const queue = visibleText(await (await officer.get("/office/triage")).text());
    expect(queue).toMatch(/Crowd-emotion recognition in public video/);
  });

  test("the researcher does not see the office's flags", async () => {
    const researcher = new Client(server.url);
    await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
    expect(visibleText(await (await researcher.get(`/projects/${crowdId}`)).text())).not.toMatch(/Why it fired/);
    expect((await researcher.get("/office/triage")).status).toBe(403);
  });

  test("re-triage is idempotent: the second run changes nothing", () => {
    upstream(["retriage"]);
    const before = JSON.stringify(server.db.select().from(flags).all());
    const second = upstream(["retriage", "--institution", "demo-university"]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/flags 0 opened, 0 updated, 0 closed, \d+ unchanged/);
    expect(JSON.stringify(server.db.select().from(flags).all())).toBe(before);
  });
});

describe("triage after a change", () => {
  const queued = () => server.db.$client.prepare("select count(*) from triage_queue").pluck().get() as number;
  const caseOf = (projectId: number) => server.db.select({ id: cases.id }).from(cases).where(and(eq(cases.projectId, projectId), eq(cases.isOpen, 1))).get();

  /** Waits (up to 10 s) for the server's triage run to take `projectId` off the queue and open its case. */
  async function caseOnceTriaged(projectId: number) {
    for (const until = Date.now() + 10_000; (queued() > 0 || !caseOf(projectId)) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    return caseOf(projectId);
  }

  test("a submission is answered at once; its case and the officers' e-mail follow a moment later", async () => {
    const researcher = new Client(server.url);
    await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
    const project = await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Gait recognition for city cameras" });
    answerEverything(server.db, actorFor(server.db, "researcher@demo-university.example"), project.id, SURVEILLANCE_ANSWERS);
    const response = await researcher.post(`/projects/${project.id}/assessment/review`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^/projects/${project.id}/assessments/\\d+$`));

    const found = await caseOnceTriaged(project.id);
    expect(found).toBeDefined();
    expect(queued()).toBe(0);
    expect(visibleText(await (await officer.get("/office/cases")).text())).toMatch(/Gait recognition for city cameras/);
    const mail = server.db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, `case-new/${found!.id}/${actorFor(server.db, "officer@demo-university.example").userId}`)).get();
    expect(mail?.to).toBe("officer@demo-university.example");
  });

  test("what a stopped server left queued is triaged as the server starts again", async () => {
    const project = await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Lip reading from drone footage" });
    answerEverything(server.db, actorFor(server.db, "researcher@demo-university.example"), project.id, SURVEILLANCE_ANSWERS);
    // Submitted through a connection whose triage waits an hour: stored and queued, not triaged,
    // as a server that stopped before its run leaves it.
    const later = triageInBatches(server.db, { delayMs: 3_600_000 });
    try {
      submitAssessment(server.db, actorFor(server.db, "researcher@demo-university.example"), project.id);
      expect(queued()).toBe(1);
      expect(caseOf(project.id)).toBeUndefined();
      await server.restart();
      expect(await caseOnceTriaged(project.id)).toBeDefined();
      expect(queued()).toBe(0);
    } finally {
      later.stop();
    }
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    expect(visibleText(await (await officer.get("/office/cases")).text())).toMatch(/Lip reading from drone footage/);
  });
});

describe("tuning the rules", () => {
  test("the preview names the flags that would change, and saving applies them with a new version", async () => {
    const form = await (await officer.get("/office/rules")).text();
    // The parameters are named in words, not by their names in the rule set.
    const baseline = JSON.parse(readFileSync(join(ROOT, "content/rules/baseline-1.json"), "utf8")) as { parameters: Record<string, unknown> };
    const legends = [...form.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]!);
    for (const name of Object.keys(baseline.parameters)) expect(legends).not.toContain(name);
    expect(legends).toContain("Country groups of concern");
    // Keep every rule on, except one, and raise the severity of another.
    const fields: Record<string, string> = {};
    for (const m of form.matchAll(/name="enabled:([a-z0-9-]+)"/g)) if (m[1] !== "partner-state-control") fields[`enabled:${m[1]}`] = "on";
    fields["severity:partner-screening-strong"] = "critical";
    const body = new URLSearchParams({ ...fields, intent: "preview" });
    for (const g of ["D:5", "E:1", "E:2", "I:concern"]) body.append("param:concernCountryGroups", g);
    const post = (b: URLSearchParams) =>
      fetch(`${server.url}/office/rules`, { method: "POST", redirect: "manual", headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: `upstream_session=${officer.sessionToken()}` }, body: b });
    const preview = visibleText(await (await post(body)).text());
    expect(preview).toMatch(/Disappears: .* on Crowd-emotion recognition in public video/);
    expect(preview).toMatch(/Severity high → critical: .* on Crowd-emotion recognition in public video/);
    // A preview saves nothing.
    expect(openFlags(crowdId)).toContain("partner-state-control");

    body.set("intent", "save");
    const saved = await post(body);
    expect(saved.status).toBe(302);
    const closed = server.db.select().from(flags).where(and(eq(flags.projectId, crowdId), eq(flags.ruleId, "partner-state-control"))).get()!;
    expect(closed.status).toBe("closed");
    expect(closed.closedReason).toMatch(/switched this rule off/);
    const raised = server.db.select().from(flags).where(and(eq(flags.projectId, crowdId), eq(flags.ruleId, "partner-screening-strong"))).get()!;
    expect(raised).toMatchObject({ severity: "critical", ruleSetVersion: expect.stringMatching(/^baseline-1\+i\d+\.1$/) });
    expect(server.db.select().from(auditEvents).where(eq(auditEvents.action, "triage.rules-change")).all()).toHaveLength(1);
  });

  test("simulate on the command line shows a rule set's effect without saving", () => {
    const ruleSet = JSON.parse(readFileSync(join(ROOT, "content/rules/baseline-1.json"), "utf8"));
    ruleSet.rules = ruleSet.rules.filter((r: { id: string }) => r.id !== "surveillance-with-government-security-user");
    const file = join(dirname(server.databasePath), "baseline-1.json");
    writeFileSync(file, JSON.stringify(ruleSet));
    const before = JSON.stringify(server.db.select().from(flags).all());
    const { status, stdout } = upstream(["simulate", "--rules", file, "--institution", "demo-university", "--json"]);
    expect(status).toBe(0);
    const [result] = JSON.parse(stdout) as { disappear: { ruleId: string; projectId: number }[] }[];
    expect(result!.disappear).toContainEqual(expect.objectContaining({ ruleId: "surveillance-with-government-security-user", projectId: crowdId }));
    expect(JSON.stringify(server.db.select().from(flags).all())).toBe(before);
  });

  test("marking the screening match a false positive closes the screening flag", async () => {
    const page = await (await officer.get(`/office/screening?${new URLSearchParams({ name: "Harbin Inst. of Technology", country: "CN" })}`)).text();
    const entries = [...page.matchAll(/name="listId" value="([a-z0-9-]+)"\/><input type="hidden" name="entryId" value="([^"]+)"/g)];
    expect(entries.length).toBeGreaterThan(0);
    for (const [, listId, entryId] of entries) {
      await officer.post("/office/screening", { name: "Harbin Inst. of Technology", country: "CN", listId: listId!, entryId: entryId!, decision: "false_positive", reason: "A namesake teaching hospital, checked with the partner." });
    }
    expect(openFlags(crowdId)).not.toContain("partner-screening-strong");
    const closed = server.db.select().from(flags).where(and(eq(flags.projectId, crowdId), eq(flags.ruleId, "partner-screening-strong"))).get()!;
    expect(closed.closedReason).toMatch(/no longer holds/);
  });
});

describe("institution country tiers", () => {
  test("a country the office places in its concern tier counts like the listed groups, for that institution only", async () => {
    const rosa = actorFor(server.db, "researcher@demo-university.example");
    const id = await addPartnerFor(server.db, rosa, "Machine learning with a partner in Brazil", { name: "Universidade Federal Exemplo", country: "BR", kind: "university", role: "co-author" });
    expect(openFlags(id)).not.toContain("sensitive-early-stage-concern-partner");
    const invalid = await officer.post("/office/countries", { intent: "set", country: "BR", tier: "concern", reason: "" });
    expect(invalid.status).toBe(400);
    const saved = await officer.post("/office/countries", { intent: "set", country: "BR", tier: "concern", reason: "Agreed by the export-control board for this test." });
    expect(saved.status).toBe(302);
    expect(openFlags(id)).toContain("sensitive-early-stage-concern-partner");
    const flag = server.db.select().from(flags).where(and(eq(flags.projectId, id), eq(flags.ruleId, "sensitive-early-stage-concern-partner"))).get()!;
    expect(JSON.stringify(flag.evidence)).toContain("I:concern");
    expect(visibleText(await (await officer.get("/office/countries")).text())).toMatch(/Brazil concern Agreed by the export-control board/);
    // Another institution's office sees none of it.
    const other = new Client(server.url);
    await other.login("officer@second-university.example", DEMO_PASSWORD);
    expect(visibleText(await (await other.get("/office/countries")).text())).toMatch(/No tiers yet/);
    // Removing the tier closes the flag again.
    await officer.post("/office/countries", { intent: "remove", country: "BR" });
    expect(openFlags(id)).not.toContain("sensitive-early-stage-concern-partner");
  });
});

describe("portfolio patterns", () => {
  test("the same organisation under three spellings in three projects is one pattern naming them all", async () => {
    const rosa = actorFor(server.db, "researcher@demo-university.example");
    const ids: number[] = [];
    for (const [i, spelling] of ["Tsinghua University", "TSINGHUA UNIV.", "Qinghua University"].entries()) {
      ids.push(await addPartnerFor(server.db, rosa, `Pattern project ${i + 1}`, { name: spelling, country: "CN", kind: "university", role: "co-author" }));
    }
    // A small portfolio's patterns follow each change at once, without a separate re-triage.
    const pattern = server.db.select().from(patternFlags).where(and(eq(patternFlags.patternId, "same-organisation"), eq(patternFlags.status, "open"))).get()!;
    expect(pattern.projectIds).toEqual(expect.arrayContaining(ids));
    const page = visibleText(await (await officer.get("/office/triage")).text());
    expect(page).toMatch(/Portfolio patterns/);
    expect(page).toContain(pattern.title);
  });
});

describe("the JSON API", () => {
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    const created = await officer.post("/office/api-tokens", { intent: "create", name: "Research information system" });
    token = (await created.text()).match(/upst_[a-z2-7]+/)![0];
    const other = new Client(server.url);
    await other.login("officer@second-university.example", DEMO_PASSWORD);
    otherToken = (await (await other.post("/office/api-tokens", { intent: "create", name: "Other system" })).text()).match(/upst_[a-z2-7]+/)![0];
  });

  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}/api/v1${path}`, { ...init, headers: { ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), "Content-Type": "application/json" } });

  test("the token is shown once and stored only as a hash", async () => {
    const list = await (await officer.get("/office/api-tokens")).text();
    expect(list).not.toContain(token);
    expect(list).toContain(token.slice(0, 11));
  });

  test("no token, or a wrong one, is refused with 401", async () => {
    expect((await api("/flags")).status).toBe(401);
    expect((await api("/flags", { token: "upst_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })).status).toBe(401);
  });

  test("a token reads its own institution's flags and projects, never another's", async () => {
    const own = (await (await api("/flags?status=open", { token })).json()) as { flags: { projectId: number }[] };
    expect(own.flags.length).toBeGreaterThan(0);
    expect(own.flags.every((f) => f.projectId !== undefined)).toBe(true);
    const project = await api(`/projects/${crowdId}`, { token });
    expect(project.status).toBe(200);
    const body = (await project.json()) as { title: string; profile: { dimensions: Record<string, { level: string }> }; flags: unknown[] };
    expect(body.title).toBe("Crowd-emotion recognition in public video");
    expect(body.profile.dimensions.human_rights!.level).toMatch(/high|critical/);
    expect((await api(`/projects/${crowdId}`, { token: otherToken })).status).toBe(404);
    const theirs = (await (await api("/flags", { token: otherToken })).json()) as { flags: { projectId: number }[] };
    expect(theirs.flags.some((f) => f.projectId === crowdId)).toBe(false);
  });

  test("projects are created and updated idempotently on their external id; a bad document changes nothing", async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, "docs/formats/projects-v1.example.json"), "utf8")) as { projects: Record<string, unknown>[] };
    for (const p of doc.projects) p.principalInvestigator = "researcher@demo-university.example";
    const first = (await (await api("/projects", { method: "POST", token, body: JSON.stringify(doc) })).json()) as { created: number; projects: { id: number }[] };
    expect(first.created).toBe(doc.projects.length);
    const again = (await (await api("/projects", { method: "POST", token, body: JSON.stringify(doc) })).json()) as { created: number; unchanged: number };
    expect(again).toMatchObject({ created: 0, unchanged: doc.projects.length });
    const count = server.db.select().from(projects).all().length;
    const bad = structuredClone(doc);
    bad.projects[1]!.principalInvestigator = "nobody@demo-university.example";
    const refused = await api("/projects", { method: "POST", token, body: JSON.stringify(bad) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/project 2 .*principalInvestigator/);
    expect(server.db.select().from(projects).all()).toHaveLength(count);
  });

  test("a revoked token stops working at once; the OpenAPI description is published", async () => {
    const spec = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/projects", "/projects/{id}", "/flags"]));
    const list = await (await officer.get("/office/api-tokens")).text();
    const id = list.match(/name="tokenId" value="(\d+)"/)![1]!;
    await officer.post("/office/api-tokens", { intent: "revoke", tokenId: id });
    expect((await api("/flags", { token })).status).toBe(401);
  });
});
