import { Form, Link } from "react-router";
import type { Route } from "./+types/agency.warnings._index";
import { SelectField } from "~/components/form";
import { SeverityBadge } from "~/components/severity";
import { Badge, EmptyState, PageHeader, formatDateTime } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { countryName } from "~/modules/reference/countries";
import { listInbox } from "~/modules/warnings/warnings.server";
import { urgencyLabels, warningStatusLabels } from "~/modules/warnings/labels";
import { warningStatuses, type WarningStatus } from "../../db/schema/warnings";

export function meta() {
  return [{ title: "Early warnings – Agency – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const raw = url.searchParams.get("status") ?? "open";
  const status = raw === "all" || raw === "open" || (warningStatuses as readonly string[]).includes(raw) ? (raw as WarningStatus | "open" | "all") : "open";
  return { status, warnings: listInbox(db(), actor, { status }) };
});

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const { warnings, status } = loaderData;
  return (
    <>
      <PageHeader title="Early warnings" lead="What institutions in your jurisdiction escalated to your agency. New ones first, then by urgency." back={{ to: "/agency", label: "Agency" }} />
      <Form method="get" className="filters" aria-label="Filter the warnings">
        <SelectField
          name="status"
          label="Status"
          options={[{ value: "open", label: "Not closed" }, ...warningStatuses.map((s) => ({ value: s, label: warningStatusLabels[s] })), { value: "all", label: "All" }]}
          defaultValue={status}
        />
        <button type="submit" className="button secondary">
          Show
        </button>
      </Form>
      {warnings.length === 0 ? (
        <EmptyState title={status === "open" ? "No open warnings" : "No warnings with this status"}>
          <p>When an institution escalates a case to your agency, it appears here at once.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Warning</th>
                <th scope="col">Urgency</th>
                <th scope="col">Institution</th>
                <th scope="col">Technology</th>
                <th scope="col">Partner countries</th>
                <th scope="col">Severity</th>
                <th scope="col">Sent</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {warnings.map((w) => (
                <tr key={w.id} className={w.status === "new" ? "unread" : undefined}>
                  <td>
                    <Link to={`/agency/warnings/${w.id}`}>UPW-{w.id}</Link>
                  </td>
                  <td>
                    <Badge tone={w.urgency === "immediate" ? "error" : w.urgency === "priority" ? "warning" : "neutral"}>{urgencyLabels[w.urgency]}</Badge>
                  </td>
                  <td>{w.institution}</td>
                  <td>{w.areas.join("; ")}</td>
                  <td>{w.countries.map(countryName).join(", ") || <span className="muted">none</span>}</td>
                  <td>
                    <SeverityBadge severity={w.severity} />
                  </td>
                  <td className="date">{formatDateTime(w.sentAt)}</td>
                  <td>{warningStatusLabels[w.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
