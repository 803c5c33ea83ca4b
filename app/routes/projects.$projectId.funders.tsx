import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/projects.$projectId.funders";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, parseInput } from "~/lib/http.server";
import { changeProjectPart, editableProjectHeading } from "~/lib/project-parts.server";
import { db } from "~/modules/db.server";
import { addFunder, removeFunder } from "~/modules/projects/projects.server";
import { funderKindLabels } from "~/modules/projects/labels";
import { funderInput } from "~/modules/projects/schema";
import { countries } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Add a funder – Upstream" }];
}

export const loader = guardLoader((args: Route.LoaderArgs) => editableProjectHeading(args));

export const action = guardAction((args: Route.ActionArgs) =>
  changeProjectPart(args, {
    remove(actor, projectId, form, origin) {
      removeFunder(db(), actor, projectId, idParam(form.funderId), origin);
      return "The funder has been removed.";
    },
    add(actor, projectId, form, origin) {
      const input = parseInput(funderInput, form);
      addFunder(db(), actor, projectId, input, origin);
      return { message: `${input.name} has been added.` };
    },
  }),
);

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
