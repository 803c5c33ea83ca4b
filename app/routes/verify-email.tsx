import { Form, Link } from "react-router";
import type { Route } from "./+types/verify-email";
import { Notice } from "~/components/ui";
import { guardAction, originOf, readForm, redirectWithFlash } from "~/lib/http.server";
import { isTokenUsable, LinkExpiredError, verifyEmail } from "~/modules/auth/accounts.server";
import { db } from "~/modules/db.server";

export function meta() {
  return [{ title: "Activate your account – Upstream" }];
}

// Opening the link only shows a button: state never changes on GET, and mail scanners that
// follow links cannot use up a person's activation link.
export function loader({ url }: Route.LoaderArgs) {
  const token = url.searchParams.get("token") ?? "";
  return { token, usable: token !== "" && isTokenUsable(db(), token, "verify-email") };
}

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const form = await readForm(request);
  try {
    verifyEmail(db(), form.token ?? "", originOf(request, context));
  } catch (error) {
    if (error instanceof LinkExpiredError) return { expired: true };
    throw error;
  }
  return redirectWithFlash("/login", "Your account is active. Sign in to continue.");
});

export default function VerifyEmail({ loaderData, actionData }: Route.ComponentProps) {
  if (!loaderData.usable || (actionData && "expired" in actionData)) {
    return (
      <>
        <h1>This link cannot be used</h1>
        <Notice tone="error">
          <p>The activation link has expired or has already been used.</p>
        </Notice>
        <p>
          If your account is already active, <Link to="/login">sign in</Link>. If not, sign in with your e-mail address and
          password and we will send you a new link.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Activate your account</h1>
      <p className="lead">Confirm that this e-mail address is yours, and your Upstream account is ready.</p>
      <Form method="post">
        <input type="hidden" name="token" value={loaderData.token} />
        <button className="button" type="submit">
          Activate my account
        </button>
      </Form>
    </>
  );
}
