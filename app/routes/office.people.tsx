import { Link } from "react-router";
import type { Route } from "./+types/office.people";
import { Badge, EmptyState, PageHeader, formatDate } from "~/components/ui";
import { StatusBadge } from "~/components/people";
import { guardLoader, requireActor } from "~/lib/http.server";
import { roleLabels } from "~/modules/auth/actor";
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
        <div className="table-wrap">
          <table>
            <caption className="muted">{people.length} people</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/office/people/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.email}</td>
                  <td>{roleLabels[p.role]}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="date">{formatDate(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">
        <Badge tone="neutral">Note</Badge> Upstream never records nationality; it assesses projects, partner organisations and technologies.
      </p>
    </>
  );
}
