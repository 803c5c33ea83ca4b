// One-click unsubscribe (RFC 8058): the link in every nudge, signed, usable without signing in.
// A mail client posts to it directly; a person sees a page with one button.
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/unsubscribe";
import { Notice, PageHeader } from "~/components/ui";
import { originOf } from "~/lib/http.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { KINDS } from "~/modules/nudges/kinds";
import { unsubscribe, verifyUnsubscribe } from "~/modules/nudges/nudges.server";

export function meta() {
  return [{ title: "Unsubscribe – Upstream" }];
}

function target(url: URL) {
  const found = verifyUnsubscribe(getConfig().appSecret, url.searchParams);
  if (!found) throw data({ message: "This unsubscribe link is not valid. It may have been altered or shortened; use the link from the e-mail as it is, or change your settings after signing in." }, { status: 400 });
  return found;
}

const describe = (kind: string) => (kind in KINDS && KINDS[kind as keyof typeof KINDS].canTurnOff ? `“${KINDS[kind as keyof typeof KINDS].label}”` : "every e-mail you can switch off");

export function loader({ url }: Route.LoaderArgs) {
  const found = target(url);
  return { what: describe(found.kind), done: false };
}

export async function action({ request, url, context }: Route.ActionArgs) {
  const found = target(url);
  unsubscribe(db(), found, originOf(request, context));
  return { what: describe(found.kind), done: true };
}

export default function Unsubscribe({ loaderData, actionData }: Route.ComponentProps) {
  const done = actionData?.done ?? false;
  const what = actionData?.what ?? loaderData.what;
  return (
    <>
      <PageHeader title="Unsubscribe" />
      {done ? (
        <Notice tone="success" title="You are unsubscribed">
          <p>Upstream will not e-mail you {what === "every e-mail you can switch off" ? "anything you can switch off" : `about ${what}`} any more. Messages about your own open case still reach you.</p>
        </Notice>
      ) : (
        <Form method="post">
          <p>Stop e-mails about {what}?</p>
          <button type="submit" className="button">
            Unsubscribe
          </button>
        </Form>
      )}
      <p>
        <Link to="/account/notifications">Choose in detail in your e-mail settings</Link> (after signing in).
      </p>
    </>
  );
}
