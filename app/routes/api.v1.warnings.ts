// Early warnings for an agency's own systems: the upstream.warning/v1 packets sent to the
// agency, with their status, newest first. Agency tokens only; an institution's token is refused.
import type { Route } from "./+types/api.v1.warnings";
import { apiHandler, json, requireApiClient } from "~/lib/api.server";
import { warningFeedQuery } from "~/lib/warning-feed.server";
import { db } from "~/modules/db.server";
import { listWarningsForAgency } from "~/modules/warnings/warnings.server";

export const loader = ({ request, url }: Route.LoaderArgs) =>
  apiHandler(request, () => {
    const { agencyId, filters } = warningFeedQuery(requireApiClient(request), url);
    return json(listWarningsForAgency(db(), agencyId, filters));
  });
