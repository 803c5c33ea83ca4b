// The warnings sent to an agency as an Atom feed, for feed readers. Authenticated with an
// agency token (Bearer, or HTTP Basic with the token as the password).
import type { Route } from "./+types/api.v1.warnings.atom";
import { apiHandler, requireApiClient } from "~/lib/api.server";
import { atomFeed, warningFeedQuery } from "~/lib/warning-feed.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { listWarningsForAgency } from "~/modules/warnings/warnings.server";

export const loader = ({ request, url }: Route.LoaderArgs) =>
  apiHandler(request, () => {
    const { agencyId, filters } = warningFeedQuery(requireApiClient(request), url);
    const { warnings } = listWarningsForAgency(db(), agencyId, filters, 50);
    return new Response(atomFeed(getConfig().appUrl, agencyId, warnings), { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "no-store" } });
  });
