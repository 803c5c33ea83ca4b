import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/projects.$projectId.team";
import { ErrorSummary, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { assertCanEditProject, addMember, getProject, removeMember } from "~/modules/projects/projects.server";
import { memberInput } from "~/modules/projects/schema";

export function meta() {
  return [{ title: "Add a team member – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const { project } = getProject(db(), actor, idParam(params.projectId));
  return { project: { id: project.id, title: project.title } };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const id = idParam(params.projectId);
  assertCanEditProject(db(), actor, id);
  const form = await readForm(request);
  if (form.intent === "remove") {
    removeMember(db(), actor, id, idParam(form.memberId), originOf(request, context));
    return redirectWithFlash(`/projects/${id}`, "The team member has been removed.");
  }
  const input = parseInput(memberInput, form);
  addMember(db(), actor, id, input, originOf(request, context));
  return redirectWithFlash(`/projects/${id}`, `${input.name} has been added to the team.`);
});

export default function AddMember({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { project } = loaderData;
  const values = actionData?.values ?? {};
  return (
    <>
      <PageHeader title="Add a team member" lead="Name and role are all Upstream needs. It never asks for nationality: people are not a risk factor." back={{ to: `/projects/${project.id}`, label: project.title }} />
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Name" defaultValue={values.name} error={actionData?.errors.name} />
        <TextField name="role" label="Role" hint="For example: doctoral researcher, visiting scientist, lab technician." defaultValue={values.role} error={actionData?.errors.role} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Add to the team
        </button>
      </Form>
    </>
  );
}
