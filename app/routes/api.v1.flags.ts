import type { Route } from "./+types/api.v1.flags";
import { apiHandler, json, requireApiClient } from "~/lib/api.server";
import { institutionActor } from "~/modules/api/tokens.server";
import { db } from "~/modules/db.server";
import { listFlags } from "~/modules/triage/triage.server";

export const loader = ({ request, url }: Route.LoaderArgs) =>
  apiHandler(request, () => {
    const actor = institutionActor(db(), requireApiClient(request));
    const int = (name: string) => {
      const v = url.searchParams.get(name);
      return v && /^\d{1,12}$/.test(v) ? Number(v) : undefined;
    };
    const text = (name: string) => url.searchParams.get(name)?.slice(0, 80) || undefined;
    return json(listFlags(db(), actor, { status: text("status"), severity: text("severity"), ruleId: text("rule"), projectId: int("project"), before: int("before") }));
  });
