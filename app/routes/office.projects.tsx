import type { Route } from "./+types/office.projects";
import { ProjectList } from "~/components/project-list";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { listProjects } from "~/modules/projects/projects.server";

export function meta() {
  return [{ title: "Projects – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { projects: listProjects(db(), actor) };
});

export default function OfficeProjects({ loaderData }: Route.ComponentProps) {
  const { projects } = loaderData;
  return (
    <>
      <PageHeader title="Projects at your institution" lead="Every registered project, newest change first, with the highest level of its latest self-assessment." back={{ to: "/office", label: "Compliance office" }} />
      {projects.length === 0 ? (
        <EmptyState title="No projects yet">
          <p>Projects appear here as soon as a researcher registers one.</p>
        </EmptyState>
      ) : (
        <ProjectList projects={projects} showOwner />
      )}
    </>
  );
}
