// The case record as one printable page (and PDF through the browser's print): everything an
// auditor needs, with the timeline in full, including the office's internal notes.
import { Link } from "react-router";
import type { Route } from "./+types/office.cases.$caseId.record";
import { CaseFacts } from "~/components/case-facts";
import { Timeline } from "~/components/cases";
import { formatDateTime } from "~/components/ui";
import { caseView } from "~/lib/case-view.server";
import { guardLoader, idParam, requireActor } from "~/lib/http.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~/modules/db.server";
import { DIMENSION_LABELS, statusLabels } from "~/modules/cases/labels";
import { getInstitution } from "~/modules/institutions/institutions.server";

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data && "case" in data ? `Case record #${data.case.id} – Upstream` : "Case record – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const view = caseView(actor, idParam(params.caseId));
  const institution = getInstitution(db(), actor, actor.institutionId!);
  // Who printed which record, and when, is part of the record's own history.
  recordAudit(db(), { action: "case.record-view", actor, target: { type: "case", id: view.case.id } });
  return { ...view, institution: institution.name, generatedAt: new Date(), generatedBy: actor.name };
});

export default function CaseRecord({ loaderData }: Route.ComponentProps) {
  const view = loaderData;
  const c = view.case;
  return (
    <article className="case-record">
      <p className="no-print">
        <Link className="back-link" to={`/office/cases/${c.id}`}>
          Back to the case
        </Link>{" "}
        Use your browser's Print command (Ctrl+P or ⌘P) to print this record or save it as PDF.
      </p>
      <h1>
        Case record #{c.id}: {view.project.title}
      </h1>
      <p className="lead">
        {view.institution} · compliance office · generated {formatDateTime(view.generatedAt)} by {view.generatedBy}
      </p>
      <dl className="summary">
        <dt>Status</dt>
        <dd>{statusLabels[c.status]}</dd>
        <dt>Highest severity</dt>
        <dd>{c.severity}</dd>
        <dt>Dimensions</dt>
        <dd>{c.dimensions.map((d) => DIMENSION_LABELS[d] ?? d).join(", ") || "no open flags"}</dd>
        <dt>Principal investigator</dt>
        <dd>
          {view.project.owner.name} &lt;{view.project.owner.email}&gt;
        </dd>
        <dt>Assignee</dt>
        <dd>{c.assigneeName ?? "nobody"}</dd>
        <dt>Opened</dt>
        <dd>{formatDateTime(c.openedAt)}</dd>
        <dt>Due</dt>
        <dd>{formatDateTime(c.dueAt)}</dd>
        <dt>Closed</dt>
        <dd>{c.closedAt ? formatDateTime(c.closedAt) : "open"}</dd>
        {c.reviewOn ? (
          <>
            <dt>Review date</dt>
            <dd>{c.reviewOn}</dd>
          </>
        ) : null}
      </dl>
      <CaseFacts view={view} print />
      <h2>Timeline</h2>
      <Timeline items={view.timeline} />
    </article>
  );
}
