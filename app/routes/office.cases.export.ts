// The queue as CSV: the chosen cases, or every case matching the filters. Cells are made safe
// for spreadsheets (no formula runs when the file is opened).
import type { Route } from "./+types/office.cases.export";
import { toCsv } from "~/lib/csv";
import { queueFiltersOf } from "~/lib/case-queue.server";
import { formDataOf, guardAction, guardLoader, idParam, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { exportQueue } from "~/modules/cases/cases.server";
import { decisionLabels, statusLabels } from "~/modules/cases/labels";
import type { DecisionKind } from "../../db/schema/cases";

function csvResponse(rows: ReturnType<typeof exportQueue>) {
  const body = toCsv(
    ["case", "project_id", "project", "principal_investigator", "severity", "dimensions", "status", "assignee", "opened", "due", "closed", "decision"],
    rows.map((r) => [
      r.id,
      r.projectId,
      r.projectTitle,
      r.piName,
      r.severity,
      r.dimensions.split(",").filter(Boolean).join(" "),
      statusLabels[r.status],
      r.assigneeName ?? "",
      r.openedAt.toISOString().slice(0, 10),
      r.dueAt.toISOString().slice(0, 10),
      r.closedAt ? r.closedAt.toISOString().slice(0, 10) : "",
      r.decision ? decisionLabels[r.decision as DecisionKind] : "",
    ]),
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="cases-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return csvResponse(exportQueue(db(), actor, { filters: queueFiltersOf(url) }));
});

export const action = guardAction(async ({ request, url, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const form = await formDataOf(request);
  const ids = [...new Set(form.getAll("caseId").map((v): number => idParam(String(v))))].slice(0, 10_000);
  const filters = queueFiltersOf(url);
  return csvResponse(exportQueue(db(), actor, ids.length > 0 ? { ids, filters } : { filters }));
});
