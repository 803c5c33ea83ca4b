// The self-assessment over HTTP and on the command line: answers kept across an expired
// session, results readable by the institution's officers only, re-assessment after changes,
// and `upstream assess` on the documented example file.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { assessments, projectEvents, projects } from "../../db/schema";
import { DEMO_PASSWORD, ensureProject } from "../factories";
import { Client, visibleText } from "../support/http";
import { ROOT } from "../support/paths";
import { freshDatabasePath, startServer, type TestServer } from "../support/server";

let server: TestServer;
let researcher: Client;
let projectId: number;

const benign = {
  "research-type": "basic",
  "publication-intent": "open",
  "foreseeable-misuse": "no",
  "personal-data": "no",
  "external-support": "no",
  "outside-access": "no",
  "outside-appointments": "no",
  "beneficial-potential": "Clearer proofs for students.",
};

beforeAll(async () => {
  server = await startServer();
  projectId = (await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Combinatorics of tilings" })).id;
  researcher = new Client(server.url);
  await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

describe("answering", () => {
  test("answers sent after the session ended are kept and shown again after signing in", async () => {
    expect((await researcher.post(`/projects/${projectId}/assessment`)).status).toBe(302);
    const section = `/projects/${projectId}/assessment/about-the-work`;
    const stranger = new Client(server.url); // no session: as if it had expired
    const refused = await stranger.post(section, { ...benign, intent: "continue" });
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(section)}`);
    expect(stranger.cookies.get("upstream_pending")).toBeTruthy();
    await stranger.login("researcher@demo-university.example", DEMO_PASSWORD);
    const page = await (await stranger.get(section)).text();
    expect(visibleText(page)).toMatch(/We kept what you typed/);
    expect(page).toMatch(/checked="" value="basic"|value="basic" checked=""/);
    expect(page).toContain("Clearer proofs for students.");
    // The kept copy is used once.
    expect(visibleText(await (await stranger.get(section)).text())).not.toMatch(/We kept what you typed/);
  });

  test("a kept copy signed with another key is ignored", async () => {
    const client = new Client(server.url);
    await client.login("researcher@demo-university.example", DEMO_PASSWORD);
    client.cookies.set("upstream_pending", `${Buffer.from(JSON.stringify({ key: `assessment:${projectId}:about-the-work`, form: { "research-type": "development" } })).toString("base64url")}.forged`);
    const page = visibleText(await (await client.get(`/projects/${projectId}/assessment/about-the-work`)).text());
    expect(page).not.toMatch(/We kept what you typed/);
  });

  test("a missing answer is reported next to the question and everything else is kept", async () => {
    const { "foreseeable-misuse": _skip, ...partial } = benign;
    const response = await researcher.post(`/projects/${projectId}/assessment/about-the-work`, { ...partial, intent: "continue" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toMatch(/There is a problem/);
    expect(html).toContain('href="#foreseeable-misuse"');
    const stored = server.db.select().from(assessments).where(eq(assessments.projectId, projectId)).get()!;
    expect(stored.answers["research-type"]).toBe("basic");
    expect(stored.answers["foreseeable-misuse"]).toBeUndefined();
  });

  test("submitting computes the profile, freezes the facts, and the officer can read the result", async () => {
    await researcher.post(`/projects/${projectId}/assessment/about-the-work`, { ...benign, intent: "continue" });
    const review = await researcher.get(`/projects/${projectId}/assessment/review`);
    expect(review.status).toBe(200);
    const submitted = await researcher.post(`/projects/${projectId}/assessment/review`);
    expect(submitted.status).toBe(302);
    const location = submitted.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/projects/${projectId}/assessments/\\d+$`));
    const row = server.db.select().from(assessments).where(eq(assessments.projectId, projectId)).get()!;
    expect(row).toMatchObject({ status: "submitted", modelVersion: "1.0.0", levelMilitary: "none", levelHumanRights: "none" });
    expect((row.facts as { technologyAreas: string[] }).technologyAreas).toEqual(["pure-mathematics"]);
    expect(server.db.select().from(projects).where(eq(projects.id, projectId)).get()!.status).toBe("active");
    // The project's history names the dimensions as the pages do.
    const history = server.db.select().from(projectEvents).where(and(eq(projectEvents.projectId, projectId), eq(projectEvents.action, "assessment.submit"))).get()!;
    expect(history.summary).toBe("Submitted the self-assessment: military and dual use: none; human rights: none; transfer of know-how: none; partners: none.");

    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    expect(visibleText(await (await officer.get(location)).text())).toMatch(/Your project's profile/);
    const elsewhere = new Client(server.url);
    await elsewhere.login("officer@second-university.example", DEMO_PASSWORD);
    expect((await elsewhere.get(location)).status).toBe(404);
    // Only the researcher answers.
    expect((await officer.post(`/projects/${projectId}/assessment`)).status).toBe(403);
  });

  test("the self-assessment's pages, reached again after submitting, lead to the result", async () => {
    const result = server.db.select().from(assessments).where(and(eq(assessments.projectId, projectId), eq(assessments.status, "submitted"))).get()!;
    const resultPath = `/projects/${projectId}/assessments/${result.id}`;
    // The reminder e-mails' link, a part and the review (as Back brings them up), and the review sent twice.
    for (const response of [
      await researcher.get(`/projects/${projectId}/assessment`),
      await researcher.get(`/projects/${projectId}/assessment/about-the-work`),
      await researcher.get(`/projects/${projectId}/assessment/review`),
      await researcher.post(`/projects/${projectId}/assessment/review`),
      await researcher.post(`/projects/${projectId}/assessment/about-the-work`, { ...benign, intent: "continue" }),
    ]) {
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(resultPath);
    }
    const page = visibleText(await (await researcher.get(resultPath)).text());
    expect(page).toMatch(/This self-assessment has been submitted: here is its result/);
    expect(server.db.select().from(assessments).where(eq(assessments.projectId, projectId)).all()).toHaveLength(1);
  });

  test("a project that never started one sends its pages to the project", async () => {
    const fresh = (await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Tilings never assessed" })).id;
    const response = await researcher.get(`/projects/${fresh}/assessment/review`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${fresh}`);
    expect(visibleText(await (await researcher.get(`/projects/${fresh}`)).text())).toMatch(/This project has no self-assessment in progress/);
  });

  test("a new partner after an assessment asks for a new one, which starts from the previous answers", async () => {
    await researcher.post(`/projects/${projectId}/partners`, { intent: "add", name: "Universidade do Porto", country: "PT", kind: "university", role: "Co-author" });
    const page = visibleText(await (await researcher.get(`/projects/${projectId}`)).text());
    expect(page).toMatch(/Please assess this project again/);
    expect(page).toMatch(/a new partner, Universidade do Porto, was added/);
    expect((await researcher.post(`/projects/${projectId}/assessment`)).status).toBe(302);
    const open = server.db.select().from(assessments).where(eq(assessments.status, "in_progress")).get()!;
    expect(open.answers["research-type"]).toBe("basic");
    // The re-assessment asks what changed.
    const first = await researcher.get(`/projects/${projectId}/assessment`);
    expect(first.headers.get("Location")).toBe(`/projects/${projectId}/assessment/changes`);
    // Earlier assessments stay readable.
    expect(server.db.select().from(assessments).where(eq(assessments.status, "submitted")).all()).toHaveLength(1);
  });
});

describe("upstream assess", () => {
  test("prints a profile for each project of the documented example, storing nothing", () => {
    const databasePath = freshDatabasePath();
    const result = spawnSync(process.execPath, [join(ROOT, "bin/upstream.mjs"), "assess", "--file", join(ROOT, "docs/formats/projects-v1.example.json"), "--json"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: databasePath },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as { title: string; profile: { dimensions: Record<string, { level: string }> } }[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const maths = rows.find((r) => /primes/.test(r.title))!;
    const crowd = rows.find((r) => /crowd emotions/.test(r.title))!;
    expect(Object.values(maths.profile.dimensions).every((d) => ["none", "low"].includes(d.level))).toBe(true);
    expect(["high", "critical"]).toContain(crowd.profile.dimensions.human_rights!.level);
  });

  test("a malformed file names the project and the field", () => {
    const databasePath = freshDatabasePath();
    const file = join(dirname(databasePath), "broken.json");
    writeFileSync(file, JSON.stringify({ format: "upstream.projects/v1", projects: [{ title: "Broken", trl: 12 }] }));
    const result = spawnSync(process.execPath, [join(ROOT, "bin/upstream.mjs"), "assess", "--file", file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: databasePath },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Broken/);
    expect(result.stderr).toMatch(/project 1 \("Broken"\), field "summary"/);
  });
});
