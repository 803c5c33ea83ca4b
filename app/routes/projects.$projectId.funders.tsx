import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/projects.$projectId.funders";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { assertCanEditProject, addFunder, getProject, removeFunder } from "~/modules/projects/projects.server";
import { funderKindLabels } from "~/modules/projects/labels";
import { funderInput } from "~/modules/projects/schema";
import { countries } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Add a funder – Upstream" }];
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
    removeFunder(db(), actor, id, idParam(form.funderId), originOf(request, context));
    return redirectWithFlash(`/projects/${id}`, "The funder has been removed.");
  }
  const input = parseInput(funderInput, form);
  addFunder(db(), actor, id, input, originOf(request, context));
  return redirectWithFlash(`/projects/${id}`, `${input.name} has been added.`);
});

export default function AddFunder({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { project } = loaderData;
  const values = actionData?.values ?? {};
  return (
    <>
      <PageHeader title="Add a funder" lead="Who pays for the work, or supports it in kind (equipment, data, staff, facilities)." back={{ to: `/projects/${project.id}`, label: project.title }} />
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Funder" defaultValue={values.name} error={actionData?.errors.name} />
        <SelectField name="country" label="Country" placeholder="Not known" options={countries.map((c) => ({ value: c.code, label: c.name }))} defaultValue={values.country} error={actionData?.errors.country} />
        <SelectField name="kind" label="Kind of funder" placeholder="Choose one" options={Object.entries(funderKindLabels).map(([value, label]) => ({ value, label }))} defaultValue={values.kind} error={actionData?.errors.kind} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Add the funder
        </button>
      </Form>
    </>
  );
}
