import type { Route } from "./+types/office.people.$personId";
import { PageHeader, formatDateTime } from "~/components/ui";
import { StatusBadge } from "~/components/people";
import { guardLoader, idParam, requireActor } from "~/lib/http.server";
import { roleLabels } from "~/modules/auth/actor";
import { db } from "~/modules/db.server";
import { getInstitutionPerson } from "~/modules/people/people.server";

export function meta() {
  return [{ title: "Person – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { person: getInstitutionPerson(db(), actor, idParam(params.personId)) };
});

export default function OfficePerson({ loaderData }: Route.ComponentProps) {
  const { person } = loaderData;
  return (
    <>
      <PageHeader title={person.name} back={{ to: "/office/people", label: "People at your institution" }} />
      <dl className="summary">
        <dt>E-mail</dt>
        <dd>
          <a href={`mailto:${person.email}`}>{person.email}</a>
        </dd>
        <dt>Role</dt>
        <dd>{roleLabels[person.role]}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={person.status} />
        </dd>
        <dt>Joined</dt>
        <dd>{formatDateTime(person.createdAt)}</dd>
      </dl>
    </>
  );
}
