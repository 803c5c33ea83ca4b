// Cases end to end over HTTP against the real server: triage opens one case per flagged
// project, the queue filters and exports it, two officers cannot both take it, the researcher
// answers a question, decisions are validated, four-eyes kinds wait for a second officer,
// review dates reopen, and nothing crosses to another institution.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, caseDecisions, caseEvents, cases, flags, projects, users } from "../../db/schema";
import { actorFor, addPartnerFor, DEMO_PASSWORD, ensureCase, ensureUser, seedDemoProjects } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { reopenDueReviews, syncCases } from "../../app/modules/cases/cases.server";
import { addWorkingDays } from "../../app/modules/cases/policy";
import { retriageInstitution } from "../../app/modules/triage/triage.server";

let server: TestServer;
let officer: Client;
let peer: Client;
let researcher: Client;
let crowdId: number;
let caseId: number;

const caseRow = (id: number) => server.db.select().from(cases).where(eq(cases.id, id)).get()!;
const eventsOf = (id: number) => server.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).all();

beforeAll(async () => {
  server = await startServer();
  const demo = server.db.select().from(users).where(eq(users.email, "officer@demo-university.example")).get()!;
  await ensureUser(server.db, { email: "peer@demo-university.example", name: "Petra Peer", role: "officer", institutionId: demo.institutionId, password: DEMO_PASSWORD });
  await seedDemoProjects(server.db);
  crowdId = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!.id;
  caseId = server.db.select().from(cases).where(and(eq(cases.projectId, crowdId), eq(cases.isOpen, 1))).get()!.id;
  officer = new Client(server.url);
  await officer.login("officer@demo-university.example", DEMO_PASSWORD);
  peer = new Client(server.url);
  await peer.login("peer@demo-university.example", DEMO_PASSWORD);
  researcher = new Client(server.url);
  await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

describe("opening cases", () => {
  test("triage groups a project's flags into one case at their highest severity, due by the office's deadline", () => {
    const all = server.db.select().from(cases).where(eq(cases.projectId, crowdId)).all();
    expect(all).toHaveLength(1);
    const c = all[0]!;
    const open = server.db.select().from(flags).where(and(eq(flags.projectId, crowdId), eq(flags.status, "open"))).all();
    expect(open.length).toBeGreaterThan(1);
    const highest = open.some((f) => f.severity === "critical") ? "critical" : "high";
    expect(c.severity).toBe(highest);
    expect(c.status).toBe("new");
    // Due by the deadline of the highest severity, counted from when the case reached it.
    const reached = eventsOf(c.id).filter((e) => e.kind === "opened" || /Severity raised/.test(e.summary)).at(-1)!.at;
    expect(c.dueAt.getTime()).toBe(addWorkingDays(reached, highest === "critical" ? 2 : 5).getTime());
    for (const f of open) expect(c.dimensions).toContain(`,${f.dimension},`);
    // The benign project has no flags and no case.
    const knot = server.db.select().from(projects).where(eq(projects.title, "Knot invariants of three-manifolds")).get()!;
    expect(server.db.select().from(cases).where(eq(cases.projectId, knot.id)).all()).toHaveLength(0);
  });

  test("re-triage does not open a second case, and a case left without flags closes itself while untouched", () => {
    const institutionId = caseRow(caseId).institutionId;
    retriageInstitution(server.db, institutionId);
    expect(server.db.select().from(cases).where(eq(cases.projectId, crowdId)).all()).toHaveLength(1);

    const actor = actorFor(server.db, "researcher@demo-university.example");
    return addPartnerFor(server.db, actor, "A project whose flag goes away", { name: "Harbin Institute of Technology", country: "CN", kind: "university", role: "Shares data" }).then((projectId) => {
      const opened = server.db.select().from(cases).where(eq(cases.projectId, projectId)).get()!;
      expect(opened.isOpen).toBe(1);
      const later = new Date(Date.now() + 1000);
      server.db.update(flags).set({ status: "closed", closedAt: later, closedReason: "test" }).where(eq(flags.projectId, projectId)).run();
      server.db.transaction(() => syncCases(server.db, institutionId, [projectId], later));
      const closed = caseRow(opened.id);
      expect(closed.status).toBe("closed");
      expect(eventsOf(opened.id).map((e) => e.summary).join(" ")).toMatch(/closed itself/);
    });
  });
});

describe("the queue", () => {
  test("lists open cases with project, PI, severity and status, and filters by partner name and severity", async () => {
    const page = visibleText(await (await officer.get("/office/cases")).text());
    expect(page).toMatch(/Crowd-emotion recognition in public video/);
    expect(page).toMatch(/Dr Rosa Researcher/);
    expect(page).toMatch(/New/);
    const byPartner = visibleText(await (await officer.get("/office/cases?q=Harbin+Inst.")).text());
    expect(byPartner).toMatch(/Crowd-emotion recognition/);
    const none = visibleText(await (await officer.get("/office/cases?q=Nonexistent+Partner+Name")).text());
    expect(none).toMatch(/No case matches these filters/);
    const low = visibleText(await (await officer.get("/office/cases?severity=info")).text());
    expect(low).not.toMatch(/Crowd-emotion recognition/);
  });

  test("the total, kept by the database for the unfiltered queue and counted for a filtered one, is the number of open cases", async () => {
    const institutionId = caseRow(caseId).institutionId;
    const openCount = () => server.db.select().from(cases).where(and(eq(cases.institutionId, institutionId), eq(cases.isOpen, 1))).all().length;
    // The total in words, or 0 for the empty queue.
    const totalShown = async (path: string) => {
      const text = visibleText(await (await officer.get(path)).text());
      return /No open cases/.test(text) ? 0 : Number(text.match(/([\d,]+) cases?[,.]/)?.[1]?.replace(",", ""));
    };
    const before = openCount();
    expect(before).toBeGreaterThan(0);
    expect(await totalShown("/office/cases")).toBe(before);
    expect(await totalShown("/office/cases?sort=due")).toBe(before);
    expect(await totalShown("/office/cases?status=all")).toBe(server.db.select().from(cases).where(eq(cases.institutionId, institutionId)).all().length);
    // Closing a case by hand (as a decision does) changes the kept count at once.
    const other = caseRow(caseId);
    server.db.update(cases).set({ isOpen: 0, status: "closed", closedAt: new Date() }).where(eq(cases.id, other.id)).run();
    try {
      expect(await totalShown("/office/cases")).toBe(before - 1);
    } finally {
      server.db.update(cases).set({ isOpen: 1, status: other.status, closedAt: other.closedAt }).where(eq(cases.id, other.id)).run();
    }
    expect(await totalShown("/office/cases")).toBe(before);
  });

  test("an officer of another institution sees none of it", async () => {
    const other = new Client(server.url);
    await other.login("officer@second-university.example", DEMO_PASSWORD);
    expect(visibleText(await (await other.get("/office/cases")).text())).not.toMatch(/Crowd-emotion/);
    expect((await other.get(`/office/cases/${caseId}`)).status).toBe(404);
    expect((await other.post(`/office/cases/${caseId}`, { intent: "claim" })).status).toBe(404);
    expect((await other.post("/office/cases", [["caseId", String(caseId)], ["intent", "assign"], ["assigneeId", "none"]])).status).toBe(404);
    expect((await other.post("/office/cases/export", [["caseId", String(caseId)]])).status).toBe(404);
    expect(caseRow(caseId).assigneeId).toBeNull();
  });

  test("the CSV export is safe to open in a spreadsheet", async () => {
    const actor = actorFor(server.db, "researcher@demo-university.example");
    const projectId = await addPartnerFor(server.db, actor, "=HYPERLINK(\"http://example.com\",\"click\")", { name: "Harbin Institute of Technology", country: "CN", kind: "university", role: "Shares data" });
    const id = server.db.select().from(cases).where(eq(cases.projectId, projectId)).get()!.id;
    const response = await officer.post("/office/cases/export", [["caseId", String(id)], ["caseId", String(caseId)]]);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/text\/csv/);
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="cases-/);
    const csv = await response.text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("case,project_id,project,principal_investigator,severity,dimensions,status,assignee,opened,due,closed,decision");
    expect(lines).toHaveLength(3);
    expect(csv).toContain(`"'=HYPERLINK(""http://example.com"",""click"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    // Without a selection, the export takes every case matching the filters.
    const filtered = await (await officer.get("/office/cases/export?q=Crowd-emotion")).text();
    expect(filtered.trim().split("\r\n")).toHaveLength(2);
  });

  test("bulk assignment needs a selection, and reports what changed", async () => {
    const empty = await officer.post("/office/cases", { intent: "assign", assigneeId: "none" });
    expect(empty.status).toBe(400);
    const emptyPage = await empty.text();
    expect(visibleText(emptyPage)).toMatch(/Choose at least one case/);
    // What was chosen stays chosen.
    expect(emptyPage).toMatch(/<option value="none" selected="">Nobody \(back to the queue\)<\/option>/);
    const noStatus = await officer.post("/office/cases", [["caseId", String(caseId)], ["intent", "status"], ["moveTo", ""]]);
    expect(noStatus.status).toBe(400);
    const noStatusPage = await noStatus.text();
    expect(visibleText(noStatusPage)).toMatch(/Choose the new status/);
    expect(noStatusPage).toContain(`name="caseId" value="${caseId}" checked=""`);
    // Each field of the page has its own id: the filters' status and the bulk move are two fields.
    const ids = [...noStatusPage.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

describe("working a case", () => {
  test("two officers taking the same case at once: exactly one wins", async () => {
    const [a, b] = await Promise.all([officer.post(`/office/cases/${caseId}`, { intent: "claim" }), peer.post(`/office/cases/${caseId}`, { intent: "claim" })]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([302, 409]);
    const loser = a.status === 409 ? a : b;
    expect(visibleText(await loser.text())).toMatch(/has already taken this case/);
    const row = caseRow(caseId);
    expect(row.status).toBe("in_review");
    expect(eventsOf(caseId).filter((e) => e.kind === "claimed")).toHaveLength(1);
    // Leave the case with the demo officer for the rest of the story.
    const demoOfficer = server.db.select().from(users).where(eq(users.email, "officer@demo-university.example")).get()!;
    if (row.assigneeId !== demoOfficer.id) expect((await peer.post(`/office/cases/${caseId}`, { intent: "assign", assigneeId: String(demoOfficer.id) })).status).toBe(302);
    expect(caseRow(caseId).assigneeId).toBe(demoOfficer.id);
  });

  test("a question waits for the researcher, who answers on the project page; notes stay internal", async () => {
    const blank = await officer.post(`/office/cases/${caseId}`, { intent: "ask", body: "" });
    expect(blank.status).toBe(400);
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "ask", body: "Which footage does the partner provide, and who keeps it?" })).status).toBe(302);
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "note", note: "Internal: compare with last year's similar project." })).status).toBe(302);
    expect(caseRow(caseId).status).toBe("waiting_for_researcher");
    const queue = visibleText(await (await officer.get("/office/cases?status=waiting_for_researcher")).text());
    expect(queue).toMatch(/answer owed/);

    const project = visibleText(await (await researcher.get(`/projects/${crowdId}`)).text());
    expect(project).toMatch(/Your compliance office has asked you a question/);
    expect(project).toMatch(/Which footage does the partner provide/);
    expect(project).not.toMatch(/compare with last year/);

    const empty = await researcher.post(`/projects/${crowdId}/conversation`, { body: "" });
    expect(empty.status).toBe(400);
    // Without JavaScript the refusal is a page of its own: the problem at the top, one heading, the form below.
    const refusal = await empty.text();
    expect(visibleText(refusal)).toMatch(/Answer your compliance office .*There is a problem/);
    expect(refusal).toContain('href="#body"');
    expect(refusal).toContain('id="body"');
    expect(refusal.match(/<h[12][^>]*>Your compliance office</g) ?? []).toHaveLength(1);
    const answered = await researcher.post(`/projects/${crowdId}/conversation`, { body: "Public footage only; we keep it on university servers." });
    expect(answered.status).toBe(302);
    expect(caseRow(caseId).status).toBe("in_review");
    const page = visibleText(await (await officer.get(`/office/cases/${caseId}`)).text());
    expect(page).toMatch(/Public footage only; we keep it on university servers\./);
    expect(page).toMatch(/since the question/);
    expect(page).toMatch(/compare with last year/);
  });

  test("a decision needs its rationale and the fields its kind requires, and keeps what was typed", async () => {
    const response = await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "mitigations_agreed", rationale: "Agreed with the PI.", measure_1: "Keep footage in the EU" });
    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text).toMatch(/Name who is responsible for this measure/);
    expect(text).toMatch(/Set a date to check that the measures are in place/);
    expect(await (await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "mitigations_agreed", rationale: "Agreed with the PI.", measure_1: "Keep footage in the EU" })).text()).toContain('value="Keep footage in the EU"');
    const past = await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "no_concern", rationale: "Nothing here after all.", reviewOn: "2001-01-01" });
    expect(visibleText(await past.text())).toMatch(/Choose a review date after today/);
    const entry = await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "licence_required", rationale: "The models are close to a listed item.", controlEntry: "9Z999" });
    expect(visibleText(await entry.text())).toMatch(/is not an entry of the EU dual-use list/);
    expect(caseRow(caseId).isOpen).toBe(1);
  });

  test("four eyes: licence required waits for a second officer, and the proposer cannot confirm it", async () => {
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "licence_required", rationale: "The trained models fall near a listed item.", controlEntry: "5a002" })).status).toBe(302);
    expect(caseRow(caseId).isOpen).toBe(1);
    const pending = server.db.select().from(caseDecisions).where(eq(caseDecisions.caseId, caseId)).get()!;
    expect(pending.status).toBe("awaiting_confirmation");
    expect(pending.details.controlEntry).toBe("5A002");
    const self = await officer.post(`/office/cases/${caseId}`, { intent: "confirm" });
    expect(self.status).toBe(409);
    expect(visibleText(await self.text())).toMatch(/another officer must confirm it/);
    expect(caseRow(caseId).isOpen).toBe(1);
    const another = await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "no_concern", rationale: "Trying to go around the second officer." });
    expect(another.status).toBe(409);
    // The peer declines it; then the office settles on mitigations instead.
    expect((await peer.post(`/office/cases/${caseId}`, { intent: "decline", reason: "Not listed: the models are research prototypes." })).status).toBe(302);
    expect(server.db.select().from(caseDecisions).where(eq(caseDecisions.id, pending.id)).get()!.status).toBe("declined");
  });

  test("a confirmed four-eyes decision closes the case; the record shows who proposed and who confirmed", async () => {
    const actor = actorFor(server.db, "researcher@demo-university.example");
    const projectId = await addPartnerFor(server.db, actor, "A collaboration that will not proceed", { name: "Harbin Institute of Technology", country: "CN", kind: "university", role: "Receives the models" });
    const id = server.db.select().from(cases).where(eq(cases.projectId, projectId)).get()!.id;
    expect((await peer.post(`/office/cases/${id}`, { intent: "decide", kind: "not_to_proceed", rationale: "The partner is listed; the transfer would need a licence we would not get." })).status).toBe(302);
    expect((await officer.post(`/office/cases/${id}`, { intent: "confirm" })).status).toBe(302);
    const row = caseRow(id);
    expect(row.status).toBe("closed");
    const decision = server.db.select().from(caseDecisions).where(eq(caseDecisions.caseId, id)).get()!;
    expect(decision.status).toBe("in_force");
    expect(decision.requestedBy).not.toBe(decision.confirmedBy);
    const record = visibleText(await (await officer.get(`/office/cases/${id}/record`)).text());
    expect(record).toMatch(/Collaboration not to proceed/);
    expect(record).toMatch(/confirmed by Oskar Officer/);
    expect(record).toMatch(/Proposed by Petra Peer/);
    const audit = server.db.select().from(auditEvents).where(and(eq(auditEvents.targetType, "case"), eq(auditEvents.targetId, String(id)))).all().map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["case.decision-request", "case.decision-confirm", "case.record-view"]));
  });

  test("mitigations agreed with a review date close the case; the date reopens it; a reason reopens it by hand", async () => {
    const response = await officer.post(`/office/cases/${caseId}`, {
      intent: "decide",
      kind: "mitigations_agreed",
      rationale: "Footage stays on university servers; the partner gets model outputs only.",
      measure_1: "Keep raw footage on university servers",
      owner_1: "Dr Rosa Researcher",
      measure_2: "Share aggregate outputs only",
      owner_2: "Project data steward",
      reviewOn: "2099-06-30",
    });
    expect(response.status).toBe(302);
    const row = caseRow(caseId);
    expect(row.status).toBe("closed");
    expect(row.reviewOn).toBe("2099-06-30");
    // The researcher sees the decision and the measures, not the office's rationale.
    const project = visibleText(await (await researcher.get(`/projects/${crowdId}`)).text());
    expect(project).toMatch(/Decision: Mitigations agreed/);
    expect(project).toMatch(/Share aggregate outputs only/);
    expect(project).not.toMatch(/the partner gets model outputs only/);
    // Re-triage does not open a new case for the flags the decision covered.
    retriageInstitution(server.db, row.institutionId);
    expect(server.db.select().from(cases).where(and(eq(cases.projectId, crowdId), eq(cases.isOpen, 1))).all()).toHaveLength(0);
    // The review date comes.
    expect(reopenDueReviews(server.db, new Date("2099-06-29T12:00:00Z")).reopened).toBe(0);
    expect(reopenDueReviews(server.db, new Date("2099-06-30T08:00:00Z")).reopened).toBe(1);
    expect(caseRow(caseId).status).toBe("in_review");
    expect(server.db.select().from(caseDecisions).where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.kind, "mitigations_agreed"))).get()!.status).toBe("reopened");
    // Decide again without a review date, then reopen by hand with a reason.
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "exemption", exemption: "basic-scientific-research", rationale: "Results are published openly; no transfer beyond publication." })).status).toBe(302);
    const noReason = await officer.post(`/office/cases/${caseId}`, { intent: "reopen", reason: "" });
    expect(noReason.status).toBe(400);
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "reopen", reason: "The partner was added to a screening list." })).status).toBe(302);
    expect(caseRow(caseId).status).toBe("in_review");
    const timeline = visibleText(await (await officer.get(`/office/cases/${caseId}`)).text());
    for (const step of ["Case opened by triage", "took the case", "asked the researcher", "answered", "proposed “Licence required”", "declined the proposed", "decided: Mitigations agreed", "review date was reached", "decided: Fundamental or basic research exemption applies", "reopened the case"]) {
      expect(timeline).toContain(step);
    }
  });

  test("a new flag after a decision opens a new case", async () => {
    const id = ensureCase(server.db, crowdId); // the reopened case is still open: no new one
    expect(id).toBe(caseId);
    expect((await officer.post(`/office/cases/${caseId}`, { intent: "decide", kind: "no_concern", rationale: "Reviewed again; nothing new." })).status).toBe(302);
    const later = new Date(Date.now() + 5_000);
    const institutionId = caseRow(caseId).institutionId;
    server.db.insert(flags).values({ institutionId, projectId: crowdId, ruleId: "late-rule", ruleSetVersion: "baseline-1", title: "A later flag", severity: "medium", dimension: "itt", evidence: [], status: "open", openedAt: later, updatedAt: later }).run();
    server.db.transaction(() => syncCases(server.db, institutionId, [crowdId], later));
    const open = server.db.select().from(cases).where(and(eq(cases.projectId, crowdId), eq(cases.isOpen, 1))).get()!;
    expect(open.id).not.toBe(caseId);
    expect(eventsOf(open.id)[0]!.summary).toMatch(/A later flag/);
  });

  test("deadlines are the office's to set, validated field by field", async () => {
    const bad = await officer.post("/office/cases/deadlines", { critical: "0", high: "5", medium: "x", low: "30", info: "60" });
    expect(bad.status).toBe(400);
    const text = visibleText(await bad.text());
    expect(text).toMatch(/At least 1 working day/);
    expect((await officer.post("/office/cases/deadlines", { critical: "1", high: "3", medium: "10", low: "20", info: "40", retentionYears: "8" })).status).toBe(302);
    const actor = actorFor(server.db, "researcher@demo-university.example");
    const projectId = await addPartnerFor(server.db, actor, "A project under new deadlines", { name: "Harbin Institute of Technology", country: "CN", kind: "university", role: "Shares data" });
    const c = server.db.select().from(cases).where(eq(cases.projectId, projectId)).get()!;
    expect(c.dueAt.getTime()).toBe(addWorkingDays(c.openedAt, ({ critical: 1, high: 3, medium: 10, low: 20, info: 40 } as Record<string, number>)[c.severity]!).getTime());
  });
});
