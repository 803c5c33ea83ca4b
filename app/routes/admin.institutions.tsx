import { Link } from "react-router";
import type { Route } from "./+types/admin.institutions";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { listInstitutions } from "~/modules/institutions/institutions.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Institutions – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  return { institutions: listInstitutions(db(), actor).map((i) => ({ ...i, countryName: countryName(i.country) })) };
});

export default function Institutions({ loaderData }: Route.ComponentProps) {
  const { institutions } = loaderData;
  return (
    <>
      <PageHeader title="Institutions" back={{ to: "/admin", label: "Administration" }} />
      <p>
        <Link className="button" to="/admin/institutions/new">
          Add an institution
        </Link>
      </p>
      {institutions.length === 0 ? (
        <EmptyState title="No institutions yet">
          <p>Add the first institution: researchers can sign up once their e-mail domain belongs to one.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Country</th>
                <th scope="col">E-mail domains</th>
                <th scope="col" className="numeric">
                  People
                </th>
              </tr>
            </thead>
            <tbody>
              {institutions.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/admin/institutions/${i.id}`}>{i.name}</Link>
                  </td>
                  <td>{i.countryName}</td>
                  <td>{i.domains.join(", ")}</td>
                  <td className="numeric">{i.people}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
