// A request learns who is asking from its session before its form has arrived. When another
// request ends that session meanwhile (the same person deletes their account in a second tab),
// the first one writes nothing in their name: it is sent to sign in. The same holds for an API
// token revoked while a document is on its way.
import { request as httpRequest, type ClientRequest } from "node:http";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { apiTokens, caseEvents, projects, sessions, users } from "../../db/schema";
import { createApiToken, revokeApiToken } from "../../app/modules/api/tokens.server";
import { hashToken } from "../../app/modules/auth/tokens";
import { askResearcher } from "../../app/modules/cases/cases.server";
import { invalidateSession } from "../../app/modules/auth/session.server";
import { actorFor, DEMO_PASSWORD, ensureCase, ensureProject, seedDemoProjects } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let crowdId: number;
let caseId: number;

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  crowdId = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!.id;
  caseId = ensureCase(server.db, crowdId);
  askResearcher(server.db, actorFor(server.db, "officer@demo-university.example"), caseId, "Who provides the footage to the project?");
});

afterAll(async () => {
  await server?.stop();
});

const open = new Set<ClientRequest>();
// A test that fails before finishing its post leaves nothing open behind it.
afterEach(() => {
  for (const req of open) req.destroy();
  open.clear();
});

/** Starts a form post, sends half its body, and finishes it when told; resolves to the answer. */
function slowPost(path: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  let headersSent!: () => void;
  const started = new Promise<void>((resolve) => (headersSent = resolve));
  const url = new URL(path, server.url);
  const req = httpRequest(url, { method: "POST", headers: { ...headers, "Content-Length": String(bytes.length) } });
  open.add(req);
  const answered = new Promise<{ status: number; location: string | undefined; cookies: string[]; body: string }>((resolve, reject) => {
    req.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        open.delete(req);
        resolve({ status: response.statusCode!, location: response.headers.location, cookies: response.headers["set-cookie"] ?? [], body: text });
      });
    });
    req.on("error", reject);
  });
  // A request destroyed after a failed test rejects with nobody waiting; that is not an error of its own.
  answered.catch(() => undefined);
  req.flushHeaders();
  req.write(bytes.subarray(0, half), () => headersSent());
  return { started, finish: () => req.end(bytes.subarray(half)), answered };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * The server notes a session's activity when it reads it, if the last note is a minute old:
 * made older here, the note tells when a request has read who is asking.
 */
function watchSession(client: Client) {
  const sessionId = hashToken(client.sessionToken()!);
  const longAgo = new Date(Date.now() - 5 * 60_000);
  server.db.update(sessions).set({ lastActiveAt: longAgo }).where(eq(sessions.id, sessionId)).run();
  const wasRead = () => (server.db.select().from(sessions).where(eq(sessions.id, sessionId)).get()?.lastActiveAt ?? longAgo) > longAgo;
  return {
    sessionId,
    read: () => until(wasRead),
    /** For a request that reads its form first: gives it a moment, in case it reads the session before. */
    readWithin: async (ms: number) => {
      for (let waited = 0; waited < ms && !wasRead(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

/** Every text column of every table that holds one of the texts. */
function columnsCarrying(...texts: string[]) {
  const sqlite = server.db.$client;
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and name != 'library_search'").all() as { name: string }[]).map((t) => t.name);
  const found: string[] = [];
  for (const table of tables) {
    for (const column of (sqlite.prepare(`pragma table_info(${table})`).all() as { name: string; type: string }[]).filter((c) => /text/i.test(c.type))) {
      for (const text of texts) {
        if ((sqlite.prepare(`select count(*) as n from ${table} where instr(${column.name}, ?) > 0`).get(text) as { n: number }).n > 0) found.push(`${table}.${column.name}`);
      }
    }
  }
  return found;
}

describe("a session ended while a form is on its way", () => {
  test("self-assessment answers are kept for after signing in again", async () => {
    const tab = new Client(server.url);
    await tab.login("researcher@demo-university.example", DEMO_PASSWORD);
    const projectId = (await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Combinatorics of tilings" })).id;
    expect((await tab.post(`/projects/${projectId}/assessment`)).status).toBe(302);
    const section = `/projects/${projectId}/assessment/about-the-work`;
    const watched = watchSession(tab);
    const answers = { "research-type": "basic", "beneficial-potential": "Clearer proofs for students.", intent: "continue" };
    const post = slowPost(section, { Cookie: cookieOf(tab), Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" }, new URLSearchParams(answers).toString());
    await post.started;
    // The action reads its form before the session. One that read the session first (as it once
    // did) would be seen here at once, and would then lose the answers below.
    await watched.readWithin(2_000);

    // Signed out elsewhere (or ended by turning on two-step sign-in, or by an administrator).
    invalidateSession(server.db, watched.sessionId);
    post.finish();
    const { status, location, cookies } = await post.answered;
    expect(status).toBe(302);
    expect(location).toBe(`/login?redirectTo=${encodeURIComponent(section)}`);
    const kept = cookies.find((c) => c.startsWith("upstream_pending="));
    expect(kept).toBeTruthy();

    const again = new Client(server.url);
    again.cookies.set("upstream_pending", kept!.split(";")[0]!.slice("upstream_pending=".length));
    await again.login("researcher@demo-university.example", DEMO_PASSWORD);
    const page = await (await again.get(section)).text();
    expect(visibleText(page)).toMatch(/We kept what you typed/);
    expect(page).toContain("Clearer proofs for students.");
  });

  test("the answer sent from the first tab is not written after the account was deleted in the second", async () => {
    const firstTab = new Client(server.url);
    await firstTab.login("researcher@demo-university.example", DEMO_PASSWORD);
    const secondTab = new Client(server.url);
    await secondTab.login("researcher@demo-university.example", DEMO_PASSWORD);
    const id = server.db.select().from(users).where(eq(users.email, "researcher@demo-university.example")).get()!.id;

    const answer = "The footage comes from Dr Rosa Researcher's own recordings.";
    const watched = watchSession(firstTab);
    const form = { Cookie: cookieOf(firstTab), Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" };
    const post = slowPost(`/projects/${crowdId}/conversation`, form, new URLSearchParams({ body: answer }).toString());
    await post.started;
    await watched.read();

    const deleted = await secondTab.post("/account/data", { password: DEMO_PASSWORD, confirm: "yes" });
    expect(deleted.status).toBe(302);
    expect(server.db.select().from(users).where(eq(users.id, id)).get()!.status).toBe("disabled");

    post.finish();
    const { status, location } = await post.answered;
    expect(status).toBe(302);
    expect(location).toMatch(/^\/login\?redirectTo=/);

    // Nothing of the answer was written, and the person's name and address are nowhere.
    const answers = server.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "answer"))).all();
    expect(answers).toEqual([]);
    expect(server.db.$client.prepare("select count(*) as n from audit_events where action = 'case.answer'").get()).toEqual({ n: 0 });
    expect(columnsCarrying("Dr Rosa Researcher", "researcher@demo-university.example", answer)).toEqual([]);
  });

  test("a project document sent with an API token revoked while it was on its way imports nothing", async () => {
    const officer = actorFor(server.db, "officer@demo-university.example");
    const { token, id } = createApiToken(server.db, officer, "Research information system");
    const document = JSON.stringify({
      format: "upstream.projects/v1",
      projects: [{ externalId: "REVOKED-1", principalInvestigator: "researcher@demo-university.example", title: "Sent while revoked", summary: "A project sent as the token was revoked.", field: "Materials", technologyAreas: ["advanced-materials"], trl: 2, partners: [] }],
    });
    // The token's first use is noted: that tells when the server has checked it.
    const post = slowPost("/api/v1/projects", { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, document);
    await post.started;
    await until(() => server.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()!.lastUsedAt !== null);

    revokeApiToken(server.db, officer, id);
    post.finish();
    const { status, body } = await post.answered;
    expect(status).toBe(401);
    expect(JSON.parse(body).error).toMatch(/valid API token/);
    expect(server.db.select().from(projects).where(eq(projects.title, "Sent while revoked")).get()).toBeUndefined();
  });
});
