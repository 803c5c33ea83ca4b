import { Link } from "react-router";
import type { Route } from "./+types/admin.agencies";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { listAgencies } from "~/modules/institutions/institutions.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Agencies – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  return { agencies: listAgencies(db(), actor).map((a) => ({ ...a, countryNames: a.countries.map(countryName) })) };
});

export default function Agencies({ loaderData }: Route.ComponentProps) {
  const { agencies } = loaderData;
  return (
    <>
      <PageHeader title="Agencies" back={{ to: "/admin", label: "Administration" }} />
      <p>
        <Link className="button" to="/admin/agencies/new">
          Add an agency
        </Link>
      </p>
      {agencies.length === 0 ? (
        <EmptyState title="No agencies yet">
          <p>Add an export-control agency and the countries it covers, then invite its analysts.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Countries covered</th>
                <th scope="col" className="numeric">
                  Analysts
                </th>
              </tr>
            </thead>
            <tbody>
              {agencies.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/admin/agencies/${a.id}`}>{a.name}</Link>
                  </td>
                  <td>{a.countryNames.join(", ")}</td>
                  <td className="numeric">{a.people}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
