import { Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/invitations.accept";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { flashCookie, guardAction, originOf, parseInput, readForm } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";
import { acceptInvitation, findOpenInvitation, LinkExpiredError } from "~/modules/auth/accounts.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";

export function meta() {
  return [{ title: "Accept your invitation – Upstream" }];
}

export function loader({ url }: Route.LoaderArgs) {
  const token = url.searchParams.get("token") ?? "";
  const invitation = token ? findOpenInvitation(db(), token) : undefined;
  return {
    token,
    invitation: invitation ? { email: invitation.email, name: invitation.name, roleLabel: invitation.roleLabel, organisationName: invitation.organisationName } : null,
  };
}

const acceptInput = z.object({
  token: z.string().min(1),
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  password: z.string().min(1, "Choose a password.").max(1024, "That password is too long."),
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const input = parseInput(acceptInput, await readForm(request));
  try {
    const { token, user } = await acceptInvitation(db(), input.token, input, originOf(request, context));
    const headers = new Headers();
    headers.append("Set-Cookie", serializeSessionCookie(token, getConfig().secureCookies));
    headers.append("Set-Cookie", flashCookie("Welcome to Upstream. Your account is ready."));
    return redirect(homePathFor[user.role], { headers });
  } catch (error) {
    if (error instanceof LinkExpiredError) return { expired: true };
    throw error;
  }
});

export default function AcceptInvitation({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { invitation } = loaderData;
  if (!invitation || (actionData && "expired" in actionData)) {
    return (
      <>
        <h1>This invitation cannot be used</h1>
        <Notice tone="error">
          <p>The invitation has expired, was replaced by a newer one, or has already been accepted.</p>
        </Notice>
        <p>
          If you already accepted it, <Link to="/login">sign in</Link>. Otherwise ask the person who invited you to send a new
          invitation.
        </p>
      </>
    );
  }
  const failure = actionData && "errors" in actionData ? actionData : null;
  return (
    <>
      <h1>Join Upstream</h1>
      <p className="lead">
        You are invited as <strong>{invitation.roleLabel.toLowerCase()}</strong> for <strong>{invitation.organisationName}</strong>,
        with the address {invitation.email}. Choose a password to accept.
      </p>
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="token" value={loaderData.token} />
        <TextField name="name" label="Your name" autoComplete="name" defaultValue={failure?.values.name ?? invitation.name} error={failure?.errors.name} />
        <TextField
          name="password"
          label="Choose a password"
          type="password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A few unrelated words work well. Very common passwords are refused.`}
          error={failure?.errors.password}
        />
        <button className="button" type="submit" disabled={navigation.state === "submitting"}>
          Accept and continue
        </button>
      </Form>
    </>
  );
}
