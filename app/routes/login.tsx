import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/login";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { getActor, guardAction, originOf, parseInput, readForm, safeRedirectPath } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";
import { signIn, SignInError } from "~/modules/auth/accounts.server";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { RateLimitError } from "~/modules/errors";
import { challengeCookie } from "~/lib/two-step.server";

export function meta() {
  return [{ title: "Sign in – Upstream" }];
}

export function loader({ request, url }: Route.LoaderArgs) {
  const actor = getActor(request);
  if (actor) throw redirect(homePathFor[actor.role]);
  const redirectTo = url.searchParams.get("redirectTo");
  return { redirectTo: safeRedirectPath(redirectTo, "") };
}

const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").max(254, "Use at most 254 characters."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  redirectTo: z.string().optional(),
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const form = await readForm(request);
  const input = parseInput(loginInput, form);
  try {
    const outcome = await signIn(db(), input, originOf(request, context));
    const to = safeRedirectPath(input.redirectTo, homePathFor[outcome.user.role]);
    if (outcome.kind === "two-step") return redirect(`/login/two-step?redirectTo=${encodeURIComponent(to)}`, { headers: { "Set-Cookie": challengeCookie(outcome.user.id) } });
    return redirect(to, { headers: { "Set-Cookie": serializeSessionCookie(outcome.token, getConfig().secureCookies) } });
  } catch (error) {
    if (error instanceof SignInError || error instanceof RateLimitError) {
      // `attempt` changes on every refusal, so the password field is emptied even without a reload.
      return data({ message: error.publicMessage, email: input.email, attempt: Date.now() }, { status: error instanceof RateLimitError ? 429 : 401 });
    }
    throw error;
  }
});

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const failure = actionData && "errors" in actionData ? actionData : null;
  const refused = actionData && "message" in actionData && !("errors" in actionData) ? actionData : null;
  const email = failure?.values.email ?? (refused && "email" in refused ? refused.email : "");
  return (
    <>
      <h1>Sign in</h1>
      {refused ? (
        <Notice tone="error" title="You are not signed in">
          <p id="login-error">{refused.message}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" noValidate>
        {/* Carries ?redirectTo= through the form, so a person lands where they were going. */}
        <input type="hidden" name="redirectTo" value={failure?.values.redirectTo ?? loaderData.redirectTo} />
        <TextField name="email" label="E-mail address" type="email" autoComplete="username" defaultValue={email} error={failure?.errors.email} spellCheck={false} />
        <TextField
          key={refused && "attempt" in refused ? refused.attempt : "password"}
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={failure?.errors.password}
        />
        <div className="button-group">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            Sign in
          </button>
          <Link to="/forgot-password">Forgotten your password?</Link>
        </div>
      </Form>
      <p>
        New to Upstream? <Link to="/signup">Sign up with your institutional e-mail address</Link>.
      </p>
    </>
  );
}

