import { Form } from "react-router";
import type { Route } from "./+types/admin.people.$personId";
import { ErrorSummary } from "~/components/form";
import { StatusBadge } from "~/components/people";
import { RoleFields } from "~/components/role-fields";
import { Notice, PageHeader, formatDateTime } from "~/components/ui";
import { guardLoader, guardAction, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { roleLabels } from "~/modules/auth/actor";
import { db } from "~/modules/db.server";
import { changeRole, getPerson, organisationChoices, setUserDisabled } from "~/modules/people/people.server";
import { roleChangeInput } from "~/modules/people/schema";
import { resetTwoStep } from "~/modules/auth/mfa.server";

export function meta() {
  return [{ title: "Person – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const person = getPerson(db(), actor, idParam(params.personId));
  return { person, isSelf: person.id === actor.userId, choices: organisationChoices(db(), actor) };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const id = idParam(params.personId);
  const form = await readForm(request);
  const origin = originOf(request, context);
  if (form.intent === "reset-two-step") {
    resetTwoStep(db(), actor, id, origin);
    return redirectWithFlash(`/admin/people/${id}`, "Two-step sign-in is reset: the person sets it up again at their next sign-in, and their sessions have ended.");
  }
  if (form.intent === "disable" || form.intent === "enable") {
    setUserDisabled(db(), actor, id, form.intent === "disable", origin);
    return redirectWithFlash(`/admin/people/${id}`, form.intent === "disable" ? "The account is disabled and all its sessions have ended." : "The account is enabled again.");
  }
  changeRole(db(), actor, id, parseInput(roleChangeInput, form), origin);
  return redirectWithFlash(`/admin/people/${id}`, "The role has been changed.");
});

export default function Person({ loaderData, actionData }: Route.ComponentProps) {
  const { person, isSelf, choices } = loaderData;
  const values = actionData?.values ?? { role: person.role, institutionId: person.institutionId ? String(person.institutionId) : "", agencyId: person.agencyId ? String(person.agencyId) : "" };
  return (
    <>
      <PageHeader title={person.name} back={{ to: "/admin/people", label: "People" }} />
      <dl className="summary">
        <dt>E-mail</dt>
        <dd>{person.email}</dd>
        <dt>Role</dt>
        <dd>{roleLabels[person.role]}</dd>
        <dt>Organisation</dt>
        <dd>{person.institutionName ?? person.agencyName ?? "—"}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={person.status} />
        </dd>
        <dt>Joined</dt>
        <dd>{formatDateTime(person.createdAt)}</dd>
        <dt>Two-step sign-in</dt>
        <dd>{person.twoStep ? "On" : "Not set up"}</dd>
      </dl>
      {person.twoStep && !isSelf ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reset-two-step" />
          <p>If the person lost their phone and their recovery codes:</p>
          <button type="submit" className="button secondary">
            Reset two-step sign-in
          </button>
        </Form>
      ) : null}
      {isSelf ? (
        <Notice title="This is your own account">
          <p>Another administrator has to change your role or disable your account.</p>
        </Notice>
      ) : (
        <>
          <h2>Change the role</h2>
          <ErrorSummary errors={actionData?.errors} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="role" />
            <RoleFields values={values} errors={actionData?.errors} choices={choices} />
            <button type="submit" className="button">
              Change the role
            </button>
          </Form>
          <h2>{person.status === "disabled" ? "Enable the account" : "Disable the account"}</h2>
          <p>
            {person.status === "disabled"
              ? "The person can sign in again once the account is enabled."
              : "A disabled account cannot sign in, and every session it has ends at once. Nothing it recorded is deleted."}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value={person.status === "disabled" ? "enable" : "disable"} />
            <button type="submit" className={person.status === "disabled" ? "button" : "button warning"}>
              {person.status === "disabled" ? "Enable the account" : "Disable the account"}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
