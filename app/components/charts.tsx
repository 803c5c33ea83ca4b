// Small charts drawn as SVG on the server, each with the same numbers in a table beside it,
// so a figure reads the same with or without the picture. The Content-Security-Policy forbids
// inline styles: sizes are SVG attributes, colours come from CSS classes (app.css, "charts").
import { useId, type ReactNode } from "react";
import { Link } from "react-router";

// Every chart draws in a fixed coordinate space and scales to its container (width="100%").
const VIEW_WIDTH = 400;
/** Room kept after the longest bar for its value label. */
const VALUE_ROOM = 120;
const BAR_ROOM = VIEW_WIDTH - VALUE_ROOM;
/** Each row: its label on one line, the bar under it, so long labels keep the full width. */
const ROW_HEIGHT = 46;
const LABEL_BASELINE = 15;
const BAR_TOP = 21;
const BAR_HEIGHT = 18;
const LABEL_MAX_CHARACTERS = 50;
/** A value label fits inside a segment when the segment is at least this wide per character. */
const SEGMENT_CHARACTER_WIDTH = 8;

export function formatCount(value: number): string {
  return value.toLocaleString("en-GB");
}

/** A count with its noun: "1 analyst", "2 analysts", "1,204 cases". */
export function plural(count: number, one: string, many = `${one}s`) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function shortened(label: string): string {
  return label.length > LABEL_MAX_CHARACTERS ? `${label.slice(0, LABEL_MAX_CHARACTERS - 1).trimEnd()}…` : label;
}

/** Bar length for a value; a value above zero always shows at least a sliver. */
function lengthOf(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(2, (value / max) * BAR_ROOM);
}

function svgHeight(rows: number): number {
  return rows * ROW_HEIGHT + 4;
}

/** A table of more than three columns goes under its chart rather than beside it. */
function bodyClass(columns: number): string {
  return columns > 3 ? "chart-body chart-body-stacked" : "chart-body";
}

/** The line a row's bar starts from, so a row with nothing in it still reads as zero. */
function Baseline({ top }: { top: number }) {
  return <line className="chart-axis" x1={0.5} y1={top + BAR_TOP - 2} x2={0.5} y2={top + BAR_TOP + BAR_HEIGHT + 2} />;
}

function RowLabel({ row }: { row: { label: string; href?: string } }) {
  return row.href ? <Link to={row.href}>{row.label}</Link> : <>{row.label}</>;
}

type FrameProps = {
  /** The figure's caption, shown above the chart and given to the table too. */
  caption: string;
  /** One sentence saying what the picture shows, read out in place of the picture. */
  summary: string;
  /** The heading of the table's first column, naming what each row is ("Technology area"). */
  labelHeading: string;
  /** Headings of further table columns, matching each row's `extra` cells. */
  extraHeadings?: string[];
  /** Said instead of an empty chart. */
  emptyText: ReactNode;
  /** Whether there is nothing to draw; by default, when every value is zero. */
  empty?: boolean;
};

function Figure({ caption, className, children }: { caption: string; className?: string; children: ReactNode }) {
  return (
    <figure className={`chart${className ? ` ${className}` : ""}`}>
      <figcaption className="chart-caption">{caption}</figcaption>
      {children}
    </figure>
  );
}

export type BarRow = {
  label: string;
  value: number;
  /** What the bar's end and the table say when the bare number is not enough ("4 days", "none"). */
  valueText?: string;
  href?: string;
  /** A colour class for the bar (for example "tone-critical"); the brand colour otherwise. */
  tone?: string;
  /** Further table cells, matching the chart's `extraHeadings`. */
  extra?: ReactNode[];
};

/** Horizontal bars, one per row, with the value at the end of each. */
export function BarChart({ rows, valueHeading, caption, summary, labelHeading, extraHeadings = [], emptyText, empty }: FrameProps & { rows: BarRow[]; valueHeading: string }) {
  const titleId = useId();
  const isEmpty = empty ?? rows.every((row) => row.value === 0);
  if (isEmpty) {
    return (
      <Figure caption={caption}>
        <p className="chart-empty">{emptyText}</p>
      </Figure>
    );
  }
  const max = Math.max(...rows.map((row) => row.value));
  const height = svgHeight(rows.length);
  return (
    <Figure caption={caption}>
      <div className={bodyClass(2 + extraHeadings.length)}>
        <svg className="chart-svg" role="img" aria-labelledby={titleId} viewBox={`0 0 ${VIEW_WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
          <title id={titleId}>{summary}</title>
          {rows.map((row, index) => {
            const top = index * ROW_HEIGHT;
            const length = lengthOf(row.value, max);
            return (
              <g key={`${row.label}-${index}`}>
                <text className="chart-label" x={0} y={top + LABEL_BASELINE}>
                  {shortened(row.label)}
                </text>
                <Baseline top={top} />
                {length > 0 ? <rect className={`chart-bar ${row.tone ?? "tone-brand"}`} x={0} y={top + BAR_TOP} width={length} height={BAR_HEIGHT} /> : null}
                <text className="chart-value" x={length + 6} y={top + BAR_TOP + BAR_HEIGHT - 4}>
                  {row.valueText ?? formatCount(row.value)}
                </text>
              </g>
            );
          })}
        </svg>
        <div className="table-wrap chart-table">
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                <th scope="col" className="numeric">
                  {valueHeading}
                </th>
                {extraHeadings.map((heading) => (
                  <th scope="col" className="numeric" key={heading}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.label}-${index}`}>
                  <th scope="row">
                    <RowLabel row={row} />
                  </th>
                  <td className="numeric">{row.valueText ?? formatCount(row.value)}</td>
                  {(row.extra ?? []).map((cell, i) => (
                    <td className="numeric" key={i}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Figure>
  );
}

export type ChartSeries = {
  label: string;
  /** A colour class for the series' segments and its legend swatch ("tone-age-1"). */
  tone: string;
};

export type StackedRow = {
  label: string;
  /** One value per series, in the series' order. */
  values: number[];
  /** What the bar's end says instead of the plain total ("3 of 5"); the table keeps the total. */
  endText?: string;
  href?: string;
  extra?: ReactNode[];
};

/** Horizontal bars made of one segment per series, with a legend and the total at the end. */
export function StackedBarChart({
  rows,
  series,
  totalHeading = "Total",
  caption,
  summary,
  labelHeading,
  extraHeadings = [],
  emptyText,
  empty,
}: FrameProps & { rows: StackedRow[]; series: ChartSeries[]; totalHeading?: string }) {
  const titleId = useId();
  const totals = rows.map((row) => row.values.reduce((sum, value) => sum + value, 0));
  const isEmpty = empty ?? totals.every((total) => total === 0);
  if (isEmpty) {
    return (
      <Figure caption={caption}>
        <p className="chart-empty">{emptyText}</p>
      </Figure>
    );
  }
  const max = Math.max(...totals);
  const height = svgHeight(rows.length);
  return (
    <Figure caption={caption}>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.label}>
            <svg className="chart-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
              <rect className={s.tone} x={0} y={0} width={14} height={14} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <div className={bodyClass(2 + series.length + extraHeadings.length)}>
        <svg className="chart-svg" role="img" aria-labelledby={titleId} viewBox={`0 0 ${VIEW_WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
          <title id={titleId}>{summary}</title>
          {rows.map((row, index) => {
            const top = index * ROW_HEIGHT;
            const total = totals[index]!;
            const length = lengthOf(total, max);
            let x = 0;
            const segments = row.values.map((value, i) => {
              const width = total > 0 ? (value / total) * length : 0;
              const segment = { x, width, value, tone: series[i]?.tone ?? "tone-brand" };
              x += width;
              return segment;
            });
            return (
              <g key={`${row.label}-${index}`}>
                <text className="chart-label" x={0} y={top + LABEL_BASELINE}>
                  {shortened(row.label)}
                </text>
                <Baseline top={top} />
                {segments.map((segment, i) =>
                  segment.width > 0 ? (
                    <g key={i}>
                      <rect className={`chart-bar ${segment.tone}`} x={segment.x} y={top + BAR_TOP} width={segment.width} height={BAR_HEIGHT} />
                      {segment.width >= (String(segment.value).length + 1) * SEGMENT_CHARACTER_WIDTH ? (
                        <text className={`chart-segment-value on-${segment.tone}`} x={segment.x + segment.width / 2} y={top + BAR_TOP + BAR_HEIGHT - 5} textAnchor="middle">
                          {formatCount(segment.value)}
                        </text>
                      ) : null}
                    </g>
                  ) : null,
                )}
                <text className="chart-value" x={length + 6} y={top + BAR_TOP + BAR_HEIGHT - 4}>
                  {row.endText ?? formatCount(total)}
                </text>
              </g>
            );
          })}
        </svg>
        <div className="table-wrap chart-table">
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                {series.map((s) => (
                  <th scope="col" className="numeric" key={s.label}>
                    {s.label}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {totalHeading}
                </th>
                {extraHeadings.map((heading) => (
                  <th scope="col" className="numeric" key={heading}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.label}-${index}`}>
                  <th scope="row">
                    <RowLabel row={row} />
                  </th>
                  {row.values.map((value, i) => (
                    <td className="numeric" key={i}>
                      {formatCount(value)}
                    </td>
                  ))}
                  <td className="numeric">{formatCount(totals[index]!)}</td>
                  {(row.extra ?? []).map((cell, i) => (
                    <td className="numeric" key={i}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Figure>
  );
}
