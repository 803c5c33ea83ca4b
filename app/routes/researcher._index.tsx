import { Link } from "react-router";
import type { Route } from "./+types/researcher._index";
import { ProjectList } from "~/components/project-list";
import { EmptyState, Notice, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getInstitution } from "~/modules/institutions/institutions.server";
import { listComplianceContacts } from "~/modules/people/people.server";
import { listProjects } from "~/modules/projects/projects.server";

export function meta() {
  return [{ title: "Your home – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const institution = getInstitution(db(), actor, actor.institutionId!);
  return { name: actor.name, institution: { name: institution.name }, contacts: listComplianceContacts(db(), actor), projects: listProjects(db(), actor) };
});

export default function ResearcherHome({ loaderData }: Route.ComponentProps) {
  const { name, institution, contacts, projects } = loaderData;
  const toReassess = projects.filter((p) => p.reassessmentReason);
  const asked = projects.filter((p) => p.questionWaiting);
  return (
    <>
      <PageHeader title={`Welcome, ${name}`} lead={`You are registered as a researcher at ${institution.name}.`} />
      <h2>Your projects</h2>
      {asked.length > 0 ? (
        <Notice title={asked.length === 1 ? "Your compliance office has asked you a question" : `Your compliance office has asked you questions on ${asked.length} projects`}>
          <ul>
            {asked.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}#conversation`}>Answer on “{p.title}”</Link>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {toReassess.length > 0 ? (
        <p>
          <strong>{toReassess.length === 1 ? "One project asks" : `${toReassess.length} projects ask`} to be assessed again</strong> because something that matters has changed.
        </p>
      ) : null}
      {projects.length > 0 ? <ProjectList projects={projects.slice(0, 5)} showOwner={false} /> : <p>You have not registered a project yet. It takes a few minutes.</p>}
      <p>
        <Link className="button" to="/projects/new">
          Register a project
        </Link>{" "}
        {projects.length > 5 ? <Link to="/projects">All your projects</Link> : null}
      </p>
      <div className="cards">
        <section className="card">
          <h2>Why Upstream asks early</h2>
          <p>
            Know-how can cross borders long before anything is shipped: in a paper draft, a shared repository, a visiting
            colleague or a video call. Questions asked at the start of a project are the easiest to answer.
          </p>
        </section>
        <section className="card">
          <h2>What stays private</h2>
          <p>
            Your compliance office sees the projects you register. Nobody is ever assessed by nationality: Upstream looks at
            technologies, partner organisations and how knowledge is shared.
          </p>
        </section>
      </div>
      <h2>Your compliance office</h2>
      {contacts.length > 0 ? (
        <>
          <p>For any question about a project, partner or trip, write to:</p>
          <ul>
            {contacts.map((contact) => (
              <li key={contact.email}>
                {contact.name} — <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <EmptyState title="No compliance officer has joined yet">
          <p>Your institution has not named a compliance officer in Upstream yet. Your research office can tell you whom to ask meanwhile.</p>
        </EmptyState>
      )}
    </>
  );
}
