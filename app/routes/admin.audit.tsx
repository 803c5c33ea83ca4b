import { Form, Link } from "react-router";
import type { Route } from "./+types/admin.audit";
import { TextField } from "~/components/form";
import { Badge, EmptyState, PageHeader, formatDateTime } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { AUDIT_PAGE_SIZE, listAuditEvents } from "~/modules/audit/audit.server";
import { db } from "~/modules/db.server";

export function meta() {
  return [{ title: "Audit log – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const before = Number(url.searchParams.get("before")) || undefined;
  const action = (url.searchParams.get("action") ?? "").trim().slice(0, 60) || undefined;
  const events = listAuditEvents(db(), actor, { before, action });
  return { events, action: action ?? "", next: events.length === AUDIT_PAGE_SIZE ? events.at(-1)!.id : null };
});

const outcomeTone = { success: "success", failure: "warning", denied: "error" } as const;

export default function Audit({ loaderData }: Route.ComponentProps) {
  const { events, action, next } = loaderData;
  return (
    <>
      <PageHeader title="Audit log" lead="Who did what, when (UTC) and from where. Newest first." back={{ to: "/admin", label: "Administration" }} />
      <Form method="get" className="filters" role="search" aria-label="Filter the audit log">
        <TextField name="action" label="Action" hint="For example auth.login or access.denied" defaultValue={action} />
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      {events.length === 0 ? (
        <EmptyState title="No events">
          <p>{action ? "No event has this action." : "Nothing has been recorded yet."}</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Who</th>
                <th scope="col">Target</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="date">{formatDateTime(e.at)}</td>
                  <td>{e.action}</td>
                  <td>
                    <Badge tone={outcomeTone[e.outcome]}>{e.outcome}</Badge>
                  </td>
                  <td>
                    {e.actorEmail ?? "anonymous"}
                    {e.actorRole ? <span className="muted"> ({e.actorRole})</span> : null}
                  </td>
                  <td>{e.targetType ? `${e.targetType} ${e.targetId}` : "—"}</td>
                  <td>{e.ip ?? "—"}</td>
                  <td>
                    <code>{e.details ? JSON.stringify(e.details) : ""}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p>
          <Link to={`/admin/audit?before=${next}${action ? `&action=${encodeURIComponent(action)}` : ""}`}>Older events</Link>
        </p>
      ) : null}
    </>
  );
}
