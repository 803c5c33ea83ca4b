// The edge of the JSON API: token authentication, JSON errors, and no cookies at all.
import { authenticateApiToken, type ApiClient } from "~/modules/api/tokens.server";
import { db } from "~/modules/db.server";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "~/modules/errors";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}

export function requireApiClient(request: Request): ApiClient {
  const client = authenticateApiToken(db(), request.headers.get("Authorization"));
  if (!client) throw json({ error: "Send a valid API token as `Authorization: Bearer <token>`." }, 401, { "WWW-Authenticate": 'Bearer realm="upstream"' });
  return client;
}

/** Runs an API handler; domain errors become JSON answers with the right status. */
export async function apiHandler(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof ValidationError) return json({ error: error.publicMessage, problems: Object.values(error.fieldErrors) }, 400);
    if (error instanceof NotFoundError) return json({ error: error.publicMessage }, 404);
    if (error instanceof ForbiddenError) return json({ error: error.publicMessage }, 403);
    if (error instanceof DomainError) return json({ error: error.publicMessage }, 409);
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return json({ error: "Something went wrong on our side." }, 500);
  }
}
