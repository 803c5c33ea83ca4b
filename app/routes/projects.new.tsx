import type { Route } from "./+types/projects.new";
import { ProjectForm } from "~/components/project-form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, originOf, redirectWithFlash, requireActor } from "~/lib/http.server";
import { readProjectForm } from "~/lib/project-form.server";
import { db } from "~/modules/db.server";
import { areaOptions, registerProject } from "~/modules/projects/projects.server";

export function meta() {
  return [{ title: "Register a project – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  requireActor(request, context, ["researcher"]);
  return { areas: areaOptions() };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const project = registerProject(db(), actor, await readProjectForm(request), originOf(request, context));
  return redirectWithFlash(`/projects/${project.id}`, "The project is registered as a draft. Add partners and funders, then start the self-assessment.");
});

export default function NewProject({ loaderData, actionData }: Route.ComponentProps) {
  const values = actionData?.values;
  return (
    <>
      <PageHeader title="Register a project" lead="A few facts about the project. You can change them later; the project stays a draft until you submit the self-assessment." back={{ to: "/projects", label: "Your projects" }} />
      <ProjectForm
        areas={loaderData.areas}
        values={{ ...values, technologyAreas: values?.technologyAreas ? values.technologyAreas.split(",") : [] }}
        errors={actionData?.errors}
        submitLabel="Save the project"
      />
    </>
  );
}
