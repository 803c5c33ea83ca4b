import type { Route } from "./+types/office.api-tokens";
import { ApiTokensPage } from "~/components/api-tokens";
import { tokensAction, tokensLoader } from "~/lib/api-tokens.server";
import { guardAction, guardLoader, requireActor } from "~/lib/http.server";

export function meta() {
  return [{ title: "API tokens – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => tokensLoader(requireActor(request, context, ["officer"])));

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => tokensAction(request, context, requireActor(request, context, ["officer"]), "/office/api-tokens"));

export default function ApiTokens({ loaderData, actionData }: Route.ComponentProps) {
  const { tokens, apiUrl } = loaderData;
  return (
    <ApiTokensPage
      tokens={tokens}
      created={actionData && "created" in actionData ? actionData.created : null}
      failure={actionData && "errors" in actionData ? actionData : null}
      lead="For your research information system: it can create and update projects and read their profiles and flags, for your institution only."
      back={{ to: "/office", label: "Compliance office" }}
      usedByHint="For example: Pure research information system (production)."
    >
      <p>
        The API is described at <a href={`${apiUrl}/openapi.json`}>{`${apiUrl}/openapi.json`}</a>.
      </p>
    </ApiTokensPage>
  );
}
