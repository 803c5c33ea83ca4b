// The rows of the office's case queue, as markup. Fifty rows of a dozen elements each were
// most of the page's rendering time through React; the same markup built as strings costs a
// small part of it. Everything from the database passes through `html`, which escapes it, and
// the badges are the shared ones (case-queue-rows.test.ts compares them with their React
// versions).
import { html, type SafeHtml } from "~/lib/html";
import type { QueueRow } from "~/modules/cases/cases.server";
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { daysBetween } from "~/modules/cases/policy";
import { caseStatusBadgeHtml, dueDateHtml, isOverdue } from "./cases";
import { severityBadgeHtml } from "./severity";

export function queueRowHtml(c: QueueRow, now: number, chosen = false): SafeHtml {
  const dimensions = c.dimensions.map((d) => DIMENSION_LABELS[d] ?? d).join(", ");
  const cells = [
    html`<input type="checkbox" id="case-${c.id}" aria-label="Choose case ${c.id}, ${c.projectTitle}" name="caseId" value="${c.id}"${chosen ? html` checked=""` : null}/>`,
    `#${c.id}`,
    html`<a href="/office/cases/${c.id}">${c.projectTitle}</a><br/><span class="muted">${c.piName}</span>`,
    severityBadgeHtml(c.severity),
    dimensions || html`<span class="muted">no open flags</span>`,
    `${daysBetween(c.openedAt, new Date(now))} d`,
    dueDateHtml(c.dueAt, c.status, now),
    c.assigneeName ?? html`<span class="muted">nobody</span>`,
    html`${caseStatusBadgeHtml(c.status)}${c.status === "waiting_for_researcher" ? html`<span class="muted"> answer owed</span>` : null}${c.awaitingConfirmation ? html`<span class="muted"> · decision to confirm</span>` : null}`,
  ];
  const overdue = isOverdue(c.dueAt, c.status, now);
  return html`<tr${overdue ? html` class="overdue"` : null}>${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`;
}

/** The queue's table body, with the cases in `chosen` ticked: `<tbody dangerouslySetInnerHTML={queueRowsHtml(rows, now)} />`. */
export function queueRowsHtml(rows: readonly QueueRow[], now: number, chosen: ReadonlySet<number> = new Set()): SafeHtml {
  return html`${rows.map((row) => queueRowHtml(row, now, chosen.has(row.id)))}`;
}
