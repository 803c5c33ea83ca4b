// A researcher's rights over their data, against the real server: the download holds what the
// portal keeps about them; deletion removes it, keeps the institution's case records without
// the person, and leaves their name and address nowhere; closed cases lose their personal data
// after the institution's retention period.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { caseDecisions, caseEvents, cases, projects, users } from "../../db/schema";
import { actorFor, DEMO_PASSWORD, ensureCase, seedDemoProjects } from "../factories";
import { Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { answerCase, askResearcher, decideCase } from "../../app/modules/cases/cases.server";
import { applyRetention } from "../../app/modules/people/personal-data.server";

let server: TestServer;
let researcher: Client;
let crowdId: number;
let caseId: number;

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  crowdId = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!.id;
  caseId = ensureCase(server.db, crowdId);
  const officer = actorFor(server.db, "officer@demo-university.example");
  askResearcher(server.db, officer, caseId, "Who provides the footage to the project?");
  answerCase(server.db, actorFor(server.db, "researcher@demo-university.example"), crowdId, "The city of Utrecht, under a data agreement.");
  researcher = new Client(server.url);
  await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
  await researcher.get("/library/what-is-intangible-technology-transfer");
});

afterAll(async () => {
  await server?.stop();
});

describe("the download", () => {
  test("holds the account, the projects with their answers, the conversation, the library reads and the sign-ins", async () => {
    const response = await researcher.get("/account/data/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="upstream-my-data-/);
    const data = (await response.json()) as Record<string, any>;
    expect(data.format).toBe("upstream.personal-data/v1");
    expect(data.account).toMatchObject({ email: "researcher@demo-university.example", name: "Dr Rosa Researcher", institution: "Demo University" });
    const crowd = data.projects.find((p: { title: string }) => p.title === "Crowd-emotion recognition in public video");
    expect(crowd.partners[0].name).toBe("Harbin Inst. of Technology");
    expect(crowd.selfAssessments[0].answers["misuse-kinds"]).toEqual(["surveillance", "repression"]);
    expect(crowd.complianceOffice[0].conversation.map((m: { text: string }) => m.text)).toEqual(["Who provides the footage to the project?", "The city of Utrecht, under a data agreement."]);
    expect(data.library.reads.map((r: { article: string }) => r.article)).toContain("what-is-intangible-technology-transfer");
    expect(data.activityLog.some((a: { action: string }) => a.action === "auth.login")).toBe(true);
    expect(data.sessions.length).toBeGreaterThan(0);
  });

  test("is the researcher's own: an officer cannot use it", async () => {
    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    expect((await officer.get("/account/data/export")).status).toBe(403);
  });
});

describe("closed cases after the retention period", () => {
  test("lose their messages and authors; the decision stays", () => {
    const officer = actorFor(server.db, "officer@demo-university.example");
    decideCase(server.db, officer, caseId, { kind: "no_concern", rationale: "The footage is public and stays here.", reviewOn: null, details: {} });
    expect(applyRetention(server.db, new Date()).cleared).toBe(0);
    const later = new Date(Date.now() + 11 * 365 * 86_400_000);
    expect(applyRetention(server.db, later).cleared).toBe(2);
    const events = server.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId))).all().filter((e) => e.kind === "question" || e.kind === "answer");
    expect(events.every((e) => e.body!.startsWith("[removed") && e.actorName === null)).toBe(true);
    expect(server.db.select().from(caseDecisions).where(eq(caseDecisions.caseId, caseId)).get()!.rationale).toBe("The footage is public and stays here.");
    expect(applyRetention(server.db, later).cleared).toBe(0);
  });
});

describe("deleting the account", () => {
  test("needs the password and a confirmation, and loses nothing when refused", async () => {
    const unconfirmed = await researcher.post("/account/data", { password: DEMO_PASSWORD });
    expect(unconfirmed.status).toBe(400);
    const wrong = await researcher.post("/account/data", { password: "not-the-password", confirm: "yes" });
    expect(wrong.status).toBe(400);
    expect(server.db.select().from(users).where(eq(users.email, "researcher@demo-university.example")).get()!.status).toBe("active");
  });

  test("removes the person everywhere, deletes projects without a case and keeps the case record without them", async () => {
    const id = server.db.select().from(users).where(eq(users.email, "researcher@demo-university.example")).get()!.id;
    const done = await researcher.post("/account/data", { password: DEMO_PASSWORD, confirm: "yes" });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/");
    expect((await researcher.get("/researcher")).status).toBe(302);
    const user = server.db.select().from(users).where(eq(users.id, id)).get()!;
    expect(user).toMatchObject({ name: `Former researcher ${id}`, email: `former-${id}@invalid`, status: "disabled", passwordHash: null });
    expect(server.db.select().from(projects).where(eq(projects.title, "Knot invariants of three-manifolds")).get()).toBeUndefined();
    expect(server.db.select().from(projects).where(eq(projects.id, crowdId)).get()!.ownerId).toBe(id);
    expect(server.db.select().from(cases).where(eq(cases.id, caseId)).get()).toBeTruthy();
    // Nowhere in the database is the person's name or address left.
    const sqlite = server.db.$client;
    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and name != 'library_search'").all() as { name: string }[]).map((t) => t.name);
    const leftovers: string[] = [];
    for (const table of tables) {
      const columns = (sqlite.prepare(`pragma table_info(${table})`).all() as { name: string; type: string }[]).filter((c) => /text/i.test(c.type));
      for (const column of columns) {
        const hit = sqlite.prepare(`select count(*) as n from ${table} where instr(${column.name}, ?) > 0 or instr(${column.name}, ?) > 0`).get("researcher@demo-university.example", "Dr Rosa Researcher") as { n: number };
        if (hit.n > 0) leftovers.push(`${table}.${column.name}`);
      }
    }
    expect(leftovers).toEqual([]);
  });
});
