import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/forgot-password";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { guardAction, originOf, parseInput, readForm } from "~/lib/http.server";
import { requestPasswordReset } from "~/modules/auth/accounts.server";
import { db } from "~/modules/db.server";
import { RateLimitError } from "~/modules/errors";

export function meta() {
  return [{ title: "Reset your password – Upstream" }];
}

const resetRequest = z.object({
  email: z.email({ message: "Enter the e-mail address of your account, such as name@uni.example.edu." }).max(254, "Use at most 254 characters."),
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const form = await readForm(request);
  const { email } = parseInput(resetRequest, { email: form.email?.trim() });
  try {
    await requestPasswordReset(db(), email, originOf(request, context));
  } catch (error) {
    if (error instanceof RateLimitError) return data({ limited: error.publicMessage, email }, { status: 429 });
    throw error;
  }
  // The same answer whether or not the address has an account.
  return { sent: email };
});

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  if (actionData && "sent" in actionData) {
    return (
      <>
        <h1>Check your e-mail</h1>
        <p className="lead">
          If <strong>{actionData.sent}</strong> belongs to an Upstream account, we have sent it a link to choose a new password. The
          link works once and expires in 60 minutes.
        </p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </>
    );
  }
  const failure = actionData && "errors" in actionData ? actionData : null;
  const limited = actionData && "limited" in actionData ? actionData : null;
  return (
    <>
      <h1>Reset your password</h1>
      <p className="lead">Enter the e-mail address of your account and we will send you a link to choose a new password.</p>
      {limited ? (
        <Notice tone="error" title="Too many requests">
          <p>{limited.limited}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" noValidate>
        <TextField
          name="email"
          label="E-mail address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={failure?.values.email ?? limited?.email}
          error={failure?.errors.email}
        />
        <button className="button" type="submit" disabled={navigation.state === "submitting"}>
          Send me a link
        </button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </>
  );
}
