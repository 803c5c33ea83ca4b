import { Link } from "react-router";
import type { Route } from "./+types/projects._index";
import { ProjectList } from "~/components/project-list";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { listProjects } from "~/modules/projects/projects.server";

export function meta() {
  return [{ title: "Your projects – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  return { projects: listProjects(db(), actor) };
});

export default function Projects({ loaderData }: Route.ComponentProps) {
  const { projects } = loaderData;
  return (
    <>
      <PageHeader title="Your projects" lead="Register each project once, then keep it up to date when partners, funding or the readiness level change." />
      <p>
        <Link className="button" to="/projects/new">
          Register a project
        </Link>
      </p>
      {projects.length === 0 ? (
        <EmptyState title="No projects yet">
          <p>Registering takes a few minutes: a title, a short summary, the technology areas and how far the work has come. The self-assessment follows.</p>
        </EmptyState>
      ) : (
        <ProjectList projects={projects} showOwner={false} />
      )}
    </>
  );
}
