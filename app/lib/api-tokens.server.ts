// The API tokens pages' loader and action, for offices and agencies alike.
import type { AppLoadContext } from "react-router";
import type { Actor } from "~/modules/auth/actor";
import { tokenName } from "~/modules/api/schema";
import { createApiToken, listApiTokens, revokeApiToken } from "~/modules/api/tokens.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { idParam, originOf, parseInput, readForm, redirectWithFlash } from "./http.server";

export function tokensLoader(actor: Actor) {
  return { tokens: listApiTokens(db(), actor), apiUrl: `${getConfig().appUrl}/api/v1` };
}

export async function tokensAction(request: Request, context: AppLoadContext, actor: Actor, here: string) {
  const form = await readForm(request);
  if (form.intent === "revoke") {
    revokeApiToken(db(), actor, idParam(form.tokenId), originOf(request, context));
    return redirectWithFlash(here, "The token has been revoked; it stops working at once.");
  }
  const { name } = parseInput(tokenName, form);
  const { token } = createApiToken(db(), actor, name, originOf(request, context));
  return { created: { name, token } };
}
