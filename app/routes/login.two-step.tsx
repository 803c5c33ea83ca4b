import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/login.two-step";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { guardAction, originOf, readForm, safeRedirectPath } from "~/lib/http.server";
import { challengedUser, clearChallengeCookie } from "~/lib/two-step.server";
import { homePathFor } from "~/modules/auth/actor";
import { completeSignIn } from "~/modules/auth/mfa.server";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { RateLimitError } from "~/modules/errors";

export function meta() {
  return [{ title: "Two-step sign-in – Upstream" }];
}

export function loader({ request, url }: Route.LoaderArgs) {
  if (challengedUser(request) === null) throw redirect("/login");
  return { redirectTo: safeRedirectPath(url.searchParams.get("redirectTo"), "") };
}

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const userId = challengedUser(request);
  if (userId === null) throw redirect("/login");
  const form = await readForm(request);
  try {
    const { token, user, recoveryCodesLeft } = completeSignIn(db(), getConfig().appSecret, userId, String(form.code ?? ""), originOf(request, context));
    const headers = new Headers();
    headers.append("Set-Cookie", serializeSessionCookie(token, getConfig().secureCookies));
    headers.append("Set-Cookie", clearChallengeCookie());
    const to = recoveryCodesLeft !== null && recoveryCodesLeft < 3 ? "/account/two-step" : safeRedirectPath(form.redirectTo, homePathFor[user.role]);
    return redirect(to, { headers });
  } catch (error) {
    if (error instanceof RateLimitError) return data({ errors: { code: error.publicMessage }, message: error.publicMessage, values: {} }, { status: 429 });
    throw error;
  }
});

export default function TwoStep({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  return (
    <>
      <h1>Two-step sign-in</h1>
      <Notice>
        <p>Open the authenticator app on your phone and enter the 6-digit code it shows for Upstream. If you do not have your phone, enter one of your recovery codes.</p>
      </Notice>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <TextField name="code" label="Code" autoComplete="one-time-code" inputMode="numeric" error={errors?.code} spellCheck={false} />
        <div className="button-group">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            Continue
          </button>
          <Link to="/login">Start again</Link>
        </div>
      </Form>
      <p className="muted">Lost your phone and your recovery codes? Ask the Upstream administrator to reset your two-step sign-in.</p>
    </>
  );
}
