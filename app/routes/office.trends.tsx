import { Form } from "react-router";
import type { Route } from "./+types/office.trends";
import { QuarterTrend } from "~/components/aggregates";
import { QuarterTablesView } from "~/components/trends";
import { SelectField } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { chosenQuarter, trendLabels } from "~/lib/trends.server";
import { db } from "~/modules/db.server";
import { institutionTrends } from "~/modules/aggregates/aggregates.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Trends – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const view = institutionTrends(db(), actor);
  const chosen = chosenQuarter(view.quarters, url);
  return {
    countries: view.countries.map(countryName),
    peers: view.peers,
    quarterIds: view.quarters.map((q) => q.quarter),
    ownTrend: view.quarters.map((q) => ({ quarter: q.quarter, table: q.own.flaggedByDimensionSeverity })),
    othersTrend: view.quarters.map((q) => ({ quarter: q.quarter, table: q.others.flaggedByDimensionSeverity })),
    chosen,
    labels: trendLabels(),
  };
});

export default function OfficeTrends({ loaderData }: Route.ComponentProps) {
  const { countries, peers, quarterIds, ownTrend, othersTrend, chosen, labels } = loaderData;
  return (
    <>
      <PageHeader
        title="Trends"
        lead={`Your institution's own counts, next to the ${peers} other ${peers === 1 ? "institution" : "institutions"} in ${countries.join(", ") || "your jurisdiction"}. Theirs are protected as agencies see them: no number from 1 to 4, nor one that would let you work it out.`}
        back={{ to: "/office/dashboard", label: "Dashboard" }}
      />
      <div className="two-columns">
        <QuarterTrend quarters={ownTrend} caption="Your flagged projects per quarter" />
        <QuarterTrend quarters={othersTrend} caption="The other institutions' flagged projects per quarter" />
      </div>
      {chosen ? (
        <>
          <Form method="get" className="filters" aria-label="Choose the quarter">
            <SelectField name="quarter" label="Quarter" options={quarterIds.map((q) => ({ value: q, label: q }))} defaultValue={chosen.quarter} />
            <button type="submit" className="button secondary">
              Show
            </button>
          </Form>
          <h2>{chosen.quarter}: your institution</h2>
          <QuarterTablesView tables={chosen.own} labels={labels} who="your institution" />
          <h2>{chosen.quarter}: the other institutions</h2>
          <QuarterTablesView tables={chosen.others} labels={labels} who="other institutions" />
        </>
      ) : (
        <EmptyState title="No quarter has ended yet" />
      )}
    </>
  );
}
