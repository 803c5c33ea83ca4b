// Shared by the trends pages and their downloads: labels for the aggregate tables' keys, the
// quarter chosen in the query string, and the long CSV form of a set of releases.
import { toCsv } from "./csv";
import { UNKNOWN_AREA, type QuarterTables } from "~/modules/aggregates/aggregates.server";
import { loadTechnologyTaxonomy } from "~/modules/reference/technology-areas.server";
import { loadBaselineRuleSet } from "~/modules/triage/rules.server";

export function trendLabels() {
  return {
    areas: { ...Object.fromEntries(loadTechnologyTaxonomy().areas.map((a) => [a.id, a.label])), [UNKNOWN_AREA]: "Area not given" },
    rules: Object.fromEntries(loadBaselineRuleSet().rules.map((r) => [r.id, r.title])),
  };
}

export function chosenQuarter<T extends { quarter: string }>(quarters: T[], url: URL): T | null {
  const wanted = url.searchParams.get("quarter");
  return quarters.find((q) => q.quarter === wanted) ?? quarters[0] ?? null;
}

/** Every published number, one per line: quarter, table, row, column, value ("" when hidden). */
export function releasesCsv(quarters: { quarter: string; tables: QuarterTables }[]) {
  const rows: unknown[][] = [];
  for (const { quarter, tables } of quarters) {
    for (const name of ["flaggedByAreaSeverity", "flaggedByDimensionSeverity"] as const) {
      const t = tables[name];
      if (t.status === "withheld") {
        rows.push([quarter, name, "", "", "", "withheld"]);
        continue;
      }
      t.rows.forEach((r, i) => t.columns.forEach((c, j) => rows.push([quarter, name, r, c, t.cells[i]![j]!.value ?? "", t.cells[i]![j]!.suppressed ? "suppressed" : ""])));
      t.rows.forEach((r, i) => rows.push([quarter, name, r, "total", t.rowTotals[i], ""]));
      t.columns.forEach((c, j) => rows.push([quarter, name, "total", c, t.columnTotals[j], ""]));
      rows.push([quarter, name, "total", "total", t.total, ""]);
    }
    for (const name of ["assessmentsByArea", "trl", "partnerCountries", "rules"] as const) {
      const l = tables[name];
      if (l.status === "withheld") {
        rows.push([quarter, name, "", "", "", "withheld"]);
        continue;
      }
      l.categories.forEach((c, i) => rows.push([quarter, name, c, "", l.cells[i]!.value ?? "", l.cells[i]!.suppressed ? "suppressed" : ""]));
      if (l.total !== null) rows.push([quarter, name, "total", "", l.total, ""]);
    }
  }
  return toCsv(["quarter", "table", "row", "column", "value", "note"], rows);
}
