import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/projects.$projectId.team";
import { ErrorSummary, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, parseInput } from "~/lib/http.server";
import { changeProjectPart, editableProjectHeading } from "~/lib/project-parts.server";
import { db } from "~/modules/db.server";
import { addMember, removeMember } from "~/modules/projects/projects.server";
import { memberInput } from "~/modules/projects/schema";

export function meta() {
  return [{ title: "Add a team member – Upstream" }];
}

export const loader = guardLoader((args: Route.LoaderArgs) => editableProjectHeading(args));

export const action = guardAction((args: Route.ActionArgs) =>
  changeProjectPart(args, {
    remove(actor, projectId, form, origin) {
      removeMember(db(), actor, projectId, idParam(form.memberId), origin);
      return "The team member has been removed.";
    },
    add(actor, projectId, form, origin) {
      const input = parseInput(memberInput, form);
      addMember(db(), actor, projectId, input, origin);
      return { message: `${input.name} has been added to the team.` };
    },
  }),
);

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
