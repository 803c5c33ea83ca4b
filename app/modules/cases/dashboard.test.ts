import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../../db/client.server";
import { caseDecisions, cases, flags } from "../../../db/schema";
import type { Actor } from "../auth/actor";
import { actorFor, ensureInstitution, ensureProject, ensureUser, seedDemo } from "../../../tests/factories";
import { TMP_DIR } from "../../../tests/support/paths";
import { ForbiddenError } from "../errors";
import { officeDashboard } from "./dashboard.server";
import { RANKED_SEVERITIES } from "./labels";

const DAY = 86_400_000;
const now = new Date("2026-03-02T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const ahead = (days: number) => new Date(now.getTime() + days * DAY);

let db: Db;
let officer: Actor;
let secondOfficer: Actor;
let emptyOfficer: Actor;
const project: Record<string, number> = {};

type CaseSeed = { projectId: number; severity: (typeof RANKED_SEVERITIES)[number]; openedAt: Date; dueAt: Date; closedAt?: Date };

function addCase(institutionId: number, seed: CaseSeed) {
  return db
    .insert(cases)
    .values({
      institutionId,
      projectId: seed.projectId,
      status: seed.closedAt ? "closed" : "in_review",
      isOpen: seed.closedAt ? 0 : 1,
      severity: seed.severity,
      severityRank: RANKED_SEVERITIES.indexOf(seed.severity),
      dimensions: ",military,",
      openedAt: seed.openedAt,
      dueAt: seed.dueAt,
      updatedAt: seed.closedAt ?? seed.openedAt,
      closedAt: seed.closedAt ?? null,
    })
    .returning()
    .get();
}

function addDecision(
  row: { id: number; institutionId: number },
  by: Actor,
  kind: (typeof caseDecisions.$inferInsert)["kind"],
  status: (typeof caseDecisions.$inferInsert)["status"],
  confirmedAt: Date | null,
) {
  db.insert(caseDecisions)
    .values({ caseId: row.id, institutionId: row.institutionId, kind, status, rationale: "Reasoned in the test.", details: {}, requestedBy: by.userId, requestedAt: confirmedAt ?? now, confirmedAt })
    .run();
}

function addFlag(institutionId: number, projectId: number, ruleId: string, title: string, status: "open" | "closed", openedAt: Date) {
  db.insert(flags)
    .values({ institutionId, projectId, ruleId, ruleSetVersion: "baseline-1", title, severity: "high", dimension: "military", evidence: [], status, openedAt, updatedAt: openedAt })
    .run();
}

beforeAll(async () => {
  db = openDatabase(join(mkdtempSync(join(TMP_DIR, "dashboard-")), "upstream.db"));
  const { institutions } = await seedDemo(db);
  officer = actorFor(db, "officer@demo-university.example");
  secondOfficer = actorFor(db, "officer@second-university.example");
  const third = await ensureInstitution(db, { name: "Third College", country: "BE", domains: ["third-college.example"] });
  await ensureUser(db, { email: "officer@third-college.example", name: "Theo Third", role: "officer", password: "a long enough password", institutionId: third.id });
  emptyOfficer = actorFor(db, "officer@third-college.example");

  const owner = "researcher@demo-university.example";
  const shapes: [string, number, string[]][] = [
    ["P1", 2, ["ai-machine-learning"]],
    ["P2", 2, ["ai-machine-learning", "quantum-computing"]],
    ["P3", 4, ["quantum-computing"]],
    ["P4", 4, ["ai-machine-learning"]],
    ["P5", 9, ["pure-mathematics"]],
    ["P6", 1, ["pure-mathematics"]],
    ["P7", 1, ["pure-mathematics"]],
    ["P8", 1, ["pure-mathematics"]],
    ["P9", 1, ["pure-mathematics"]],
    ["P10", 1, ["pure-mathematics"]],
  ];
  for (const [name, trl, technologyAreas] of shapes) {
    project[name] = (await ensureProject(db, { ownerEmail: owner, title: `Dashboard project ${name}`, trl, technologyAreas })).id;
  }
  const demoId = institutions.demo.id;

  // Open cases: age in whole days decides the bucket (7 is still "0 to 7", 8 is not).
  addCase(demoId, { projectId: project.P1!, severity: "critical", openedAt: ago(2), dueAt: ahead(1) });
  addCase(demoId, { projectId: project.P2!, severity: "critical", openedAt: new Date(ago(7).getTime() - 3_600_000), dueAt: ago(1) });
  const c3 = addCase(demoId, { projectId: project.P3!, severity: "high", openedAt: ago(8), dueAt: ago(3) });
  addCase(demoId, { projectId: project.P4!, severity: "medium", openedAt: ago(30), dueAt: ahead(5) });
  addCase(demoId, { projectId: project.P5!, severity: "medium", openedAt: ago(31), dueAt: ago(10) });
  const c6 = addCase(demoId, { projectId: project.P6!, severity: "low", openedAt: ago(200), dueAt: ago(100) });

  // Closed cases: k1 late, k2 on time, k3 late (decided twice), k4 too long ago to count.
  const k1 = addCase(demoId, { projectId: project.P7!, severity: "high", openedAt: ago(20), dueAt: ago(15), closedAt: ago(10) });
  const k2 = addCase(demoId, { projectId: project.P8!, severity: "medium", openedAt: ago(40), dueAt: ago(20), closedAt: ago(36) });
  const k3 = addCase(demoId, { projectId: project.P9!, severity: "high", openedAt: ago(50), dueAt: ago(45), closedAt: ago(40) });
  const k4 = addCase(demoId, { projectId: project.P10!, severity: "low", openedAt: ago(400), dueAt: ago(390), closedAt: ago(380) });

  addDecision(k1, officer, "no_concern", "in_force", ago(10)); // 10 days
  addDecision(k2, officer, "mitigations_agreed", "in_force", ago(36)); // 4 days
  addDecision(k3, officer, "no_concern", "reopened", ago(44)); // 6 days
  addDecision(k3, officer, "licence_required", "in_force", ago(40)); // 10 days
  addDecision(k4, officer, "no_concern", "in_force", ago(380)); // outside the year
  // Decisions that never took effect do not count.
  addDecision(c3, officer, "not_to_proceed", "declined", null);
  addDecision(c6, officer, "licence_required", "awaiting_confirmation", null);

  addFlag(demoId, project.P7!, "partner-listed", "Partner on a screening list", "closed", ago(25));
  addFlag(demoId, project.P9!, "partner-listed", "Partner on a screening list", "open", ago(60));
  addFlag(demoId, project.P1!, "partner-listed", "Partner on a screening list", "open", ago(2));
  addFlag(demoId, project.P8!, "military-end-user", "Military end user", "closed", ago(45));
  // Raised after P7's decision: not a reason for that decision.
  addFlag(demoId, project.P7!, "military-end-user", "Military end user", "open", ago(5));
  addFlag(demoId, project.P2!, "sensitive-area", "Sensitive technology area", "open", ago(8));
  addFlag(demoId, project.P3!, "sensitive-area", "Sensitive technology area", "open", ago(8));
  addFlag(demoId, project.P4!, "sensitive-area", "Sensitive technology area", "open", ago(30));
  addFlag(demoId, project.P10!, "old-rule", "An old rule", "closed", ago(500));

  // The second institution's own work, which the first must never see.
  const q1 = (await ensureProject(db, { ownerEmail: "researcher@second-university.example", title: "Second's project", trl: 7, technologyAreas: ["weapons-defence"] })).id;
  const q2 = (await ensureProject(db, { ownerEmail: "researcher@second-university.example", title: "Second's other project", trl: 7, technologyAreas: ["weapons-defence"] })).id;
  addCase(institutions.second.id, { projectId: q1, severity: "critical", openedAt: ago(100), dueAt: ago(90) });
  const s2 = addCase(institutions.second.id, { projectId: q2, severity: "info", openedAt: ago(12), dueAt: ago(9), closedAt: ago(2) });
  addDecision(s2, secondOfficer, "no_concern", "in_force", ago(2));
  addFlag(institutions.second.id, q2, "partner-listed", "Partner on a screening list", "open", ago(12));
});

afterAll(() => db.$client.close());

describe("the office dashboard", () => {
  test("open cases are counted by severity and by age in whole days", () => {
    const { openBySeverityAndAge, totals } = officeDashboard(db, officer, now);
    expect(openBySeverityAndAge.buckets.map((b) => b.label)).toEqual(["0 to 7 days", "8 to 30 days", "31 to 90 days", "Over 90 days"]);
    expect(openBySeverityAndAge.rows).toEqual([
      { severity: "critical", counts: [2, 0, 0, 0], total: 2 },
      { severity: "high", counts: [0, 1, 0, 0], total: 1 },
      { severity: "medium", counts: [0, 1, 1, 0], total: 2 },
      { severity: "low", counts: [0, 0, 0, 1], total: 1 },
      { severity: "info", counts: [0, 0, 0, 0], total: 0 },
    ]);
    expect(totals).toEqual({ openCases: 6, projects: 10 });
  });

  test("overdue open cases, and cases closed late or on time in the last year", () => {
    expect(officeDashboard(db, officer, now).breaches).toEqual({ openOverdue: 4, closedLate: 2, closedOnTime: 1 });
  });

  test("the median time to a decision counts decisions that took effect, per severity", () => {
    const { timeToDecision } = officeDashboard(db, officer, now);
    expect(timeToDecision.count).toBe(4);
    expect(timeToDecision.medianDays).toBe(8); // 4, 6, 10, 10
    expect(timeToDecision.bySeverity).toEqual([
      { severity: "critical", medianDays: null, count: 0 },
      { severity: "high", medianDays: 10, count: 3 },
      { severity: "medium", medianDays: 4, count: 1 },
      { severity: "low", medianDays: null, count: 0 },
      { severity: "info", medianDays: null, count: 0 },
    ]);
  });

  test("decisions are counted per kind, with a row for every kind", () => {
    const { decisionsByKind } = officeDashboard(db, officer, now);
    expect(decisionsByKind.map((d) => [d.kind, d.count])).toEqual([
      ["no_concern", 2],
      ["mitigations_agreed", 1],
      ["licence_required", 1],
      ["exemption", 0],
      ["not_to_proceed", 0],
      ["duplicate", 0],
    ]);
    expect(decisionsByKind[0]!.label).toBe("No concern");
  });

  test("rules show their open flags and how often their decided cases ended in no concern", () => {
    const { rules } = officeDashboard(db, officer, now);
    expect(rules).toEqual([
      { ruleId: "partner-listed", title: "Partner on a screening list", open: 2, noConcern: 2, decided: 2, noConcernShare: 1 },
      { ruleId: "sensitive-area", title: "Sensitive technology area", open: 3, noConcern: 0, decided: 0, noConcernShare: null },
      { ruleId: "military-end-user", title: "Military end user", open: 1, noConcern: 0, decided: 1, noConcernShare: 0 },
      { ruleId: "old-rule", title: "An old rule", open: 0, noConcern: 0, decided: 0, noConcernShare: null },
    ]);
  });

  test("projects are counted by technology area, with labels, and by readiness level", () => {
    const { projectsByArea, projectsByTrl } = officeDashboard(db, officer, now);
    expect(projectsByArea).toEqual([
      { areaId: "pure-mathematics", label: "Pure mathematics", count: 6 },
      { areaId: "ai-machine-learning", label: "Artificial intelligence and machine learning", count: 3 },
      { areaId: "quantum-computing", label: "Quantum computing", count: 2 },
    ]);
    expect(projectsByTrl).toEqual([
      { trl: 1, count: 5 },
      { trl: 2, count: 2 },
      { trl: 3, count: 0 },
      { trl: 4, count: 2 },
      { trl: 5, count: 0 },
      { trl: 6, count: 0 },
      { trl: 7, count: 0 },
      { trl: 8, count: 0 },
      { trl: 9, count: 1 },
    ]);
  });

  test("an officer of another institution sees only their own institution's figures", () => {
    const other = officeDashboard(db, secondOfficer, now);
    expect(other.totals).toEqual({ openCases: 1, projects: 2 });
    expect(other.openBySeverityAndAge.rows[0]).toEqual({ severity: "critical", counts: [0, 0, 0, 1], total: 1 });
    expect(other.breaches).toEqual({ openOverdue: 1, closedLate: 1, closedOnTime: 0 });
    expect(other.timeToDecision).toMatchObject({ medianDays: 10, count: 1 });
    expect(other.decisionsByKind.find((d) => d.kind === "no_concern")!.count).toBe(1);
    expect(other.rules).toEqual([{ ruleId: "partner-listed", title: "Partner on a screening list", open: 1, noConcern: 1, decided: 1, noConcernShare: 1 }]);
    expect(other.projectsByArea).toEqual([{ areaId: "weapons-defence", label: "Weapons and defence applications", count: 2 }]);
    expect(other.projectsByTrl.find((r) => r.trl === 7)!.count).toBe(2);
  });

  test("an institution with nothing yet gets zero rows, not missing ones", () => {
    const empty = officeDashboard(db, emptyOfficer, now);
    expect(empty.totals).toEqual({ openCases: 0, projects: 0 });
    expect(empty.openBySeverityAndAge.rows.map((r) => r.total)).toEqual([0, 0, 0, 0, 0]);
    expect(empty.breaches).toEqual({ openOverdue: 0, closedLate: 0, closedOnTime: 0 });
    expect(empty.timeToDecision.medianDays).toBeNull();
    expect(empty.timeToDecision.count).toBe(0);
    expect(empty.decisionsByKind).toHaveLength(6);
    expect(empty.decisionsByKind.every((d) => d.count === 0)).toBe(true);
    expect(empty.rules).toEqual([]);
    expect(empty.projectsByArea).toEqual([]);
    expect(empty.projectsByTrl.map((r) => r.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test("the figures are plain data that survive a trip through JSON", () => {
    const figures = officeDashboard(db, officer, now);
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });

  test("only compliance officers with an institution may see it", () => {
    expect(() => officeDashboard(db, actorFor(db, "researcher@demo-university.example"), now)).toThrow(ForbiddenError);
    expect(() => officeDashboard(db, actorFor(db, "admin@upstream.example"), now)).toThrow(ForbiddenError);
    expect(() => officeDashboard(db, actorFor(db, "agency@export-agency.example"), now)).toThrow(ForbiddenError);
    expect(() => officeDashboard(db, { ...officer, institutionId: null }, now)).toThrow(ForbiddenError);
  });
});
