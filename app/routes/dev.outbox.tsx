import { data, Link } from "react-router";
import type { Route } from "./+types/dev.outbox";
import { Badge, EmptyState, PageHeader, formatDateTime } from "~/components/ui";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { listOutbox } from "~/modules/email/outbox.server";

export function meta() {
  return [{ title: "Outbox (development) – Upstream" }];
}

// Only outside production: it shows every stored e-mail, links included, to whoever asks.
export function loader() {
  if (!getConfig().exposeDevOutbox) throw data({ message: "This page does not exist." }, { status: 404 });
  return { emails: listOutbox(db()).map(({ html: _html, text: _text, ...email }) => email) };
}

export default function Outbox({ loaderData }: Route.ComponentProps) {
  const { emails } = loaderData;
  return (
    <>
      <PageHeader
        title="Outbox"
        lead="Development and demo only: every e-mail the portal would have sent, newest first. Open one to click its links."
      />
      {emails.length === 0 ? (
        <EmptyState title="No e-mail yet">
          <p>Sign up, ask for a password reset or invite someone, and the message appears here.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((e) => (
                <tr key={e.id}>
                  <td className="date">{formatDateTime(e.createdAt)}</td>
                  <td>{e.toAddress}</td>
                  <td>
                    <Link to={`/dev/outbox/${e.id}`}>{e.subject ?? `(${e.kind ?? e.template}: rendered when sent)`}</Link>
                  </td>
                  <td>
                    <Badge tone={e.status === "sent" ? "success" : e.status === "failed" ? "error" : "pending"}>{e.status}</Badge>
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
