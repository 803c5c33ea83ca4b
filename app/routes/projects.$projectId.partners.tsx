import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/projects.$projectId.partners";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, parseInput } from "~/lib/http.server";
import { changeProjectPart, editableProjectHeading } from "~/lib/project-parts.server";
import { db } from "~/modules/db.server";
import { addPartner, removePartner } from "~/modules/projects/projects.server";
import { partnerKindLabels } from "~/modules/projects/labels";
import { partnerInput } from "~/modules/projects/schema";
import { countries } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Add a partner – Upstream" }];
}

export const loader = guardLoader((args: Route.LoaderArgs) => editableProjectHeading(args));

export const action = guardAction((args: Route.ActionArgs) =>
  changeProjectPart(args, {
    remove(actor, projectId, form, origin) {
      removePartner(db(), actor, projectId, idParam(form.partnerId), origin);
      return "The partner has been removed.";
    },
    add(actor, projectId, form, origin) {
      const input = parseInput(partnerInput, form);
      addPartner(db(), actor, projectId, input, origin);
      return { message: `${input.name} has been added and screened.`, stay: form.intent === "add-another" };
    },
  }),
);

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
