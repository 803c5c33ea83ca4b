// Aggregate tables as published: suppressed cells shown the same way whatever the reason, merged
// categories named, withheld tables explained, and the quarter-by-quarter trend as a chart.
import type { ProtectedList, ProtectedTable } from "~/modules/aggregates/disclosure";
import { StackedBarChart } from "./charts";

export type Labeller = (key: string) => string;
const same: Labeller = (key) => key;

function Hidden() {
  return (
    <span className="suppressed" title="Hidden to protect small numbers">
      ·<span className="visually-hidden">hidden</span>
    </span>
  );
}

function Withheld() {
  return <p className="muted">Too few to show without revealing small numbers.</p>;
}

function mergedNote(merged: Record<string, string[]>, label: Labeller) {
  const entries = Object.entries(merged);
  if (entries.length === 0) return null;
  return <p className="muted">{entries.map(([name, members]) => `${name}: ${members.map(label).join(", ")}`).join(" · ")}</p>;
}

export function ProtectedTableView({ table, caption, rowHeading, rowLabel = same, columnLabel = same }: { table: ProtectedTable; caption: string; rowHeading: string; rowLabel?: Labeller; columnLabel?: Labeller }) {
  if (table.status === "withheld") {
    return (
      <>
        <h3>{caption}</h3>
        <Withheld />
      </>
    );
  }
  return (
    <div className="table-wrap">
      <table className="aggregate">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeading}</th>
            {table.columns.map((c) => (
              <th scope="col" key={c} className="number">
                {columnLabel(c)}
              </th>
            ))}
            <th scope="col" className="number">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={r}>
              <th scope="row">{rowLabel(r)}</th>
              {table.cells[i]!.map((cell, j) => (
                <td key={j} className="number">
                  {cell.suppressed ? <Hidden /> : cell.value}
                </td>
              ))}
              <td className="number">{table.rowTotals[i]}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {table.columnTotals.map((v, j) => (
              <td key={j} className="number">
                {v}
              </td>
            ))}
            <td className="number">{table.total}</td>
          </tr>
        </tfoot>
      </table>
      {mergedNote({ ...table.merged.rows, ...table.merged.columns }, (k) => rowLabel(columnLabel(k)))}
    </div>
  );
}

export function ProtectedListView({ list, caption, heading, label = same, note }: { list: ProtectedList; caption: string; heading: string; label?: Labeller; note?: string }) {
  if (list.status === "withheld" || list.categories.length === 0) {
    return (
      <>
        <h3>{caption}</h3>
        {list.status === "withheld" ? <Withheld /> : <p className="muted">None in this quarter.</p>}
      </>
    );
  }
  return (
    <div className="table-wrap">
      <table className="aggregate">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="number">
              Projects
            </th>
          </tr>
        </thead>
        <tbody>
          {list.categories.map((c, i) => (
            <tr key={c}>
              <th scope="row">{label(c)}</th>
              <td className="number">{list.cells[i]!.suppressed ? <Hidden /> : list.cells[i]!.value}</td>
            </tr>
          ))}
        </tbody>
        {list.total !== null ? (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="number">{list.total}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
      {note ? <p className="muted">{note}</p> : null}
    </div>
  );
}

const SEVERITIES = ["critical", "high", "medium", "low", "info"];

/** Flagged projects per quarter by severity, from each quarter's published severity totals. */
export function QuarterTrend({ quarters, caption }: { quarters: { quarter: string; table: ProtectedTable }[]; caption: string }) {
  const rows = [...quarters].reverse().map(({ quarter, table }) => {
    const values = SEVERITIES.map((s) => {
      if (table.status !== "published") return 0;
      const direct = table.columns.indexOf(s);
      return direct >= 0 ? table.columnTotals[direct]! : 0;
    });
    const other = table.status === "published" ? table.columns.filter((c) => !SEVERITIES.includes(c)).reduce((sum, c) => sum + table.columnTotals[table.columns.indexOf(c)]!, 0) : 0;
    return { label: quarter, values: [...values, other], endText: table.status === "published" ? undefined : "too few to show" };
  });
  return (
    <StackedBarChart
      caption={caption}
      summary="Flagged projects in each quarter, split by their highest severity."
      labelHeading="Quarter"
      series={[
        { label: "Critical", tone: "tone-critical" },
        { label: "High", tone: "tone-high" },
        { label: "Medium", tone: "tone-medium" },
        { label: "Low", tone: "tone-low" },
        { label: "Info", tone: "tone-info" },
        { label: "Merged severities", tone: "tone-age-2" },
      ]}
      rows={rows}
      emptyText="No quarter has enough flagged projects to show yet: counts below 5 are never published."
    />
  );
}
