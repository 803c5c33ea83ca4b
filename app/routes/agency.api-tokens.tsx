import type { Route } from "./+types/agency.api-tokens";
import { ApiTokensPage } from "~/components/api-tokens";
import { tokensAction, tokensLoader } from "~/lib/api-tokens.server";
import { guardAction, guardLoader, requireActor } from "~/lib/http.server";

export function meta() {
  return [{ title: "API tokens – Agency – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => tokensLoader(requireActor(request, context, ["analyst"])));

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => tokensAction(request, context, requireActor(request, context, ["analyst"]), "/agency/api-tokens"));

export default function ApiTokens({ loaderData, actionData }: Route.ComponentProps) {
  const { tokens, apiUrl } = loaderData;
  return (
    <ApiTokensPage
      tokens={tokens}
      created={actionData && "created" in actionData ? actionData.created : null}
      failure={actionData && "errors" in actionData ? actionData : null}
      lead="For your agency's own systems: they can read the early warnings sent to your agency, as JSON or as an Atom feed, and nothing else."
      back={{ to: "/agency", label: "Agency" }}
      usedByHint="For example: case management system (production)."
    >
      <p>
        Warnings: <code>{`GET ${apiUrl}/warnings`}</code> (JSON, filters <code>status</code>, <code>since</code>, <code>until</code>) and <code>{`${apiUrl}/warnings.atom`}</code> (Atom). Send the token as{" "}
        <code>Authorization: Bearer …</code>; feed readers may send it as the password of HTTP Basic authentication. Described at <a href={`${apiUrl}/openapi.json`}>{`${apiUrl}/openapi.json`}</a>.
      </p>
    </ApiTokensPage>
  );
}
