// The jurisdiction's published aggregates as a download: CSV (one number per line) or JSON.
import type { Route } from "./+types/agency.trends.data";
import { guardLoader, requireActor } from "~/lib/http.server";
import { releasesCsv } from "~/lib/trends.server";
import { db } from "~/modules/db.server";
import { agencyTrends } from "~/modules/aggregates/aggregates.server";

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const view = agencyTrends(db(), actor);
  const day = new Date().toISOString().slice(0, 10);
  if (url.searchParams.get("format") === "json") {
    return new Response(JSON.stringify({ format: "upstream.aggregates/v1", generatedAt: new Date().toISOString(), minimumCell: 5, ...view }, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="upstream-trends-${day}.json"` },
    });
  }
  return new Response(releasesCsv(view.quarters), { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="upstream-trends-${day}.csv"` } });
});
