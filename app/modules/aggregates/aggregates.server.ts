// Owns situational awareness: counts across the institutions of a jurisdiction, per closed
// quarter, protected by disclosure.ts before anyone sees them. A quarter is computed once per
// audience and frozen (aggregate_releases), so adjacent releases differ only by a new quarter,
// itself protected. An institution sees its own exact counts next to the other institutions'
// (protected the same way), never next to a jurisdiction total it could subtract from.
import { and, eq, inArray } from "drizzle-orm";
import { aggregateReleases, agencyCountries, institutions } from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import type { Actor } from "../auth/actor";
import { ForbiddenError } from "../errors";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { DIMENSIONS } from "../risk/factors";
import { MIN_CELL, protectList, protectMultiResponse, protectTable, type CountList, type CountTable, type ProtectedList, type ProtectedTable } from "./disclosure";

export const SEVERITY_COLUMNS = ["critical", "high", "medium", "low", "info"] as const;
export const UNKNOWN_AREA = "unknown-area";
export const QUARTERS_SHOWN = 8;

// --- quarters ------------------------------------------------------------------------------

export type Quarter = { id: string; from: Date; to: Date };

export function quarterOf(date: Date): Quarter {
  const year = date.getUTCFullYear();
  const q = Math.floor(date.getUTCMonth() / 3);
  return { id: `${year}-Q${q + 1}`, from: new Date(Date.UTC(year, q * 3, 1)), to: new Date(Date.UTC(year, q * 3 + 3, 1)) };
}

/** The last `count` quarters that have ended by `now`, newest first. */
export function closedQuarters(now: Date, count = QUARTERS_SHOWN): Quarter[] {
  const out: Quarter[] = [];
  let cursor = quarterOf(now).from;
  for (let i = 0; i < count; i++) {
    const previous = quarterOf(new Date(cursor.getTime() - 1));
    out.push(previous);
    cursor = previous.from;
  }
  return out;
}

// --- raw counts ----------------------------------------------------------------------------

export type QuarterCounts = {
  flaggedByAreaSeverity: CountTable;
  flaggedByDimensionSeverity: CountTable;
  assessmentsByArea: CountList;
  trl: CountList;
  partnerCountries: CountList;
  rules: CountList;
};

export type QuarterTables = {
  flaggedByAreaSeverity: ProtectedTable;
  flaggedByDimensionSeverity: ProtectedTable;
  assessmentsByArea: ProtectedList;
  trl: ProtectedList;
  partnerCountries: ProtectedList;
  rules: ProtectedList;
};

const SENSITIVITY_RANK: Record<string, number> = { high: 0, elevated: 1, low: 2, none: 3 };

/** Each project counts once in two-way tables: under its most sensitive technology area. */
function primaryAreas(database: Db, projectIds: number[]) {
  const taxonomy = loadTechnologyTaxonomy();
  const order = new Map(taxonomy.areas.map((a, i) => [a.id, [SENSITIVITY_RANK[a.sensitivity] ?? 4, i] as const]));
  const primary = new Map<number, string>();
  if (projectIds.length === 0) return primary;
  const rows = database.$client.prepare("select project_id, area_id from project_technology_areas where project_id in (select value from json_each(?))").all(JSON.stringify(projectIds)) as { project_id: number; area_id: string }[];
  for (const r of rows) {
    const current = primary.get(r.project_id);
    const rank = order.get(r.area_id) ?? [9, 999];
    const best = current ? (order.get(current) ?? [9, 999]) : null;
    if (!best || rank[0] < best[0] || (rank[0] === best[0] && rank[1] < best[1])) primary.set(r.project_id, r.area_id);
  }
  return primary;
}

const emptyTable = (rows: string[], columns: readonly string[]): CountTable => ({ rows, columns: [...columns], cells: rows.map(() => columns.map(() => 0)) });
const emptyList = (categories: string[]): CountList => ({ categories, counts: categories.map(() => 0) });

/** The true counts of one quarter for some institutions. Nothing here may be shown unprotected to anyone but those institutions. */
export function countQuarter(database: Db, institutionIds: number[], quarter: Quarter): QuarterCounts {
  const sqlite = database.$client;
  const areas = loadTechnologyTaxonomy().areas.map((a) => a.id);
  const ids = JSON.stringify(institutionIds);
  const range = [quarter.from.getTime(), quarter.to.getTime()] as const;
  const flagRows = sqlite
    .prepare("select project_id, severity, dimension, rule_id from flags where institution_id in (select value from json_each(?)) and opened_at >= ? and opened_at < ?")
    .all(ids, ...range) as { project_id: number; severity: string; dimension: string; rule_id: string }[];
  const byProject = new Map<number, { severity: number; dimension: string; rules: Set<string> }>();
  for (const f of flagRows) {
    const rank = SEVERITY_COLUMNS.indexOf(f.severity as (typeof SEVERITY_COLUMNS)[number]);
    const current = byProject.get(f.project_id);
    if (!current) byProject.set(f.project_id, { severity: rank, dimension: f.dimension, rules: new Set([f.rule_id]) });
    else {
      current.rules.add(f.rule_id);
      if (rank < current.severity || (rank === current.severity && DIMENSIONS.indexOf(f.dimension as never) < DIMENSIONS.indexOf(current.dimension as never))) {
        current.severity = rank;
        current.dimension = f.dimension;
      }
    }
  }
  const flagged = [...byProject.keys()];
  const primary = primaryAreas(database, flagged);
  // Every flagged project counts in both two-way tables, so their severity totals agree.
  const areaSeverity = emptyTable([...areas, UNKNOWN_AREA], SEVERITY_COLUMNS);
  const dimensionSeverity = emptyTable([...DIMENSIONS], SEVERITY_COLUMNS);
  const ruleCounts = new Map<string, number>();
  for (const [projectId, p] of byProject) {
    const found = areas.indexOf(primary.get(projectId) ?? "");
    const area = found >= 0 ? found : areas.length;
    if (p.severity >= 0) areaSeverity.cells[area]![p.severity]!++;
    const d = DIMENSIONS.indexOf(p.dimension as never);
    if (d >= 0 && p.severity >= 0) dimensionSeverity.cells[d]![p.severity]!++;
    for (const rule of p.rules) ruleCounts.set(rule, (ruleCounts.get(rule) ?? 0) + 1);
  }
  const countryCounts = new Map<string, number>();
  if (flagged.length) {
    const rows = sqlite.prepare("select distinct project_id, country from project_partners where project_id in (select value from json_each(?)) and country is not null").all(JSON.stringify(flagged)) as { country: string }[];
    for (const r of rows) countryCounts.set(r.country, (countryCounts.get(r.country) ?? 0) + 1);
  }
  const assessed = sqlite
    .prepare(
      `select a.project_id as project_id, max(coalesce(json_extract(a.facts, '$.trl'), p.trl)) as trl
       from assessments a join projects p on p.id = a.project_id
       where a.institution_id in (select value from json_each(?)) and a.status = 'submitted' and a.submitted_at >= ? and a.submitted_at < ?
       group by a.project_id`,
    )
    .all(ids, ...range) as { project_id: number; trl: number }[];
  const assessedPrimary = primaryAreas(database, assessed.map((a) => a.project_id));
  const assessmentsByArea = emptyList(areas);
  const trl = emptyList(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  for (const a of assessed) {
    const area = areas.indexOf(assessedPrimary.get(a.project_id) ?? "");
    if (area >= 0) assessmentsByArea.counts[area]!++;
    if (a.trl >= 1 && a.trl <= 9) trl.counts[a.trl - 1]!++;
  }
  const sortedCountries = [...countryCounts].sort((a, b) => a[0].localeCompare(b[0]));
  const sortedRules = [...ruleCounts].sort((a, b) => a[0].localeCompare(b[0]));
  return {
    flaggedByAreaSeverity: areaSeverity,
    flaggedByDimensionSeverity: dimensionSeverity,
    assessmentsByArea,
    trl,
    partnerCountries: { categories: sortedCountries.map(([c]) => c), counts: sortedCountries.map(([, n]) => n) },
    rules: { categories: sortedRules.map(([r]) => r), counts: sortedRules.map(([, n]) => n) },
  };
}

/**
 * Merges sparse severities the same way in both two-way tables (they share their severity
 * totals, so merging them differently would let one be subtracted from the other): a severity
 * with fewer than MIN_CELL projects joins the next lower one, the lowest joins the one above.
 */
export function severityBands(columnTotals: number[], k = MIN_CELL): number[][] {
  const bands: number[][] = SEVERITY_COLUMNS.map((_, i) => [i]);
  const total = (band: number[]) => band.reduce((sum, i) => sum + columnTotals[i]!, 0);
  for (let guard = 0; guard < SEVERITY_COLUMNS.length; guard++) {
    const sparse = bands.findIndex((band) => total(band) > 0 && total(band) < k);
    if (sparse < 0 || bands.length === 1) break;
    const into = sparse < bands.length - 1 ? sparse + 1 : sparse - 1;
    const [a, b] = [Math.min(sparse, into), Math.max(sparse, into)];
    bands.splice(a, 2, [...bands[a]!, ...bands[b]!]);
  }
  return bands;
}

function applyBands(table: CountTable, bands: number[][]): CountTable {
  return {
    rows: table.rows,
    columns: bands.map((band) => band.map((i) => table.columns[i]!).join(" or ")),
    cells: table.cells.map((row) => bands.map((band) => band.reduce((sum, i) => sum + row[i]!, 0))),
  };
}

/** Protects every table of a quarter: small cells suppressed, with complements; sparse categories merged. */
export function protectQuarter(counts: QuarterCounts): QuarterTables {
  const dimension = counts.flaggedByDimensionSeverity;
  const bands = severityBands(dimension.columns.map((_, c) => dimension.cells.reduce((sum, row) => sum + row[c]!, 0)));
  const flaggedProjects = dimension.cells.flat().reduce((a, b) => a + b, 0);
  return {
    flaggedByAreaSeverity: protectTable(dropEmptyRows(applyBands(counts.flaggedByAreaSeverity, bands)), { mergeColumns: false }),
    flaggedByDimensionSeverity: protectTable(applyBands(dimension, bands), { mergeColumns: false }),
    assessmentsByArea: protectList(dropEmptyCategories(counts.assessmentsByArea)),
    trl: protectList(counts.trl),
    partnerCountries: protectMultiResponse(counts.partnerCountries),
    // Every flagged project meets at least one rule, and their number is published above.
    rules: flaggedProjects > 0 ? protectMultiResponse(counts.rules, { knownItemCount: flaggedProjects }) : protectMultiResponse(counts.rules),
  };
}

/** Rows that are zero throughout say nothing; leaving them out keeps the tables readable. */
function dropEmptyRows(table: CountTable): CountTable {
  const keep = table.cells.map((row, i) => [i, row.some((v) => v > 0)] as const).filter(([, any]) => any).map(([i]) => i);
  return { rows: keep.map((i) => table.rows[i]!), columns: table.columns, cells: keep.map((i) => table.cells[i]!) };
}

function dropEmptyCategories(list: CountList): CountList {
  const keep = list.counts.map((v, i) => [i, v > 0] as const).filter(([, any]) => any).map(([i]) => i);
  return { categories: keep.map((i) => list.categories[i]!), counts: keep.map((i) => list.counts[i]!) };
}

/** An institution's own counts in the published shape, with nothing hidden: they are its own. */
export function ownTables(counts: QuarterCounts): QuarterTables {
  const table = (t: CountTable): ProtectedTable => {
    const kept = dropEmptyRows(t);
    const total = kept.cells.flat().reduce((a, b) => a + b, 0);
    return {
      status: "published",
      rows: kept.rows,
      columns: kept.columns,
      merged: { rows: {}, columns: {} },
      cells: kept.cells.map((row) => row.map((value) => ({ value, suppressed: false }))),
      rowTotals: kept.cells.map((row) => row.reduce((a, b) => a + b, 0)),
      columnTotals: kept.columns.map((_, c) => kept.cells.reduce((a, row) => a + row[c]!, 0)),
      total,
    };
  };
  const list = (l: CountList, withTotal: boolean): ProtectedList => {
    const kept = dropEmptyCategories(l);
    return { status: "published", categories: kept.categories, merged: {}, cells: kept.counts.map((value) => ({ value, suppressed: false })), total: withTotal ? kept.counts.reduce((a, b) => a + b, 0) : null };
  };
  return {
    flaggedByAreaSeverity: table(counts.flaggedByAreaSeverity),
    flaggedByDimensionSeverity: table(counts.flaggedByDimensionSeverity),
    assessmentsByArea: list(counts.assessmentsByArea, true),
    trl: list(counts.trl, true),
    partnerCountries: list(counts.partnerCountries, false),
    rules: list(counts.rules, false),
  };
}

// --- audiences and frozen releases ---------------------------------------------------------

function institutionsIn(database: Queryable, countries: string[]) {
  if (countries.length === 0) return [];
  return database.select({ id: institutions.id }).from(institutions).where(inArray(institutions.country, countries)).all().map((r) => r.id);
}

function agencyJurisdiction(database: Queryable, agencyId: number) {
  return database.select({ country: agencyCountries.country }).from(agencyCountries).where(eq(agencyCountries.agencyId, agencyId)).all().map((r) => r.country);
}

/** The countries of every agency that covers the institution's country: the institution's jurisdiction. */
function institutionJurisdiction(database: Queryable, institutionId: number) {
  const country = database.select({ country: institutions.country }).from(institutions).where(eq(institutions.id, institutionId)).get()?.country;
  if (!country) return [];
  const agencyIds = database.select({ agencyId: agencyCountries.agencyId }).from(agencyCountries).where(eq(agencyCountries.country, country)).all().map((r) => r.agencyId);
  const countries = new Set([country]);
  if (agencyIds.length) for (const r of database.select({ country: agencyCountries.country }).from(agencyCountries).where(inArray(agencyCountries.agencyId, agencyIds)).all()) countries.add(r.country);
  return [...countries].sort();
}

/** A quarter's protected tables for an audience, computed the first time and frozen after. */
function release(database: Db, scope: string, quarter: Quarter, compute: () => QuarterTables): QuarterTables {
  const stored = database.select({ tables: aggregateReleases.tables }).from(aggregateReleases).where(and(eq(aggregateReleases.scope, scope), eq(aggregateReleases.quarter, quarter.id))).get();
  if (stored) return stored.tables as unknown as QuarterTables;
  const tables = compute();
  database.insert(aggregateReleases).values({ scope, quarter: quarter.id, tables: tables as unknown as Record<string, unknown>, createdAt: new Date() }).onConflictDoNothing().run();
  // If another request froze the quarter first, theirs is the release.
  return database.select({ tables: aggregateReleases.tables }).from(aggregateReleases).where(and(eq(aggregateReleases.scope, scope), eq(aggregateReleases.quarter, quarter.id))).get()!.tables as unknown as QuarterTables;
}

export const MIN_PEERS = 3;

function withheldQuarter(): QuarterTables {
  const table: ProtectedTable = { status: "withheld", rows: [], columns: [], merged: { rows: {}, columns: {} }, cells: [], rowTotals: [], columnTotals: [], total: null };
  const list: ProtectedList = { status: "withheld", categories: [], merged: {}, cells: [], total: null };
  return { flaggedByAreaSeverity: table, flaggedByDimensionSeverity: table, assessmentsByArea: list, trl: list, partnerCountries: list, rules: list };
}

export type TrendsView = { audience: string; countries: string[]; institutions: number; quarters: { quarter: string; tables: QuarterTables }[] };

/** What an agency's analysts see: the jurisdiction's protected tables, newest closed quarter first. */
export function agencyTrends(database: Db, actor: Actor, now = new Date()): TrendsView {
  if (actor.role !== "analyst" || actor.agencyId === null) throw new ForbiddenError();
  const countries = agencyJurisdiction(database, actor.agencyId);
  const ids = institutionsIn(database, countries);
  return {
    audience: "jurisdiction",
    countries,
    institutions: ids.length,
    quarters: closedQuarters(now).map((q) => ({ quarter: q.id, tables: release(database, `agency:${actor.agencyId}`, q, () => protectQuarter(countQuarter(database, ids, q))) })),
  };
}

/** What an office sees: its own exact counts, and the other institutions of its jurisdiction, protected. */
export function institutionTrends(database: Db, actor: Actor, now = new Date()) {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  const institutionId = actor.institutionId;
  const countries = institutionJurisdiction(database, institutionId);
  const all = institutionsIn(database, countries);
  const peers = all.filter((id) => id !== institutionId);
  return {
    countries,
    peers: peers.length,
    quarters: closedQuarters(now).map((q) => ({
      quarter: q.id,
      own: ownTables(countQuarter(database, [institutionId], q)),
      // With fewer than MIN_PEERS others, "the others" would be one or two named institutions.
      others: release(database, `peers:${institutionId}`, q, () => (peers.length >= MIN_PEERS ? protectQuarter(countQuarter(database, peers, q)) : withheldQuarter())),
    })),
  };
}
