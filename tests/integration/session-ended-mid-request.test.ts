// A request learns who is asking from its session before its form has arrived. When another
// request ends that session meanwhile (the same person deletes their account in a second tab),
// the first one writes nothing in their name: it is sent to sign in. The same holds for an API
// token revoked while a document is on its way.
import { request as httpRequest } from "node:http";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiTokens, caseEvents, projects, sessions, users } from "../../db/schema";
import { createApiToken, revokeApiToken } from "../../app/modules/api/tokens.server";
import { hashToken } from "../../app/modules/auth/tokens";
import { askResearcher } from "../../app/modules/cases/cases.server";
import { actorFor, DEMO_PASSWORD, ensureCase, seedDemoProjects } from "../factories";
import { Client } from "../support/http";
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

/** Starts a form post, sends half its body, and finishes it when told; resolves to the answer. */
function slowPost(path: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  let headersSent!: () => void;
  const started = new Promise<void>((resolve) => (headersSent = resolve));
  const url = new URL(path, server.url);
  const req = httpRequest(url, { method: "POST", headers: { ...headers, "Content-Length": String(bytes.length) } });
  const answered = new Promise<{ status: number; location: string | undefined; body: string }>((resolve, reject) => {
    req.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, location: response.headers.location, body: text }));
    });
    req.on("error", reject);
  });
  req.flushHeaders();
  req.write(bytes.subarray(0, half), () => headersSent());
  return { started, finish: () => req.end(bytes.subarray(half)), answered };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe("a session ended while a form is on its way", () => {
  test("the answer sent from the first tab is not written after the account was deleted in the second", async () => {
    const firstTab = new Client(server.url);
    await firstTab.login("researcher@demo-university.example", DEMO_PASSWORD);
    const secondTab = new Client(server.url);
    await secondTab.login("researcher@demo-university.example", DEMO_PASSWORD);
    const id = server.db.select().from(users).where(eq(users.email, "researcher@demo-university.example")).get()!.id;

    const answer = "The footage comes from Dr Rosa Researcher's own recordings.";
    const cookie = [...firstTab.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    // The server notes a session's activity when it reads it, if the last note is a minute old:
    // made older here, the note tells when the action has read who is asking.
    const sessionId = hashToken(firstTab.sessionToken()!);
    const longAgo = new Date(Date.now() - 5 * 60_000);
    server.db.update(sessions).set({ lastActiveAt: longAgo }).where(eq(sessions.id, sessionId)).run();
    const form = { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" };
    const post = slowPost(`/projects/${crowdId}/conversation`, form, new URLSearchParams({ body: answer }).toString());
    await post.started;
    await until(() => server.db.select().from(sessions).where(eq(sessions.id, sessionId)).get()!.lastActiveAt > longAgo);

    const deleted = await secondTab.post("/account/data", { password: DEMO_PASSWORD, confirm: "yes" });
    expect(deleted.status).toBe(302);
    expect(server.db.select().from(users).where(eq(users.id, id)).get()!.status).toBe("disabled");

    post.finish();
    const { status, location } = await post.answered;
    expect(status).toBe(302);
    expect(location).toMatch(/^\/login\?redirectTo=/);

    // Nothing of the answer, nor the person's name, was written.
    const answers = server.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "answer"))).all();
    expect(answers).toEqual([]);
    const sqlite = server.db.$client;
    const named = sqlite.prepare("select count(*) as n from case_events where instr(coalesce(body, '') || coalesce(summary, '') || coalesce(actor_name, ''), 'Rosa') > 0").get() as { n: number };
    expect(named.n).toBe(0);
    const audited = sqlite.prepare("select count(*) as n from audit_events where actor_email = 'researcher@demo-university.example' or action = 'case.answer'").get() as { n: number };
    expect(audited.n).toBe(0);
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
