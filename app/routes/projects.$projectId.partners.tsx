import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/projects.$projectId.partners";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { assertCanEditProject, addPartner, getProject, removePartner } from "~/modules/projects/projects.server";
import { partnerKindLabels } from "~/modules/projects/labels";
import { partnerInput } from "~/modules/projects/schema";
import { countries } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Add a partner – Upstream" }];
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
    removePartner(db(), actor, id, idParam(form.partnerId), originOf(request, context));
    return redirectWithFlash(`/projects/${id}`, "The partner has been removed.");
  }
  const input = parseInput(partnerInput, form);
  addPartner(db(), actor, id, input, originOf(request, context));
  if (form.intent === "add-another") return redirectWithFlash(`/projects/${id}/partners`, `${input.name} has been added and screened.`);
  return redirectWithFlash(`/projects/${id}`, `${input.name} has been added and screened.`);
});

export default function AddPartner({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { project } = loaderData;
  const values = actionData?.values ?? {};
  return (
    <>
      <PageHeader
        title="Add a partner"
        lead="Any organisation you share work, unpublished results, code, data or samples with, or that will use what you build."
        back={{ to: `/projects/${project.id}`, label: project.title }}
      />
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Organisation" hint="Its full name as the organisation writes it, e.g. Universität Musterstadt." defaultValue={values.name} error={actionData?.errors.name} />
        <SelectField name="country" label="Country" hint="Where the organisation (or the part you work with) is." placeholder="Not known" options={countries.map((c) => ({ value: c.code, label: c.name }))} defaultValue={values.country} error={actionData?.errors.country} />
        <SelectField name="kind" label="Kind of organisation" placeholder="Choose one" options={Object.entries(partnerKindLabels).map(([value, label]) => ({ value, label }))} defaultValue={values.kind} error={actionData?.errors.kind} />
        <TextField name="role" label="Role in the project" hint="For example: provides test samples; co-develops the algorithm; end user of the software." defaultValue={values.role} error={actionData?.errors.role} />
        <div className="button-group">
          <button type="submit" name="intent" value="add" className="button" disabled={navigation.state === "submitting"}>
            Add the partner
          </button>
          <button type="submit" name="intent" value="add-another" className="button secondary" disabled={navigation.state === "submitting"}>
            Add and add another
          </button>
        </div>
      </Form>
    </>
  );
}
