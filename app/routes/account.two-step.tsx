import { Form } from "react-router";
import type { Route } from "./+types/account.two-step";
import { ErrorSummary, TextField } from "~/components/form";
import { Badge, Notice, PageHeader, formatDateTime } from "~/components/ui";
import { guardAction, guardLoader, originOf, readForm, requireActor } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";
import { disableTwoStep, enableTwoStep, newSetup, regenerateRecoveryCodes, twoStepStatus } from "~/modules/auth/mfa.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { ValidationError } from "~/modules/errors";

export function meta() {
  return [{ title: "Two-step sign-in – Your account – Upstream" }];
}

const ALL = ["researcher", "officer", "analyst", "admin"] as const;

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ALL);
  const status = twoStepStatus(db(), actor);
  const required = getConfig().mfaRequiredRoles.includes(actor.role);
  const setup = status.enabled ? null : newSetup(actor, getConfig().appSecret);
  return {
    ...status,
    required,
    home: homePathFor[actor.role],
    setup: setup ? { keyText: setup.keyText, uri: setup.uri } : null,
  };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ALL);
  const form = await readForm(request);
  const secret = getConfig().appSecret;
  const origin = originOf(request, context);
  if (form.intent === "enable") {
    const { key } = newSetup(actor, secret);
    return { recoveryCodes: enableTwoStep(db(), actor, secret, key, String(form.code ?? ""), origin), done: "enabled" as const };
  }
  if (form.intent === "recovery-codes") return { recoveryCodes: regenerateRecoveryCodes(db(), actor, secret, String(form.code ?? ""), origin), done: "regenerated" as const };
  if (form.intent === "disable") {
    disableTwoStep(db(), actor, secret, String(form.code ?? ""), getConfig().mfaRequiredRoles, origin);
    return { recoveryCodes: null, done: "disabled" as const };
  }
  throw new ValidationError({ intent: "Choose an action." });
});

export default function TwoStepSetup({ loaderData, actionData }: Route.ComponentProps) {
  const { enabled, since, recoveryCodesLeft, required, setup, home } = loaderData;
  const failure = actionData && "errors" in actionData ? actionData : null;
  const result = actionData && "done" in actionData ? actionData : null;
  return (
    <>
      <PageHeader
        title="Two-step sign-in"
        lead="A code from an authenticator app on your phone, asked for after your password, so a stolen password alone opens nothing."
        back={{ to: enabled ? "/account/sessions" : home, label: enabled ? "Your account" : "Home" }}
      />
      {result?.recoveryCodes ? (
        <Notice tone="success" title={result.done === "enabled" ? "Two-step sign-in is on" : "New recovery codes"}>
          <p>Keep these recovery codes somewhere safe, away from your phone. Each works once, if you lose your phone. They are shown only now.</p>
          <ul className="recovery-codes">
            {result.recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <p>
            <a href={home}>Continue to Upstream</a>
          </p>
        </Notice>
      ) : null}
      {result?.done === "disabled" ? <Notice tone="success" title="Two-step sign-in is off" /> : null}
      <ErrorSummary errors={failure?.errors} />
      {enabled ? (
        <>
          <p>
            <Badge tone="success">On</Badge> since {since ? formatDateTime(since) : "?"} · {recoveryCodesLeft} recovery {recoveryCodesLeft === 1 ? "code" : "codes"} left.
          </p>
          {recoveryCodesLeft < 3 ? <Notice tone="error" title="Few recovery codes left"><p>Make new ones below.</p></Notice> : null}
          <Form method="post" className="narrow-form">
            <input type="hidden" name="intent" value="recovery-codes" />
            <TextField name="code" label="Code from your app" hint="To make new recovery codes (the old ones stop working)." inputMode="numeric" autoComplete="one-time-code" error={failure?.values.intent === "recovery-codes" ? failure.errors.code : undefined} />
            <button type="submit" className="button secondary">
              Make new recovery codes
            </button>
          </Form>
          {required ? (
            <p className="muted">Your role must use two-step sign-in, so it cannot be turned off. If you change phones, set up the new one by asking the Upstream administrator to reset it.</p>
          ) : (
            <Form method="post" className="narrow-form">
              <input type="hidden" name="intent" value="disable" />
              <TextField name="code" label="Code from your app" hint="To turn two-step sign-in off." inputMode="numeric" autoComplete="one-time-code" error={failure?.values.intent === "disable" ? failure.errors.code : undefined} />
              <button type="submit" className="button secondary">
                Turn it off
              </button>
            </Form>
          )}
        </>
      ) : setup ? (
        <>
          {required ? (
            <Notice title="Your role needs two-step sign-in">
              <p>Compliance officers, agency analysts and administrators see other people's data, so they set this up before anything else. It takes two minutes.</p>
            </Notice>
          ) : null}
          <ol className="steps">
            <li>Install an authenticator app on your phone if you have none (any app for “TOTP” codes works).</li>
            <li>
              In the app, add an account and enter this key by hand: <code className="token">{setup.keyText}</code>
              <br />
              <span className="muted">or open this link on the phone: </span>
              <a href={setup.uri}>add Upstream to the authenticator app</a>
            </li>
            <li>Enter the 6-digit code the app now shows for Upstream.</li>
          </ol>
          <Form method="post" className="narrow-form">
            <input type="hidden" name="intent" value="enable" />
            <TextField name="code" label="Code from your app" inputMode="numeric" autoComplete="one-time-code" error={failure?.errors.code} />
            <button type="submit" className="button">
              Turn on two-step sign-in
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}

