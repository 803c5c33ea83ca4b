import { Form, Link } from "react-router";
import type { Route } from "./+types/agency.trends";
import { QuarterTrend } from "~/components/aggregates";
import { QuarterTablesView } from "~/components/trends";
import { SelectField } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { chosenQuarter, trendLabels } from "~/lib/trends.server";
import { db } from "~/modules/db.server";
import { agencyTrends } from "~/modules/aggregates/aggregates.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Trends – Agency – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const view = agencyTrends(db(), actor);
  const chosen = chosenQuarter(view.quarters, url);
  return {
    countries: view.countries.map(countryName),
    institutions: view.institutions,
    quarterIds: view.quarters.map((q) => q.quarter),
    trend: view.quarters.map((q) => ({ quarter: q.quarter, table: q.tables.flaggedByDimensionSeverity })),
    chosen,
    labels: trendLabels(),
  };
});

export default function Trends({ loaderData }: Route.ComponentProps) {
  const { countries, institutions, quarterIds, trend, chosen, labels } = loaderData;
  return (
    <>
      <PageHeader
        title="Trends in your jurisdiction"
        lead={`Counts across the ${institutions} ${institutions === 1 ? "institution" : "institutions"} in ${countries.join(", ") || "your jurisdiction"}, per quarter once it has ended. No number between 1 and 4 is ever shown, nor one that would let you work it out; sparse categories are merged.`}
        back={{ to: "/agency", label: "Agency" }}
      />
      <p>
        <Link to="/agency/trends/data?format=csv" reloadDocument>
          Download as CSV
        </Link>{" "}
        ·{" "}
        <Link to="/agency/trends/data?format=json" reloadDocument>
          Download as JSON
        </Link>
      </p>
      <details className="panel">
        <summary>How small numbers are protected</summary>
        <p>
          Each table counts research projects, not people. A count from 1 to 4 is hidden, and so are enough other counts in the same row and column that
          the hidden one cannot be worked out from the totals. Technology areas or severities with too few projects are merged into “Other”. A quarter is
          published once it has ended and never changes afterwards, so comparing two releases reveals nothing new. Hidden counts are marked “·”,
          whatever the reason they are hidden.
        </p>
      </details>
      <QuarterTrend quarters={trend} caption="Flagged projects per quarter, by highest severity" />
      {chosen ? (
        <>
          <Form method="get" className="filters" aria-label="Choose the quarter">
            <SelectField name="quarter" label="Quarter" options={quarterIds.map((q) => ({ value: q, label: q }))} defaultValue={chosen.quarter} />
            <button type="submit" className="button secondary">
              Show
            </button>
          </Form>
          <h2>{chosen.quarter}</h2>
          <QuarterTablesView tables={chosen.tables} labels={labels} who="jurisdiction" />
        </>
      ) : (
        <EmptyState title="No quarter has ended yet" />
      )}
    </>
  );
}
