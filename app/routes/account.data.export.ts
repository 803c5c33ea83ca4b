// The researcher's data as one JSON download.
import type { Route } from "./+types/account.data.export";
import { guardLoader, originOf, requireActor } from "~/lib/http.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~/modules/db.server";
import { exportPersonalData } from "~/modules/people/personal-data.server";

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const data = exportPersonalData(db(), actor);
  recordAudit(db(), { action: "account.export", actor, origin: originOf(request, context) });
  return new Response(JSON.stringify(data, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="upstream-my-data-${new Date().toISOString().slice(0, 10)}.json"` },
  });
});
