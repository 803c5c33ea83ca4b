// Whether a submission re-triages its institution's whole portfolio: counted each time near the
// threshold, and taken as large for a minute once an institution is well past it.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../../db/client.server";
import { projectEvents, projects, projectTechnologyAreas } from "../../../db/schema";
import { ensureProject, seedDemo } from "../../../tests/factories";
import { TMP_DIR } from "../../../tests/support/paths";
import { isLargePortfolio } from "./triage.server";

let db: Db;
let institutionId: number;

beforeAll(async () => {
  db = openDatabase(join(mkdtempSync(join(TMP_DIR, "portfolio-size-")), "test.db"));
  institutionId = (await seedDemo(db)).institutions.demo.id;
  for (let i = 0; i < 12; i++) await ensureProject(db, { ownerEmail: "researcher@demo-university.example", title: `Portfolio project ${i}` });
});

function removeProjects(count: number) {
  const ids = db.select({ id: projects.id }).from(projects).where(eq(projects.institutionId, institutionId)).limit(count).all().map((p) => p.id);
  db.delete(projectTechnologyAreas).where(inArray(projectTechnologyAreas.projectId, ids)).run();
  db.delete(projectEvents).where(inArray(projectEvents.projectId, ids)).run();
  db.delete(projects).where(inArray(projects.id, ids)).run();
}

describe("isLargePortfolio", () => {
  const t0 = Date.parse("2026-11-26T12:00:00Z");

  test("a portfolio just past the threshold is counted every time, so a shrinking one is small again at once", () => {
    // 12 projects, threshold 11: past it, but not by a tenth.
    expect(isLargePortfolio(db, institutionId, 11, t0)).toBe(true);
    expect(isLargePortfolio(db, institutionId, 12, t0)).toBe(false);
    expect(isLargePortfolio(db, institutionId, 100, t0)).toBe(false);
  });

  test("one well past it is taken as large for a minute without counting, then counted again", () => {
    expect(isLargePortfolio(db, institutionId, 5, t0)).toBe(true);
    removeProjects(8);
    expect(db.select({ id: projects.id }).from(projects).where(eq(projects.institutionId, institutionId)).all()).toHaveLength(4);
    expect(isLargePortfolio(db, institutionId, 5, t0 + 30_000)).toBe(true);
    expect(isLargePortfolio(db, institutionId, 5, t0 + 61_000)).toBe(false);
    // Near the threshold it is counted, whatever was known for another threshold.
    expect(isLargePortfolio(db, institutionId, 4, t0 + 61_000)).toBe(false);
    expect(isLargePortfolio(db, institutionId, 3, t0 + 61_000)).toBe(true);
  });
});
