import { useLocation } from "react-router";
import type { Route } from "./+types/office.cases._index";
import { ErrorSummary, keptOptions, SelectField, TextField } from "~/components/form";
import { queueRowsFrom } from "~/components/case-queue-rows";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, readFormData, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { bulkUpdate, listOfficers } from "~/modules/cases/cases.server";
import { CASE_STATUSES, DIMENSION_LABELS, RANKED_SEVERITIES, statusLabels } from "~/modules/cases/labels";
import { queueFiltersOf, readQueueView } from "~/lib/case-queue.server";
import { areaOptions } from "~/modules/projects/projects.server";
import { countries } from "~/modules/reference/countries";
import { ValidationError } from "~/modules/errors";
import { loadAsDocument, readServerRenderData, serverRenderData, type PageHandle } from "~/lib/page-scripts";

// The queue is a long table of plain links and forms that need no JavaScript; hydrating it would
// send the browser the runtime and every row's data a second time, and cost the server the same
// again for each request to the office's busiest page (docs/decisions/011). For the same reason
// its data is wrapped for the server's render only, its links and forms are plain HTML (there
// is no client-side router to hand them to), and its lists of options are written as markup.
export const handle: PageHandle = { hydrate: false };
export const clientLoader = loadAsDocument;

export function meta() {
  return [{ title: "Cases – Compliance office – Upstream" }];
}

export const loader = guardLoader(async ({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const filters = queueFiltersOf(url);
  const now = new Date();
  return serverRenderData({
    filters,
    // Read, and its rows written, in a thread of its own: the office's busiest page (docs/decisions/021).
    queue: await readQueueView(db(), actor, filters, now),
    officers: listOfficers(db(), actor),
    areas: areaList(),
    me: actor.userId,
  });
});

const BULK_STATUSES = ["in_review", "new"] as const;
// The fixed option lists are made once and kept, so that their markup is written once too
// (SelectField's optionsAsMarkup keeps it for lists made with keptOptions).
const countryOptions = keptOptions(countries.map((c) => ({ value: c.code, label: c.name })));
const statusOptions = keptOptions([{ value: "open", label: "Any open status" }, ...CASE_STATUSES.map((s) => ({ value: s, label: statusLabels[s] })), { value: "all", label: "All, closed too" }]);
const severityOptions = keptOptions(RANKED_SEVERITIES.map((s) => ({ value: s, label: s })));
const dimensionOptions = keptOptions(Object.entries(DIMENSION_LABELS).map(([value, label]) => ({ value, label })));
const sortOptions = keptOptions([
  { value: "priority", label: "Severity, then due date" },
  { value: "due", label: "Due date" },
  { value: "age", label: "Oldest first" },
  { value: "updated", label: "Recently changed" },
]);
const moveToOptions = keptOptions(BULK_STATUSES.map((s) => ({ value: s, label: statusLabels[s] })));
let areaOptionList: readonly { value: string; label: string }[] | undefined;
const areaList = () => (areaOptionList ??= keptOptions(areaOptions().map((a) => ({ value: a.id, label: a.label }))));

export const action = guardAction(async ({ request, url, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const form = await readFormData(request);
  const ids = [...new Set(form.getAll("caseId").map((v) => idParam(String(v))))];
  if (ids.length === 0) throw new ValidationError({ caseId: "Choose at least one case with the boxes in the first column." });
  if (ids.length > 500) throw new ValidationError({ caseId: "Choose at most 500 cases at a time." });
  const intent = form.get("intent");
  const back = `/office/cases${url.search}`;
  if (intent === "assign") {
    const value = String(form.get("assigneeId") ?? "");
    if (value === "") throw new ValidationError({ assigneeId: "Choose who should work the cases." });
    const result = bulkUpdate(db(), actor, ids, { assigneeId: value === "none" ? null : idParam(value) }, originOf(request, context));
    return redirectWithFlash(back, `${result.changed} ${result.changed === 1 ? "case" : "cases"} assigned${result.skipped ? `; ${result.skipped} skipped (closed, or already with that person)` : ""}.`);
  }
  if (intent === "status") {
    const to = BULK_STATUSES.find((s) => s === form.get("moveTo"));
    if (!to) throw new ValidationError({ moveTo: "Choose the new status." });
    const result = bulkUpdate(db(), actor, ids, { status: to }, originOf(request, context));
    return redirectWithFlash(back, `${result.changed} ${result.changed === 1 ? "case" : "cases"} moved to “${statusLabels[to]}”${result.skipped ? `; ${result.skipped} skipped because their status does not allow it` : ""}.`);
  }
  throw new ValidationError({ intent: "Choose what to do with the chosen cases." });
});

function pageLink(search: string, page: number) {
  const params = new URLSearchParams(search);
  params.set("page", String(page));
  return `/office/cases?${params}`;
}

export default function CaseQueue({ loaderData, actionData }: Route.ComponentProps) {
  const { filters, queue, officers, areas, me } = readServerRenderData(loaderData);
  const location = useLocation();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  // After a refused bulk action, the choices made stay made: the boxes ticked and the selects.
  const kept = actionData && "values" in actionData ? actionData.values : undefined;
  const chosen = new Set((kept?.caseId ?? "").split(",").filter(Boolean).map(Number));
  const filtered = location.search.replace(/[?&]page=\d+/, "").length > 1;
  return (
    <>
      <PageHeader title="Cases" lead="Every project with open flags is a case. The most severe and most urgent come first." back={{ to: "/office", label: "Compliance office" }} />
      <p>
        <a href="/office/cases?assignee=me">My cases</a> · <a href="/office/cases?assignee=none">Not yet taken</a> · <a href="/office/cases?overdue=1">Past their deadline</a> ·{" "}
        <a href="/office/cases?status=waiting_for_researcher">Waiting for researchers</a> · <a href="/office/dashboard">Dashboard</a> · <a href="/office/cases/deadlines">Deadlines</a>
      </p>
      <details className="panel filters-panel" open={filtered}>
        <summary>Search and filter</summary>
        <form method="get" action="/office/cases" className="filters" aria-label="Filter the cases">
          <TextField name="q" label="Project or partner name" type="search" defaultValue={filters.q ?? ""} />
          <SelectField
            optionsAsMarkup
            name="status"
            label="Status"
            options={statusOptions}
            defaultValue={filters.status}
          />
          <SelectField name="severity" label="Severity" placeholder="Any" options={severityOptions} defaultValue={filters.severity ?? ""} optionsAsMarkup />
          <SelectField name="dimension" label="Dimension" placeholder="Any" options={dimensionOptions} defaultValue={filters.dimension ?? ""} optionsAsMarkup />
          <SelectField
            optionsAsMarkup
            name="assignee"
            label="Assignee"
            placeholder="Anyone"
            options={[{ value: "me", label: "Me" }, { value: "none", label: "Nobody yet" }, ...officers.filter((o) => o.id !== me).map((o) => ({ value: String(o.id), label: o.name }))]}
            defaultValue={filters.assignee === null ? "" : String(filters.assignee)}
          />
          <SelectField name="area" label="Technology area" placeholder="Any" options={areas} defaultValue={filters.area ?? ""} optionsAsMarkup />
          <SelectField name="country" label="Partner country" placeholder="Any" options={countryOptions} defaultValue={filters.country ?? ""} optionsAsMarkup />
          <SelectField
            optionsAsMarkup
            name="sort"
            label="Order"
            options={sortOptions}
            defaultValue={filters.sort}
          />
          <div className="field checkbox-field">
            <input type="checkbox" id="overdue" name="overdue" value="1" defaultChecked={filters.overdue} />
            <label htmlFor="overdue">Only past their deadline</label>
          </div>
          <button type="submit" className="button secondary">
            Show cases
          </button>
          {filtered ? <a href="/office/cases">Clear the filters</a> : null}
        </form>
      </details>

      {queue.total === 0 ? (
        <EmptyState title={filtered ? "No case matches these filters" : "No open cases"}>
          <p>{filtered ? "Try fewer filters, or include closed cases." : "When triage flags a project, its case appears here. Nothing is waiting for your office right now."}</p>
        </EmptyState>
      ) : (
        <form method="post" action={`/office/cases${location.search}`} aria-label="Cases">
          <ErrorSummary errors={errors} />
          <p className="muted" aria-live="polite">
            {queue.total.toLocaleString("en")} {queue.total === 1 ? "case" : "cases"}
            {queue.pageCount > 1 ? `, page ${queue.page} of ${queue.pageCount}` : ""}.
          </p>
          <div className="bulk-actions" role="group" aria-label="With the chosen cases">
            <SelectField
              optionsAsMarkup
              name="assigneeId"
              label="Assign to"
              placeholder="Choose…"
              error={errors?.assigneeId}
              defaultValue={kept?.assigneeId}
              options={[...officers.map((o) => ({ value: String(o.id), label: o.id === me ? `${o.name} (me)` : o.name })), { value: "none", label: "Nobody (back to the queue)" }]}
            />
            <button type="submit" name="intent" value="assign" className="button secondary">
              Assign
            </button>
            <SelectField
              name="moveTo"
              label="Move to"
              placeholder="Choose…"
              error={errors?.moveTo}
              defaultValue={kept?.moveTo}
              options={moveToOptions}
              optionsAsMarkup
            />
            <button type="submit" name="intent" value="status" className="button secondary">
              Change status
            </button>
            <button type="submit" formAction={`/office/cases/export${location.search}`} className="button secondary">
              Export as CSV
            </button>
            <span className="hint">Export takes the chosen cases, or every case that matches the filters if none is chosen.</span>
          </div>
          {errors?.caseId ? (
            <p className="field-error" id="caseId">
              {errors.caseId}
            </p>
          ) : null}
          <div className="table-wrap">
            <table className="queue">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Choose</span>
                  </th>
                  <th scope="col">Case</th>
                  <th scope="col">Project and PI</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Dimensions</th>
                  <th scope="col">Age</th>
                  <th scope="col">Due</th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              {/* Written as markup, escaped, by the reading thread (app/components/case-queue-rows.ts, docs/decisions/021): the busiest part of the busiest page. */}
              <tbody dangerouslySetInnerHTML={queueRowsFrom(queue.rows, chosen)} />
            </table>
          </div>
          {queue.pageCount > 1 ? (
            <nav className="pagination" aria-label="Pages">
              {queue.page > 1 ? <a href={pageLink(location.search, queue.page - 1)}>Previous page</a> : null}
              <span>
                Page {queue.page} of {queue.pageCount}
              </span>
              {queue.page < queue.pageCount ? <a href={pageLink(location.search, queue.page + 1)}>Next page</a> : null}
            </nav>
          ) : null}
        </form>
      )}
    </>
  );
}
