import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/admin.people.invite";
import { ErrorSummary, TextField } from "~/components/form";
import { RoleFields } from "~/components/role-fields";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { inviteUser, organisationChoices } from "~/modules/people/people.server";
import { invitationInput } from "~/modules/people/schema";

export function meta() {
  return [{ title: "Invite someone – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  return { choices: organisationChoices(db(), actor), preset: { role: url.searchParams.get("role") ?? "officer", institutionId: url.searchParams.get("institution") ?? "" } };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const input = parseInput(invitationInput, await readForm(request));
  await inviteUser(db(), actor, input, originOf(request, context));
  return redirectWithFlash("/admin/people", `An invitation has been sent to ${input.email}.`);
});

export default function Invite({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const values = actionData?.values ?? loaderData.preset;
  return (
    <>
      <PageHeader
        title="Invite someone"
        lead="Compliance officers, agency analysts and administrators join by invitation. The link in the e-mail works once and expires in 7 days."
        back={{ to: "/admin/people", label: "People" }}
      />
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Name" defaultValue={"name" in values ? values.name : ""} error={actionData?.errors.name} />
        <TextField name="email" label="E-mail address" type="email" spellCheck={false} defaultValue={"email" in values ? values.email : ""} error={actionData?.errors.email} />
        <RoleFields values={values} errors={actionData?.errors} choices={loaderData.choices} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Send the invitation
        </button>
      </Form>
    </>
  );
}
