import type { Route } from "./+types/api.v1.openapi";
import { json } from "~/lib/api.server";
import { openApiDocument } from "~/modules/api/openapi";
import { getConfig } from "~/modules/config/env.server";

// The API's description is public: it holds no data.
export function loader(_args: Route.LoaderArgs) {
  return json(openApiDocument(getConfig().appUrl));
}
