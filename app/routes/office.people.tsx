import type { Route } from "./+types/office.people";
import { Badge, EmptyState, PageHeader } from "~/components/ui";
import { PeopleTable } from "~/components/people";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { listInstitutionPeople } from "~/modules/people/people.server";

export function meta() {
  return [{ title: "People – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { people: listInstitutionPeople(db(), actor) };
});

export default function OfficePeople({ loaderData }: Route.ComponentProps) {
  const { people } = loaderData;
  return (
    <>
      <PageHeader title="People at your institution" back={{ to: "/office", label: "Compliance office" }} />
      {people.length === 0 ? (
        <EmptyState title="Nobody has joined yet">
          <p>Researchers appear here once they sign up with their institutional e-mail address.</p>
        </EmptyState>
      ) : (
        <PeopleTable people={people} basePath="/office/people" showOrganisation={false} caption={`${people.length} people`} />
      )}
      <p className="muted">
        <Badge tone="neutral">Note</Badge> Upstream never records nationality; it assesses projects, partner organisations and technologies.
      </p>
    </>
  );
}
