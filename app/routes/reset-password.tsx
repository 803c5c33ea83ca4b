import { Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/reset-password";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { flashCookie, guardAction, originOf, parseInput, readForm } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";
import { isTokenUsable, LinkExpiredError, resetPassword } from "~/modules/auth/accounts.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";

export function meta() {
  return [{ title: "Choose a new password – Upstream" }];
}

export function loader({ url }: Route.LoaderArgs) {
  const token = url.searchParams.get("token") ?? "";
  return { token, usable: token !== "" && isTokenUsable(db(), token, "reset-password") };
}

const resetInput = z.object({
  token: z.string().min(1),
  password: z.string().min(1, "Choose a new password.").max(1024, "That password is too long."),
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const input = parseInput(resetInput, await readForm(request));
  try {
    const { token, user } = await resetPassword(db(), input.token, input.password, originOf(request, context));
    const headers = new Headers();
    headers.append("Set-Cookie", serializeSessionCookie(token, getConfig().secureCookies));
    headers.append("Set-Cookie", flashCookie("Your password has been changed. You were signed out everywhere else."));
    return redirect(homePathFor[user.role], { headers });
  } catch (error) {
    if (error instanceof LinkExpiredError) return { expired: true };
    throw error;
  }
});

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  if (!loaderData.usable || (actionData && "expired" in actionData)) {
    return (
      <>
        <h1>This link cannot be used</h1>
        <Notice tone="error">
          <p>The password reset link has expired or has already been used.</p>
        </Notice>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }
  const failure = actionData && "errors" in actionData ? actionData : null;
  return (
    <>
      <h1>Choose a new password</h1>
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="token" value={loaderData.token} />
        <TextField
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A few unrelated words work well. Very common passwords are refused.`}
          error={failure?.errors.password}
        />
        <button className="button" type="submit" disabled={navigation.state === "submitting"}>
          Save my new password
        </button>
      </Form>
    </>
  );
}
