import type { Route } from "./+types/agency._index";
import { PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getAgency } from "~/modules/institutions/institutions.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Agency – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const agency = getAgency(db(), actor, actor.agencyId!);
  return { agency: { name: agency.name, countries: agency.countries.map(countryName) } };
});

export default function AgencyHome({ loaderData }: Route.ComponentProps) {
  const { agency } = loaderData;
  return (
    <>
      <PageHeader title={agency.name} lead={`Your jurisdiction: ${agency.countries.join(", ")}.`} />
      <div className="cards">
        <section className="card">
          <h2>What reaches you here</h2>
          <p>
            Early warnings that institutions in your jurisdiction choose to escalate to you, and trends across institutions that
            never show an individual researcher.
          </p>
        </section>
        <section className="card">
          <h2>What does not</h2>
          <p>Nothing else of an institution is visible to an agency: not its projects, not its people, not its internal cases.</p>
        </section>
      </div>
    </>
  );
}
