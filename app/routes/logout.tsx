import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { getActor, guardAction, originOf, redirectWithFlash } from "~/lib/http.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { invalidateSession, serializeBlankSessionCookie } from "~/modules/auth/session.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";

// Signing out changes state, so it is a POST only; a GET just goes home.
export function loader() {
  return redirect("/");
}

export const action = guardAction(({ request, context }: Route.ActionArgs) => {
  const actor = getActor(request);
  if (actor) {
    invalidateSession(db(), actor.sessionId);
    recordAudit(db(), { action: "auth.logout", actor, origin: originOf(request, context) });
  }
  return redirectWithFlash("/login", "You have signed out.", { headers: [["Set-Cookie", serializeBlankSessionCookie(getConfig().secureCookies)]] });
});
