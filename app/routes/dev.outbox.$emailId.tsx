import { data } from "react-router";
import type { Route } from "./+types/dev.outbox.$emailId";
import { PageHeader, formatDateTime } from "~/components/ui";
import { idParam } from "~/lib/http.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { getOutboxEmail, linksOf } from "~/modules/email/outbox.server";

export function meta() {
  return [{ title: "E-mail (development) – Upstream" }];
}

export function loader({ params }: Route.LoaderArgs) {
  if (!getConfig().exposeDevOutbox) throw data({ message: "This page does not exist." }, { status: 404 });
  const email = getOutboxEmail(db(), idParam(params.emailId));
  if (!email) throw data({ message: "That e-mail is not in the outbox." }, { status: 404 });
  const { html, ...rest } = email;
  return { email: { ...rest, subject: rest.subject ?? `(${rest.kind ?? rest.template}: rendered when sent)`, links: linksOf(html ?? "") } };
}

export default function OutboxEmail({ loaderData }: Route.ComponentProps) {
  const { email } = loaderData;
  return (
    <>
      <PageHeader title={email.subject} back={{ to: "/dev/outbox", label: "Outbox" }} />
      <dl className="summary">
        <dt>To</dt>
        <dd>{email.toAddress}</dd>
        <dt>Queued</dt>
        <dd>{formatDateTime(email.createdAt)}</dd>
        <dt>Idempotency key</dt>
        <dd>
          <code>{email.idempotencyKey}</code>
        </dd>
      </dl>
      <h2>Links in this e-mail</h2>
      <ul className="email-links">
        {email.links.map((href) => (
          <li key={href}>
            <a href={href}>{href}</a>
          </li>
        ))}
      </ul>
      <h2>As the recipient sees it</h2>
      <iframe title="The e-mail as HTML" className="email-frame" sandbox="" src={`/dev/outbox/${email.id}/raw`} />
      <h2>Plain-text part</h2>
      <pre className="plain">{email.text}</pre>
    </>
  );
}
