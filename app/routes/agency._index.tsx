import { Link } from "react-router";
import type { Route } from "./+types/agency._index";
import { PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getAgency } from "~/modules/institutions/institutions.server";
import { countryName } from "~/modules/reference/countries";
import { inboxCounts } from "~/modules/warnings/warnings.server";

export function meta() {
  return [{ title: "Agency – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const agency = getAgency(db(), actor, actor.agencyId!);
  return { agency: { name: agency.name, countries: agency.countries.map(countryName) }, counts: inboxCounts(db(), actor) };
});

export default function AgencyHome({ loaderData }: Route.ComponentProps) {
  const { agency, counts } = loaderData;
  return (
    <>
      <PageHeader title={agency.name} lead={`Your jurisdiction: ${agency.countries.join(", ")}.`} />
      <div className="cards">
        <section className="card">
          <h2>Early warnings</h2>
          <p>
            <strong>{counts.fresh}</strong> new, {counts.open} open{counts.waiting > 0 ? `, ${counts.waiting} waiting for an institution's answer` : ""}.
          </p>
          <p>
            <Link to="/agency/warnings">Go to the inbox</Link>
          </p>
        </section>
        <section className="card">
          <h2>Trends</h2>
          <p>Counts across the institutions in your jurisdiction, per quarter. Small numbers are hidden so that no one can be singled out.</p>
          <p>
            <Link to="/agency/trends">See the trends</Link>
          </p>
        </section>
        <section className="card">
          <h2>What does not reach you</h2>
          <p>Nothing else of an institution is visible to an agency: not its projects, not its people, not its internal cases.</p>
        </section>
        <section className="card">
          <h2>Your systems</h2>
          <p>Read the warnings as JSON or as an Atom feed with an agency API token.</p>
          <p>
            <Link to="/agency/api-tokens">API tokens</Link>
          </p>
        </section>
      </div>
    </>
  );
}
