// Situational awareness against the real server: the jurisdiction's quarters are published
// protected (no count from 1 to 4, totals true), frozen once released (a late change cannot be
// found by differencing two releases), scoped to the agency's jurisdiction, and an office sees
// its own exact numbers next to the other institutions' protected ones.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aggregateReleases, flags, institutions, projects, users } from "../../db/schema";
import { actorFor, DEMO_PASSWORD, ensureAgency, ensureInstitution, ensureUser, seedTrendHistory } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { agencyTrends, closedQuarters, countQuarter, institutionTrends, type QuarterTables } from "../../app/modules/aggregates/aggregates.server";

let server: TestServer;
let analyst: Client;
const now = new Date();
const quarters = closedQuarters(now, 3);

function publishedValues(tables: QuarterTables): number[] {
  const out: number[] = [];
  for (const t of [tables.flaggedByAreaSeverity, tables.flaggedByDimensionSeverity]) {
    if (t.status === "withheld") continue;
    for (const row of t.cells) for (const cell of row) if (!cell.suppressed) out.push(cell.value!);
    out.push(...t.rowTotals, ...t.columnTotals, t.total!);
  }
  for (const l of [tables.assessmentsByArea, tables.trl, tables.partnerCountries, tables.rules]) {
    if (l.status === "withheld") continue;
    for (const cell of l.cells) if (!cell.suppressed) out.push(cell.value!);
    if (l.total !== null) out.push(l.total);
  }
  return out;
}

beforeAll(async () => {
  server = await startServer();
  const demo = server.db.select().from(institutions).where(eq(institutions.name, "Demo University")).get()!;
  const second = server.db.select().from(institutions).where(eq(institutions.name, "Second University")).get()!;
  await seedTrendHistory(server.db, { institutionId: demo.id, ownerEmail: "archive@demo-university.example", quarters, perQuarter: 30, seed: 7 });
  await seedTrendHistory(server.db, { institutionId: second.id, ownerEmail: "archive@second-university.example", quarters, perQuarter: 9, seed: 11 });
  const french = await ensureAgency(server.db, { name: "Agence française", countries: ["FR"] });
  await ensureUser(server.db, { email: "analyst@agence.example", name: "Fabienne Analyste", role: "analyst", agencyId: french.id, password: DEMO_PASSWORD });
  analyst = new Client(server.url);
  await analyst.login("agency@export-agency.example", DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

describe("the jurisdiction's trends", () => {
  test("every quarter is published with true totals and no count from 1 to 4", () => {
    const view = agencyTrends(server.db, actorFor(server.db, "agency@export-agency.example"), now);
    expect(view.institutions).toBe(2);
    let hidden = 0;
    for (const q of quarters) {
      const published = view.quarters.find((x) => x.quarter === q.id)!.tables;
      expect(published.flaggedByDimensionSeverity.status).toBe("published");
      // 39 flagged projects a quarter: 30 at Demo University, 9 at Second University.
      expect(published.flaggedByDimensionSeverity.total).toBe(39);
      expect(published.trl.total).toBe(39);
      for (const value of publishedValues(published)) expect(value === 0 || value >= 5, `published ${value}`).toBe(true);
      // Where the true table has a small cell, something is hidden.
      const raw = countQuarter(server.db, server.db.select({ id: institutions.id }).from(institutions).all().map((i) => i.id), q);
      if (raw.flaggedByAreaSeverity.cells.flat().some((v) => v >= 1 && v <= 4)) {
        const t = published.flaggedByAreaSeverity;
        expect(t.status === "withheld" || t.cells.flat().some((c) => c.suppressed) || Object.keys(t.merged.rows).length + Object.keys(t.merged.columns).length > 0).toBe(true);
        hidden++;
      }
    }
    // The seeded history has small cells: the protection was exercised.
    expect(hidden).toBeGreaterThan(0);
  });

  test("a released quarter is frozen: a late change does not show, so two releases reveal nothing by differencing", () => {
    const actor = actorFor(server.db, "agency@export-agency.example");
    const before = agencyTrends(server.db, actor, now);
    const q = quarters[1]!;
    const archive = server.db.select().from(users).where(eq(users.email, "archive@demo-university.example")).get()!;
    const project = server.db.select().from(projects).where(eq(projects.ownerId, archive.id)).get()!;
    const at = new Date(q.from.getTime() + 86_400_000);
    server.db.insert(flags).values({ institutionId: project.institutionId, projectId: project.id, ruleId: "late-rule", ruleSetVersion: "baseline-1", title: "Late", severity: "critical", dimension: "military", evidence: [], status: "closed", openedAt: at, updatedAt: at }).run();
    const after = agencyTrends(server.db, actor, now);
    expect(JSON.stringify(after.quarters)).toBe(JSON.stringify(before.quarters));
    expect(server.db.select().from(aggregateReleases).all().filter((r) => r.scope.startsWith("agency:")).length).toBe(8);
  });

  test("an agency sees only its own jurisdiction", () => {
    const view = agencyTrends(server.db, actorFor(server.db, "analyst@agence.example"), now);
    expect(view.institutions).toBe(0);
    for (const q of view.quarters) expect(q.tables.flaggedByDimensionSeverity.status).toBe("withheld");
  });

  test("an office sees its own exact counts next to the other institutions', protected, and nothing when the others are too few to hide among", async () => {
    const view = institutionTrends(server.db, actorFor(server.db, "officer@demo-university.example"), now);
    expect(view.peers).toBe(1);
    const q = view.quarters.find((x) => x.quarter === quarters[0]!.id)!;
    expect(q.own.flaggedByDimensionSeverity.total).toBe(30);
    // One other institution is not "the others": its numbers are not shown.
    expect(q.others.flaggedByDimensionSeverity.status).toBe("withheld");

    // With three other institutions in the jurisdiction, their counts are shown, protected.
    for (const [name, domain] of [["Third University", "third.example"], ["Fourth University", "fourth.example"]] as const) {
      const created = await ensureInstitution(server.db, { name, country: "BE", domains: [domain] });
      await seedTrendHistory(server.db, { institutionId: created.id, ownerEmail: `archive@${domain}`, quarters, perQuarter: 6, seed: name.length });
    }
    await ensureUser(server.db, { email: "officer@third.example", name: "Tess Third", role: "officer", institutionId: server.db.select().from(institutions).where(eq(institutions.name, "Third University")).get()!.id, password: DEMO_PASSWORD });
    const third = institutionTrends(server.db, actorFor(server.db, "officer@third.example"), now);
    expect(third.peers).toBe(3);
    const others = third.quarters.find((x) => x.quarter === quarters[0]!.id)!.others;
    expect(others.flaggedByDimensionSeverity.status).toBe("published");
    // Demo (30) + Second (9) + Fourth (6) = 45 flagged projects that are not Third University's.
    expect(others.flaggedByDimensionSeverity.total).toBe(45);
    for (const value of publishedValues(others)) expect(value === 0 || value >= 5).toBe(true);
  });
});

describe("pages and downloads", () => {
  test("the analyst's page and the CSV and JSON downloads", async () => {
    const page = visibleText(await (await analyst.get("/agency/trends")).text());
    expect(page).toMatch(/Trends in your jurisdiction/);
    expect(page).toMatch(/Flagged projects by technology area and highest severity/);
    const csvResponse = await analyst.get("/agency/trends/data?format=csv");
    expect(csvResponse.headers.get("Content-Type")).toMatch(/text\/csv/);
    const lines = (await csvResponse.text()).trim().split("\r\n");
    expect(lines[0]).toBe("quarter,table,row,column,value,note");
    for (const line of lines.slice(1)) {
      const [, , , , value, note] = line.split(",");
      if (note === "" && value !== "") expect(Number(value) === 0 || Number(value) >= 5, line).toBe(true);
      if (note === "suppressed") expect(value).toBe("");
    }
    const json = (await (await analyst.get("/agency/trends/data?format=json")).json()) as { format: string; quarters: unknown[] };
    expect(json.format).toBe("upstream.aggregates/v1");
    expect(json.quarters).toHaveLength(8);
  });

  test("the office's page", async () => {
    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    const page = visibleText(await (await officer.get("/office/trends")).text());
    expect(page).toMatch(/your institution/);
    expect(page).toMatch(/the other institutions/);
    expect(server.db.select().from(users).where(eq(users.email, "archive@demo-university.example")).get()).toBeTruthy();
  });
});
