// Projects over HTTP: registration with validation that keeps what was typed, partners
// screened as they are added, the history, and who may see and change what.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, projectPartners, projects } from "../../db/schema";
import { DEMO_PASSWORD, ensureUser } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let researcher: Client;
let colleague: Client;
let officer: Client;
let otherOfficer: Client;

beforeAll(async () => {
  server = await startServer();
  await ensureUser(server.db, { email: "colleague@demo-university.example", name: "Dr Colleague", role: "researcher", password: DEMO_PASSWORD, institutionId: 1 });
  researcher = new Client(server.url);
  await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
  colleague = new Client(server.url);
  await colleague.login("colleague@demo-university.example", DEMO_PASSWORD);
  officer = new Client(server.url);
  await officer.login("officer@demo-university.example", DEMO_PASSWORD);
  otherOfficer = new Client(server.url);
  await otherOfficer.login("officer@second-university.example", DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

async function register(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
  return fetch(`${server.url}/projects/new`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: `upstream_session=${researcher.sessionToken()}` },
    body,
  });
}

const valid = {
  title: "Swarm navigation for underwater gliders",
  summary: "We develop cooperative navigation algorithms for low-cost underwater gliders and test them in a tank.",
  field: "Marine robotics",
  technologyAreas: ["robotics-autonomous-systems", "marine-underwater"],
  trl: "3",
  startDate: "2027-01-01",
  endDate: "2029-12-31",
};

describe("registering a project", () => {
  test("invalid input is answered next to each field and keeps everything typed", async () => {
    const response = await register({ ...valid, title: "", trl: "12", endDate: "2026-01-01" });
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toMatch(/Give the project a title/);
    expect(text).toMatch(/Choose a level from 1 to 9/);
    expect(text).toMatch(/The end date must be on or after the start date/);
    expect(html).toContain(`value="${valid.field}"`);
    expect(html).toMatch(/checked="" value="robotics-autonomous-systems"/);
    expect(html).toMatch(/checked="" value="marine-underwater"/);
  });

  test("a technology area outside the taxonomy is refused", async () => {
    const response = await register({ ...valid, technologyAreas: ["time-travel"] });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toMatch(/Choose technology areas from the list/);
  });

  test("a valid project is saved as a draft of its owner, with its history", async () => {
    const response = await register(valid);
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(/^\/projects\/\d+$/);
    const page = visibleText(await (await researcher.get(location)).text());
    expect(page).toMatch(/Swarm navigation for underwater gliders/);
    expect(page).toMatch(/Draft/);
    expect(page).toMatch(/TRL 3: Experimental proof of concept/);
    expect(page).toMatch(/Dr Rosa Researcher: Registered the project at TRL 3/);
    const stored = server.db.select().from(projects).where(eq(projects.title, valid.title)).get()!;
    expect(stored.status).toBe("draft");
  });
});

describe("partners", () => {
  let projectId: number;
  beforeAll(() => {
    projectId = server.db.select().from(projects).where(eq(projects.title, valid.title)).get()!.id;
  });

  test("a partner is screened as it is added; a match is worded as a check, not an accusation", async () => {
    const response = await researcher.post(`/projects/${projectId}/partners`, { intent: "add", name: "Harbin Engineering Univ.", country: "CN", kind: "university", role: "Co-develops the navigation filter" });
    expect(response.status).toBe(302);
    const page = visibleText(await (await researcher.get(`/projects/${projectId}`)).text());
    expect(page).toMatch(/Please check this partner with your compliance office/);
    expect(page).toMatch(/often a namesake and is not an accusation/);
    expect(page).toMatch(/Harbin Engineering University/);
    expect(page).toMatch(/Added the partner Harbin Engineering Univ. \(CN\)/);
    const audit = server.db.select().from(auditEvents).where(eq(auditEvents.action, "project.partner-add")).get()!;
    expect(audit.details).toMatchObject({ partner: "Harbin Engineering Univ.", country: "CN" });
  });

  test("an ordinary partner raises nothing", async () => {
    await researcher.post(`/projects/${projectId}/partners`, { intent: "add", name: "Universität Musterstadt", country: "DE", kind: "university", role: "Tank tests" });
    const html = await (await researcher.get(`/projects/${projectId}`)).text();
    const section = visibleText(html).split("Universität Musterstadt").at(-1)!.split("Funding")[0]!;
    expect(section).not.toMatch(/Please check this partner/);
  });

  test("missing partner details are refused with messages and nothing is stored", async () => {
    const before = server.db.select().from(projectPartners).all().length;
    const response = await researcher.post(`/projects/${projectId}/partners`, { intent: "add", name: "Acme Robotics", country: "", kind: "", role: "" });
    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text).toMatch(/Choose what kind of organisation it is/);
    expect(text).toMatch(/Say in a few words what the partner does/);
    expect(server.db.select().from(projectPartners).all()).toHaveLength(before);
  });

  test("the officer of the institution sees the project and its partners but cannot change them", async () => {
    const page = visibleText(await (await officer.get(`/projects/${projectId}`)).text());
    expect(page).toMatch(/Harbin Engineering Univ./);
    expect(page).not.toMatch(/Add a partner/);
    expect((await officer.get(`/projects/${projectId}/partners`)).status).toBe(403);
    const list = visibleText(await (await officer.get("/office/projects")).text());
    expect(list).toMatch(/Swarm navigation for underwater gliders/);
    expect(list).toMatch(/Dr Rosa Researcher/);
  });

  test("a colleague at the same institution and an officer elsewhere cannot see the project", async () => {
    expect((await colleague.get(`/projects/${projectId}`)).status).toBe(404);
    expect((await colleague.post(`/projects/${projectId}/partners`, { intent: "remove", partnerId: "1" })).status).toBe(404);
    expect((await otherOfficer.get(`/projects/${projectId}`)).status).toBe(404);
    expect(visibleText(await (await colleague.get("/projects")).text())).not.toMatch(/Swarm navigation/);
    expect(visibleText(await (await otherOfficer.get("/office/projects")).text())).not.toMatch(/Swarm navigation/);
  });

  test("funders and team members are added and removed, by name and role only", async () => {
    expect((await researcher.post(`/projects/${projectId}/funders`, { intent: "add", name: "Ocean Research Council", country: "DE", kind: "public" })).status).toBe(302);
    expect((await researcher.post(`/projects/${projectId}/team`, { intent: "add", name: "Mia Student", role: "doctoral researcher" })).status).toBe(302);
    const page = visibleText(await (await researcher.get(`/projects/${projectId}`)).text());
    expect(page).toMatch(/Ocean Research Council \(Public research funder, Germany\)/);
    expect(page).toMatch(/Mia Student, doctoral researcher/);
    const form = await (await researcher.get(`/projects/${projectId}/team`)).text();
    expect(form).not.toMatch(/nationality"|name="nationality/i);
  });
});
