// The edge of the JSON API: token authentication, JSON errors, and no cookies at all.
import { authenticateApiToken, type ApiClient } from "~/modules/api/tokens.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~/modules/db.server";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "~/modules/errors";
import { routedUrl } from "./http.server";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}

export function requireApiClient(request: Request): ApiClient {
  const client = authenticateApiToken(db(), request.headers.get("Authorization"));
  if (!client) {
    const url = routedUrl(request);
    recordAudit(db(), { action: "access.denied", outcome: "denied", origin: { ip: null, userAgent: request.headers.get("User-Agent") }, details: { method: request.method, path: url.pathname, status: 401, reason: "missing or unknown API token" } });
  }
  if (!client) throw json({ error: "Send a valid API token as `Authorization: Bearer <token>`." }, 401, { "WWW-Authenticate": 'Bearer realm="upstream"' });
  return client;
}

/** Runs an API handler; domain errors become JSON answers with the right status. */
export async function apiHandler(request: Request, fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof ValidationError) return json({ error: error.publicMessage, problems: Object.values(error.fieldErrors) }, 400);
    if (error instanceof NotFoundError || error instanceof ForbiddenError) {
      const status = error instanceof NotFoundError ? 404 : 403;
      // Refusals are logged like the pages' are; the token says who asked.
      const token = authenticateApiToken(db(), request.headers.get("Authorization"));
      recordAudit(db(), { action: "access.denied", outcome: "denied", institutionId: token?.institutionId ?? null, agencyId: token?.agencyId ?? null, details: { method: request.method, path: routedUrl(request).pathname, status, reason: error.message, token: token?.name ?? null } });
      return json({ error: error.publicMessage }, status);
    }
    if (error instanceof DomainError) return json({ error: error.publicMessage }, 409);
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return json({ error: "Something went wrong on our side." }, 500);
  }
}
