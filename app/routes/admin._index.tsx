import { Link } from "react-router";
import type { Route } from "./+types/admin._index";
import { PageHeader } from "~/components/ui";
import { formatCount, plural } from "~/components/charts";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { listAgencies, listInstitutions } from "~/modules/institutions/institutions.server";
import { countPeopleByRole, listOpenInvitations } from "~/modules/people/people.server";

export function meta() {
  return [{ title: "Administration – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  return {
    institutions: listInstitutions(db(), actor).length,
    agencies: listAgencies(db(), actor).length,
    people: countPeopleByRole(db(), actor),
    invitations: listOpenInvitations(db(), actor).length,
  };
});

export default function AdminHome({ loaderData }: Route.ComponentProps) {
  const { institutions, agencies, people, invitations } = loaderData;
  return (
    <>
      <PageHeader title="Administration" lead="Institutions, agencies and the people who use Upstream." />
      <div className="cards">
        <section className="card">
          <h2>Institutions</h2>
          <p>
            <strong>{institutions}</strong> taking part.
          </p>
          <p>
            <Link to="/admin/institutions">Manage institutions</Link>
          </p>
        </section>
        <section className="card">
          <h2>Agencies</h2>
          <p>
            <strong>{agencies}</strong> receiving early warnings.
          </p>
          <p>
            <Link to="/admin/agencies">Manage agencies</Link>
          </p>
        </section>
        <section className="card">
          <h2>People</h2>
          <p>
            {plural(people.researcher, "researcher")}, {plural(people.officer, "compliance officer")}, {plural(people.analyst, "analyst")}, {plural(people.admin, "administrator")}
            {people.disabled > 0 ? `; ${formatCount(people.disabled)} disabled` : ""}. {plural(invitations, "invitation")} open.
          </p>
          <p>
            <Link to="/admin/people/invite">Invite someone</Link> · <Link to="/admin/people">All people</Link>
          </p>
        </section>
      </div>
    </>
  );
}
