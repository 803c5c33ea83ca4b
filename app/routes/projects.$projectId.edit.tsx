import type { Route } from "./+types/projects.$projectId.edit";
import { ProjectForm } from "~/components/project-form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, redirectWithFlash, requireActor } from "~/lib/http.server";
import { readProjectForm } from "~/lib/project-form.server";
import { db } from "~/modules/db.server";
import { assertCanEditProject, areaOptions, getProject, updateProject } from "~/modules/projects/projects.server";

export function meta() {
  return [{ title: "Change the project – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const view = getProject(db(), actor, idParam(params.projectId));
  return { project: view.project, areas: view.areas, options: areaOptions() };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const id = idParam(params.projectId);
  assertCanEditProject(db(), actor, id);
  updateProject(db(), actor, id, await readProjectForm(request), originOf(request, context));
  return redirectWithFlash(`/projects/${id}`, "The changes have been saved.");
});

export default function EditProject({ loaderData, actionData }: Route.ComponentProps) {
  const { project, areas, options } = loaderData;
  const values = actionData?.values
    ? { ...actionData.values, technologyAreas: actionData.values.technologyAreas?.split(",") ?? [] }
    : { title: project.title, summary: project.summary, field: project.field, technologyAreas: areas, trl: String(project.trl), startDate: project.startDate ?? "", endDate: project.endDate ?? "" };
  return (
    <>
      <PageHeader title="Change the project" back={{ to: `/projects/${project.id}`, label: project.title }} />
      <ProjectForm areas={options} values={values} errors={actionData?.errors} submitLabel="Save changes" />
    </>
  );
}
