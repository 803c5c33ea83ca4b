import { Form, Link } from "react-router";
import type { Route } from "./+types/admin.outbox";
import { SelectField, TextField } from "~/components/form";
import { Badge, EmptyState, InlinePostButton, PageHeader, formatDateTime } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { adminOutbox, retryFailedEmail } from "~/modules/email/outbox.server";
import { liftSuppression, listSuppressions } from "~/modules/email/webhooks.server";
import { ValidationError } from "~/modules/errors";
import { emailStatuses, type EmailStatus } from "../../db/schema/email";

export function meta() {
  return [{ title: "E-mail outbox – Administration – Upstream" }];
}

const statusLabels: Record<EmailStatus, string> = { queued: "Queued", sent: "Sent", failed: "Failed", digested: "In a daily summary", skipped: "Not sent" };
const tones = { queued: "pending", sent: "success", failed: "error", digested: "neutral", skipped: "disabled" } as const;

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const raw = url.searchParams.get("status") ?? "";
  const status = (emailStatuses as readonly string[]).includes(raw) ? (raw as EmailStatus) : undefined;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200) || undefined;
  return { ...adminOutbox(db(), actor, { status, q }), suppressions: listSuppressions(db(), actor), status: status ?? "", q: q ?? "" };
});

export const action = guardAction(async ({ request, url, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const form = await readForm(request);
  if (form.intent === "retry") {
    retryFailedEmail(db(), actor, idParam(form.emailId), originOf(request, context));
    return redirectWithFlash(`/admin/outbox${url.search}`, "The message is queued again.");
  }
  if (form.intent === "lift") {
    liftSuppression(db(), actor, String(form.address ?? ""), originOf(request, context));
    return redirectWithFlash("/admin/outbox", `E-mail to ${form.address} is allowed again.`);
  }
  throw new ValidationError({ intent: "Choose an action." });
});

export default function AdminOutbox({ loaderData }: Route.ComponentProps) {
  const { rows, counts, suppressions, status, q } = loaderData;
  return (
    <>
      <PageHeader title="E-mail outbox" lead="Every e-mail the portal queued, and what became of it. A failed message can be sent again." back={{ to: "/admin", label: "Administration" }} />
      <p>
        {emailStatuses.map((s, i) => (
          <span key={s}>
            {i > 0 ? " · " : ""}
            <Link to={`/admin/outbox?status=${s}`}>
              {statusLabels[s]}: {counts[s] ?? 0}
            </Link>
          </span>
        ))}
      </p>
      <Form method="get" className="filters" aria-label="Filter the outbox">
        <SelectField name="status" label="Status" placeholder="Any" options={emailStatuses.map((s) => ({ value: s, label: statusLabels[s] }))} defaultValue={status} />
        <TextField name="q" label="Address" type="search" defaultValue={q} />
        <button type="submit" className="button secondary">
          Show
        </button>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title="No e-mail matches" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">To</th>
                <th scope="col">What</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="date">{formatDateTime(r.createdAt)}</td>
                  <td>{r.toAddress}</td>
                  <td>{r.subject ?? r.kind ?? r.template}</td>
                  <td>
                    <Badge tone={tones[r.status]}>{statusLabels[r.status]}</Badge>
                    {r.status === "sent" && r.sentAt ? <span className="muted"> {formatDateTime(r.sentAt)}</span> : null}
                  </td>
                  <td>{r.attempts}</td>
                  <td>{r.lastError ?? ""}</td>
                  <td>{r.status === "failed" ? <InlinePostButton fields={{ intent: "retry", emailId: r.id }} label="Send again" context={`the e-mail to ${r.toAddress}`} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Addresses that no longer take mail</h2>
      {suppressions.length === 0 ? (
        <p className="muted">None: no hard bounce or complaint has been reported.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Why</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {suppressions.map((s) => (
                <tr key={s.address}>
                  <td>{s.address}</td>
                  <td>
                    {s.reason === "bounce" ? "Hard bounce" : "Marked as spam"}
                    {s.detail ? <span className="muted"> {s.detail}</span> : null}
                  </td>
                  <td className="date">{formatDateTime(s.createdAt)}</td>
                  <td>
                    <InlinePostButton fields={{ intent: "lift", address: s.address }} label="Allow again" context={s.address} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
