import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/signup";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { getActor, guardAction, originOf, readForm } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";
import { signUp, SignUpRefused } from "~/modules/auth/accounts.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password";
import { db } from "~/modules/db.server";
import { listParticipatingInstitutions } from "~/modules/institutions/institutions.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Sign up – Upstream" }];
}

export function loader({ request }: Route.LoaderArgs) {
  const actor = getActor(request);
  if (actor) throw redirect(homePathFor[actor.role]);
  return null;
}

function refused(form: Record<string, string>, refusal: SignUpRefused) {
  const participating = refusal.unknownDomain ? listParticipatingInstitutions(db()).map((i) => `${i.name} (${countryName(i.country)})`) : [];
  return data({ errors: refusal.fieldErrors, message: refusal.publicMessage, values: { name: form.name ?? "", email: form.email ?? "" }, unknownDomain: refusal.unknownDomain, participating }, { status: 400 });
}

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const form = await readForm(request);
  try {
    const email = await signUp(db(), form, originOf(request, context));
    return redirect(`/signup/check-your-email?email=${encodeURIComponent(email)}`);
  } catch (error) {
    if (error instanceof SignUpRefused) return refused(form, error);
    throw error;
  }
});

export default function Signup({ actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const failure = actionData && "errors" in actionData ? actionData : null;
  const unknown = actionData && "unknownDomain" in actionData && actionData.unknownDomain ? actionData : null;
  const values = failure?.values ?? {};
  return (
    <>
      <h1>Sign up as a researcher</h1>
      <p className="lead">Use the e-mail address your university or research institute gave you: it tells us which compliance office supports you.</p>
      {unknown ? (
        <Notice tone="error" title={`No participating institution uses ${unknown.unknownDomain}`}>
          {unknown.participating.length > 0 ? (
            <>
              <p>These institutions take part in Upstream:</p>
              <ul>
                {unknown.participating.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>No institution takes part yet.</p>
          )}
          <p>
            If yours is one of them, sign up with your address at that institution. If your institution should take part, ask your
            research office or export-control officer to contact the Upstream administrator. Compliance officers and agency
            analysts join by invitation.
          </p>
        </Notice>
      ) : null}
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Your name" autoComplete="name" defaultValue={values.name} error={failure?.errors.name} />
        <TextField
          name="email"
          label="Institutional e-mail address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email}
          error={failure?.errors.email}
        />
        <TextField
          name="password"
          label="Choose a password"
          type="password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. No special characters needed: a few unrelated words work well. Very common passwords are refused.`}
          error={failure?.errors.password}
        />
        <button className="button" type="submit" disabled={navigation.state === "submitting"}>
          Create my account
        </button>
      </Form>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>.
      </p>
    </>
  );
}
