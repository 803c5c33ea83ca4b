// The rows of the office's case queue, as markup. Fifty rows of a dozen elements each were
// most of the page's rendering time through React; the same markup built as strings costs a
// small part of it. Everything from the database passes through `html`, which escapes it, and
// the badges are the shared ones (case-queue-rows.test.ts compares them with their React
// versions).
import { html, markupWrittenByHtml, type SafeHtml } from "~/lib/html";
import type { QueueRow } from "~/modules/cases/cases.server";
import type { CaseStatus } from "../../db/schema/cases";
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { daysBetween } from "~/modules/cases/policy";
import { caseStatusBadgeHtml, dueDateHtml, isOverdue } from "./cases";
import { severityBadgeHtml } from "./severity";

// The fixed pieces are made once; a badge is the same markup for every row with its value.
const OVERDUE = html` class="overdue"`;
const CHECKED = html` checked=""`;
const NO_FLAGS = html`<span class="muted">no open flags</span>`;
const NOBODY = html`<span class="muted">nobody</span>`;
const ANSWER_OWED = html`<span class="muted"> answer owed</span>`;
const TO_CONFIRM = html`<span class="muted"> · decision to confirm</span>`;
const statusBadges = new Map<CaseStatus, SafeHtml>();
const severityBadges = new Map<string, SafeHtml>();

function once<K>(made: Map<K, SafeHtml>, key: K, make: (key: K) => SafeHtml): SafeHtml {
  let markup = made.get(key);
  if (markup === undefined) {
    markup = make(key);
    // Statuses and severities are short fixed lists; anything else is not kept.
    if (made.size < 20) made.set(key, markup);
  }
  return markup;
}

// One template per row: building each cell as its own piece and joining them took twice as long.
// A row is written in two halves around the place where its box is ticked, so that rows written
// ahead (by the reading thread, docs/decisions/021) can be ticked without their data.
function queueRowHalves(c: QueueRow, now: number): [SafeHtml, SafeHtml] {
  const dimensions = c.dimensions.map((d) => DIMENSION_LABELS[d] ?? d).join(", ");
  return [
    html`<tr${isOverdue(c.dueAt, c.status, now) ? OVERDUE : null}><td><input type="checkbox" id="case-${c.id}" aria-label="Choose case ${c.id}, ${c.projectTitle}" name="caseId" value="${c.id}"`,
    html`/></td><td>#${c.id}</td><td><a href="/office/cases/${c.id}">${c.projectTitle}</a><br/><span class="muted">${c.piName}</span></td><td>${once(severityBadges, c.severity, severityBadgeHtml)}</td><td>${dimensions || NO_FLAGS}</td><td>${daysBetween(c.openedAt, new Date(now))} d</td><td>${dueDateHtml(c.dueAt, c.status, now)}</td><td>${c.assigneeName ?? NOBODY}</td><td>${once(statusBadges, c.status, caseStatusBadgeHtml)}${c.status === "waiting_for_researcher" ? ANSWER_OWED : null}${c.awaitingConfirmation ? TO_CONFIRM : null}</td></tr>`,
  ];
}

export function queueRowHtml(c: QueueRow, now: number, chosen = false): SafeHtml {
  const [start, end] = queueRowHalves(c, now);
  return html`${start}${chosen ? CHECKED : null}${end}`;
}

/**
 * The queue's rows written ahead, as plain strings that can cross to another thread: each row's
 * case number and its two halves. `queueRowsFrom` ticks the chosen ones and joins them.
 */
export type WrittenRows = { ids: number[]; starts: string[]; ends: string[] };

export function writeQueueRows(rows: readonly QueueRow[], now: number): WrittenRows {
  const written: WrittenRows = { ids: [], starts: [], ends: [] };
  for (const row of rows) {
    const [start, end] = queueRowHalves(row, now);
    written.ids.push(row.id);
    written.starts.push(start.__html);
    written.ends.push(end.__html);
  }
  return written;
}

/** The table body from rows written ahead (here or in the reading thread), with the cases in `chosen` ticked. */
export function queueRowsFrom(written: WrittenRows, chosen: ReadonlySet<number> = new Set()): SafeHtml {
  let out = "";
  for (let i = 0; i < written.ids.length; i++) out += written.starts[i]! + (chosen.has(written.ids[i]!) ? CHECKED.__html : "") + written.ends[i]!;
  return markupWrittenByHtml(out);
}

/** The queue's table body, with the cases in `chosen` ticked: `<tbody dangerouslySetInnerHTML={queueRowsHtml(rows, now)} />`. */
export function queueRowsHtml(rows: readonly QueueRow[], now: number, chosen: ReadonlySet<number> = new Set()): SafeHtml {
  return queueRowsFrom(writeQueueRows(rows, now), chosen);
}
