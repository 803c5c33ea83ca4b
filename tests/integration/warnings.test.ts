// Early warnings over HTTP against the real server: the officer reviews and sends a packet,
// the agency's analyst acknowledges, asks and closes, the institution answers and sees every
// step; the packet follows the documented format; the feed serves agency tokens only, and no
// other agency sees anything.
import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { auditEvents, caseEvents, cases, projects, users, warnings } from "../../db/schema";
import { actorFor, DEMO_PASSWORD, ensureAgency, ensureUser, seedDemoProjects } from "../factories";
import { Client, visibleText } from "../support/http";
import { ROOT } from "../support/paths";
import { startServer, type TestServer } from "../support/server";
import { createApiToken } from "../../app/modules/api/tokens.server";
import { warningJsonSchema, warningPacketSchema } from "../../app/modules/warnings/packet";

let server: TestServer;
let officer: Client;
let analyst: Client;
let outsider: Client;
let caseId: number;
let warningId: number;
let agencyToken: string;

const schemaFile = JSON.parse(readFileSync(`${ROOT}docs/formats/warning-v1.schema.json`, "utf8"));
const fromJsonSchema = z.fromJSONSchema(schemaFile);
const api = (path: string, token?: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/v1${path}`, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  const crowd = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
  caseId = server.db.select().from(cases).where(and(eq(cases.projectId, crowd.id), eq(cases.isOpen, 1))).get()!.id;
  const french = await ensureAgency(server.db, { name: "Agence française", countries: ["FR"] });
  await ensureUser(server.db, { email: "analyst@agence.example", name: "Fabienne Analyste", role: "analyst", agencyId: french.id, password: DEMO_PASSWORD });
  officer = new Client(server.url);
  await officer.login("officer@demo-university.example", DEMO_PASSWORD);
  analyst = new Client(server.url);
  await analyst.login("agency@export-agency.example", DEMO_PASSWORD);
  outsider = new Client(server.url);
  await outsider.login("analyst@agence.example", DEMO_PASSWORD);
  agencyToken = createApiToken(server.db, actorFor(server.db, "agency@export-agency.example"), "Agency case system").token;
});

afterAll(async () => {
  await server?.stop();
});

describe("escalation", () => {
  test("the form offers only the agencies covering the institution's country and previews the packet without naming the researcher", async () => {
    const page = visibleText(await (await officer.get(`/office/cases/${caseId}/escalate`)).text());
    expect(page).toMatch(/Export Control Agency/);
    expect(page).not.toMatch(/Agence française/);
    expect(page).toMatch(/What the agency will receive/);
    expect(page).toMatch(/Only the institution's contact person\. No researcher is named\./);
    expect(page).not.toMatch(/Rosa Researcher/);
  });

  test("bad input is answered next to the fields and keeps what was typed", async () => {
    const french = server.db.select().from(users).where(eq(users.email, "analyst@agence.example")).get()!.agencyId!;
    const wrong = await officer.post(`/office/cases/${caseId}/escalate`, [
      ["agencyIds", String(french)],
      ["urgency", "priority"],
      ["concern", "Too short"],
      ["includePi", "yes"],
      ["piReason", ""],
      ["intent", "send"],
    ]);
    expect(wrong.status).toBe(400);
    const text = visibleText(await wrong.text());
    expect(text).toMatch(/at least 20 characters/);
    expect(text).toMatch(/Say why the agency needs the principal investigator's name/);
    const other = await officer.post(`/office/cases/${caseId}/escalate`, [["agencyIds", String(french)], ["urgency", "priority"], ["concern", "A concern long enough to be a real description."], ["intent", "send"]]);
    expect(visibleText(await other.text())).toMatch(/Choose an agency that covers your institution's country/);
    expect(server.db.select().from(warnings).all()).toHaveLength(0);
  });

  test("sending stores a packet in the documented format, marks the case escalated and tells the timeline", async () => {
    const agencyId = server.db.select().from(users).where(eq(users.email, "agency@export-agency.example")).get()!.agencyId!;
    const sent = await officer.post(`/office/cases/${caseId}/escalate`, [
      ["agencyIds", String(agencyId)],
      ["urgency", "immediate"],
      ["concern", "Emotion-recognition models are co-developed with a listed university that also provides footage; a visit is planned next week."],
      ["includePi", "yes"],
      ["piReason", "The agency will want to brief the researcher before the visit."],
      ["intent", "send"],
    ]);
    expect(sent.status).toBe(302);
    const row = server.db.select().from(warnings).where(eq(warnings.caseId, caseId)).get()!;
    warningId = row.id;
    const packet = warningPacketSchema.parse(row.packet);
    expect(fromJsonSchema.safeParse(row.packet).success).toBe(true);
    expect(packet.id).toBe(`UPW-${row.id}`);
    expect(packet.urgency).toBe("immediate");
    expect(packet.personalData.principalInvestigator).toEqual({ name: "Dr Rosa Researcher", reason: "The agency will want to brief the researcher before the visit." });
    expect(packet.partners[0]!.screening.some((m) => m.entry === "Harbin Institute of Technology")).toBe(true);
    expect(packet.technology.controlList.categories.length).toBeGreaterThan(0);
    expect(packet.flags.length).toBeGreaterThan(0);
    expect(server.db.select().from(cases).where(eq(cases.id, caseId)).get()!.status).toBe("escalated");
    expect(server.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "escalated"))).all()).toHaveLength(1);
    // Once per agency: a second send is refused.
    const again = await officer.post(`/office/cases/${caseId}/escalate`, [["agencyIds", String(agencyId)], ["urgency", "routine"], ["concern", "The same concern sent a second time to the agency."], ["intent", "send"]]);
    expect(again.status).toBe(409);
  });
});

describe("the agency's side", () => {
  test("the analyst's inbox lists it; another agency's analyst sees nothing of it", async () => {
    const inbox = visibleText(await (await analyst.get("/agency/warnings")).text());
    expect(inbox).toMatch(new RegExp(`UPW-${warningId}`));
    expect(inbox).toMatch(/Immediate/);
    expect(inbox).toMatch(/Demo University/);
    expect(visibleText(await (await outsider.get("/agency/warnings")).text())).toMatch(/No open warnings/);
    expect((await outsider.get(`/agency/warnings/${warningId}`)).status).toBe(404);
    expect((await outsider.post(`/agency/warnings/${warningId}`, { intent: "acknowledge" })).status).toBe(404);
    // The agency sees nothing else of the institution.
    expect((await analyst.get(`/office/cases/${caseId}`)).status).toBe(403);
  });

  test("acknowledge, ask, answer from the case, close: both sides see each step", async () => {
    expect((await analyst.post(`/agency/warnings/${warningId}`, { intent: "acknowledge" })).status).toBe(302);
    expect((await analyst.post(`/agency/warnings/${warningId}`, { intent: "acknowledge" })).status).toBe(409);
    const empty = await analyst.post(`/agency/warnings/${warningId}`, { intent: "ask", body: "" });
    expect(empty.status).toBe(400);
    expect((await analyst.post(`/agency/warnings/${warningId}`, { intent: "ask", body: "When exactly is the visit, and who travels?" })).status).toBe(302);

    const casePage = visibleText(await (await officer.get(`/office/cases/${caseId}`)).text());
    expect(casePage).toMatch(/More information asked/);
    expect(casePage).toMatch(/When exactly is the visit, and who travels\?/);
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "agency-answer", warningId: String(warningId), answer: "On 3 December; two doctoral researchers." })).status).toBe(302);
    expect(server.db.select().from(warnings).where(eq(warnings.id, warningId)).get()!.status).toBe("acknowledged");

    const noOutcome = await analyst.post(`/agency/warnings/${warningId}`, { intent: "close", outcome: "" });
    expect(noOutcome.status).toBe(400);
    expect((await analyst.post(`/agency/warnings/${warningId}`, { intent: "close", outcome: "guidance_given", note: "We briefed the office on deemed exports." })).status).toBe(302);

    const thread = visibleText(await (await analyst.get(`/agency/warnings/${warningId}`)).text());
    for (const step of ["sent the warning", "acknowledged the warning", "asked the institution", "On 3 December; two doctoral researchers.", "closed the warning: Guidance given to the institution"]) expect(thread).toContain(step);
    const timeline = visibleText(await (await officer.get(`/office/cases/${caseId}`)).text());
    for (const step of ["escalated the case to Export Control Agency", "acknowledged warning", "asks for more information", "answered the agency", "closed warning", "Guidance given to the institution"]) expect(timeline).toContain(step);
    const actions = server.db.select().from(auditEvents).where(and(eq(auditEvents.targetType, "warning"), eq(auditEvents.targetId, String(warningId)))).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["warning.send", "warning.acknowledge", "warning.ask", "warning.answer", "warning.close"]));
  });
});

describe("the feed for agencies' systems", () => {
  test("JSON for the agency's token, filtered by status and date", async () => {
    const all = await api("/warnings", agencyToken);
    expect(all.status).toBe(200);
    const body = (await all.json()) as { warnings: { packet: unknown; status: string; outcome: string }[] };
    expect(body.warnings).toHaveLength(1);
    expect(warningPacketSchema.safeParse(body.warnings[0]!.packet).success).toBe(true);
    expect(body.warnings[0]!.outcome).toBe("guidance_given");
    expect(((await (await api("/warnings?status=new", agencyToken)).json()) as { warnings: unknown[] }).warnings).toHaveLength(0);
    expect(((await (await api("/warnings?since=2999-01-01", agencyToken)).json()) as { warnings: unknown[] }).warnings).toHaveLength(0);
    const bad = await api("/warnings?since=yesterday", agencyToken);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems.join(" ")).toMatch(/since must be a date/);
  });

  test("an institution's token, another agency's token and no token get nothing", async () => {
    const institutionToken = createApiToken(server.db, actorFor(server.db, "officer@demo-university.example"), "Research information system").token;
    expect((await api("/warnings", institutionToken)).status).toBe(403);
    const otherToken = createApiToken(server.db, actorFor(server.db, "analyst@agence.example"), "French system").token;
    expect(((await (await api("/warnings", otherToken)).json()) as { warnings: unknown[] }).warnings).toHaveLength(0);
    expect((await api("/warnings")).status).toBe(401);
  });

  test("the Atom feed carries the same warnings, with Bearer or Basic authentication", async () => {
    const bearer = await api("/warnings.atom", agencyToken);
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get("Content-Type")).toMatch(/application\/atom\+xml/);
    const xml = await bearer.text();
    expect(xml).toContain(`<id>urn:upstream:warning:UPW-${warningId}</id>`);
    expect(xml).toMatch(/<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const basic = await api("/warnings.atom", undefined, { Authorization: `Basic ${Buffer.from(`reader:${agencyToken}`).toString("base64")}` });
    expect(basic.status).toBe(200);
    expect(await basic.text()).toContain(`UPW-${warningId}`);
  });
});

describe("the format", () => {
  test("the documented JSON Schema is the one the portal validates with, and the example passes both", () => {
    expect(schemaFile).toEqual(JSON.parse(JSON.stringify(warningJsonSchema())));
    const example = JSON.parse(readFileSync(`${ROOT}docs/formats/warning-v1.example.json`, "utf8"));
    expect(warningPacketSchema.safeParse(example).success).toBe(true);
    expect(fromJsonSchema.safeParse(example).success).toBe(true);
    for (const broken of [{ ...example, format: "upstream.warning/v2" }, { ...example, urgency: "soon" }, { ...example, extra: 1 }, { ...example, personalData: { included: [], principalInvestigator: null } }]) {
      expect(fromJsonSchema.safeParse(broken).success).toBe(false);
      expect(warningPacketSchema.safeParse(broken).success).toBe(false);
    }
  });
});
