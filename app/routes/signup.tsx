import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/signup";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/ui";
import { getActor, guardAction, originOf, parseInput, readForm } from "~/lib/http.server";
import { homePathFor } from "~/modules/auth/actor";
import { signUp, UnknownDomainError } from "~/modules/auth/accounts.server";
import { checkPassword, PASSWORD_MAX, PASSWORD_MIN } from "~/modules/auth/password";
import { ValidationError } from "~/modules/errors";
import { db } from "~/modules/db.server";
import { findInstitutionForEmail, listParticipatingInstitutions } from "~/modules/institutions/institutions.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Sign up – Upstream" }];
}

export function loader({ request }: Route.LoaderArgs) {
  const actor = getActor(request);
  if (actor) throw redirect(homePathFor[actor.role]);
  return null;
}

const signupInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  email: z.email({ message: "Enter your institutional e-mail address, such as name@uni.example.edu." }).max(254, "Use at most 254 characters."),
  password: z.string().min(1, "Choose a password.").max(1024, "That password is too long."),
});

/** Every problem with what was sent, at once: the fields' own, an address no institution uses, a weak password. */
function problemsOf(form: Record<string, string>) {
  const errors: Record<string, string> = {};
  try {
    parseInput(signupInput, { ...form, email: form.email?.trim() });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(errors, error.fieldErrors);
  }
  const email = (form.email ?? "").trim().toLowerCase();
  let unknownDomain: string | null = null;
  if (!errors.email && !findInstitutionForEmail(db(), email)) {
    unknownDomain = email.split("@")[1] ?? email;
    errors.email = "Use your address at one of the institutions listed above.";
  }
  const weak = !errors.password ? checkPassword(form.password ?? "", { email }) : null;
  if (weak) errors.password = weak;
  return { errors, unknownDomain };
}

function refused(form: Record<string, string>, errors: Record<string, string>, unknownDomain: string | null) {
  const participating = unknownDomain ? listParticipatingInstitutions(db()).map((i) => `${i.name} (${countryName(i.country)})`) : [];
  const message = Object.keys(errors).length === 1 ? "Please correct the answer marked below." : "Please correct the answers marked below.";
  return data({ errors, message, values: { name: form.name ?? "", email: form.email ?? "" }, unknownDomain, participating }, { status: 400 });
}

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const form = await readForm(request);
  const { errors, unknownDomain } = problemsOf(form);
  if (Object.keys(errors).length > 0) return refused(form, errors, unknownDomain);
  const input = parseInput(signupInput, { ...form, email: form.email?.trim() });
  try {
    await signUp(db(), input, originOf(request, context));
  } catch (error) {
    // An institution removed between the check and here.
    if (error instanceof UnknownDomainError) return refused(form, { email: "Use your address at one of the institutions listed above." }, error.domain);
    throw error;
  }
  return redirect(`/signup/check-your-email?email=${encodeURIComponent(input.email.toLowerCase())}`);
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
