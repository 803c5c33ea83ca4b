import { Form, Link } from "react-router";
import type { Route } from "./+types/account.data";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice, PageHeader } from "~/components/ui";
import { guardAction, guardLoader, originOf, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { serializeBlankSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { ValidationError } from "~/modules/errors";
import { deleteOwnAccount } from "~/modules/people/personal-data.server";

export function meta() {
  return [{ title: "Your data – Your account – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  requireActor(request, context, ["researcher"]);
  return {};
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const form = await readForm(request);
  if (form.confirm !== "yes") throw new ValidationError({ confirm: "Tick the box to confirm that you want your account deleted." });
  const result = await deleteOwnAccount(db(), actor, String(form.password ?? ""), originOf(request, context));
  const kept = result.projectsKept > 0 ? ` ${result.projectsKept} ${result.projectsKept === 1 ? "project stays" : "projects stay"} with your institution's compliance records, without your name.` : "";
  return redirectWithFlash("/", `Your account has been deleted.${kept}`, { headers: [["Set-Cookie", serializeBlankSessionCookie(getConfig().secureCookies)]] });
});

export default function YourData({ actionData }: Route.ComponentProps) {
  const failure = actionData && "errors" in actionData ? actionData : null;
  return (
    <>
      <PageHeader title="Your data" lead="What Upstream holds about you, to take with you, and how to leave." back={{ to: "/account/sessions", label: "Your account" }} />
      <section className="panel" aria-labelledby="download-title">
        <h2 id="download-title">Download your data</h2>
        <p>One file (JSON) with your account, your projects with their partners, funders, team and self-assessments, your conversation with your compliance office and its decisions, what you read and rated in the library, your e-mail settings, the e-mails sent to you and your sign-in history.</p>
        <p>
          <Link className="button secondary" to="/account/data/export" reloadDocument>
            Download your data
          </Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete your account</h2>
        <p>
          Your account, your projects and everything about you are deleted. One exception: a project your compliance office has opened a case on stays with
          your institution, because it must keep its compliance records, but your name and address are removed from it. <Link to="/library">Read more in the library</Link> or ask your
          compliance office.
        </p>
        <Notice tone="error" title="This cannot be undone" />
        <ErrorSummary errors={failure?.errors} />
        <Form method="post" className="narrow-form">
          <TextField name="password" label="Your password" type="password" autoComplete="current-password" error={failure?.errors.password} />
          <div className={`field checkbox-field${failure?.errors.confirm ? " has-error" : ""}`} id="confirm">
            <input type="checkbox" id="confirm-box" name="confirm" value="yes" />
            <label htmlFor="confirm-box">Yes, delete my account</label>
          </div>
          {failure?.errors.confirm ? <p className="field-error">{failure.errors.confirm}</p> : null}
          <button type="submit" className="button warning">
            Delete my account
          </button>
        </Form>
      </section>
    </>
  );
}
