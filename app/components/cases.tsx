// Pieces of the case pages: status and due-date badges, the timeline, and a decision's summary.
import type { ReactNode } from "react";
import { Badge, badgeHtml, formatDate, formatDateTime } from "./ui";
import { html } from "~/lib/html";
import { decisionLabels, EXEMPTIONS, statusLabels } from "~/modules/cases/labels";
import type { CaseStatus, DecisionDetails, DecisionKind } from "../../db/schema/cases";

const statusTone = { new: "pending", in_review: "active", waiting_for_researcher: "warning", escalated: "error", closed: "neutral" } as const;

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <Badge tone={statusTone[status]}>{statusLabels[status]}</Badge>;
}

export function caseStatusBadgeHtml(status: CaseStatus) {
  return badgeHtml(statusTone[status], statusLabels[status]);
}

export const isOverdue = (due: Date, status: CaseStatus, now: number) => status !== "closed" && due.getTime() < now;

export function DueDate({ dueAt, status, now }: { dueAt: Date | string | number; status: CaseStatus; now: number }) {
  const due = new Date(dueAt);
  const overdue = isOverdue(due, status, now);
  return (
    <span className={overdue ? "due overdue" : "due"}>
      {formatDate(due)}
      {overdue ? (
        <>
          {" "}
          <Badge tone="error">past deadline</Badge>
        </>
      ) : null}
    </span>
  );
}

export function dueDateHtml(dueAt: Date | string | number, status: CaseStatus, now: number) {
  const due = new Date(dueAt);
  const overdue = isOverdue(due, status, now);
  return html`<span class="${overdue ? "due overdue" : "due"}">${formatDate(due)}${overdue ? html` ${badgeHtml("error", "past deadline")}` : null}</span>`;
}

export type TimelineItem = { id: string; at: Date | string; kind: string; who: string | null; summary: string; body: string | null; internal: boolean; highlight: boolean };

const kindLabels: Record<string, string> = {
  opened: "Opened",
  flags_changed: "Triage",
  claimed: "Taken",
  assigned: "Assigned",
  status_changed: "Status",
  question: "Question to the researcher",
  answer: "Researcher's answer",
  note: "Internal note",
  decision_requested: "Decision proposed",
  decision_confirmed: "Decision confirmed",
  decision_declined: "Decision declined",
  decision: "Decision",
  reopened: "Reopened",
  escalated: "Escalated to an agency",
  agency: "Agency",
  project: "Project changed",
};

export function Timeline({ items }: { items: TimelineItem[] }) {
  return (
    <ol className="timeline case-timeline">
      {items.map((e) => (
        <li key={e.id} className={[`kind-${e.kind}`, e.highlight ? "highlight" : ""].join(" ").trim()}>
          <span className="date">{formatDateTime(e.at)}</span> <strong>{kindLabels[e.kind] ?? e.kind}</strong>
          {e.highlight ? (
            <>
              {" "}
              <Badge tone="warning">since the question</Badge>
            </>
          ) : null}
          {e.kind === "note" ? (
            <>
              {" "}
              <Badge tone="neutral">office only</Badge>
            </>
          ) : null}
          <div>
            {e.kind === "project" && e.who ? `${e.who}: ` : ""}
            {e.summary}
          </div>
          {e.body ? <blockquote className="message-body">{e.body}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}

export function DecisionDetailsList({ kind, details, reviewOn }: { kind: DecisionKind; details: DecisionDetails; reviewOn: string | null }): ReactNode {
  return (
    <>
      {details.mitigations?.length ? (
        <>
          <p>Measures agreed:</p>
          <ul>
            {details.mitigations.map((m, i) => (
              <li key={i}>
                {m.measure} <span className="muted">(owner: {m.owner})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {kind === "licence_required" && details.controlEntry ? <p>Control-list entry: {details.controlEntry}</p> : null}
      {kind === "exemption" && details.exemption ? <p>Exemption: {EXEMPTIONS[details.exemption as keyof typeof EXEMPTIONS] ?? details.exemption}</p> : null}
      {kind === "duplicate" && details.duplicateOf ? <p>Duplicate of case #{details.duplicateOf}</p> : null}
      {reviewOn ? <p>Review date: {reviewOn}</p> : null}
    </>
  );
}

export function decisionTitle(kind: DecisionKind) {
  return decisionLabels[kind];
}
