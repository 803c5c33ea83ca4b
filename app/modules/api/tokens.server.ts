// Owns API tokens: created by compliance officers for their institution's research
// information systems and by analysts for their agency's systems; shown once, stored as a
// hash, revocable; each request names its tenant.
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../../db/schema";
import type { Db } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { generateToken, hashToken } from "../auth/tokens";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError } from "../errors";

export type ApiClient = { tokenId: number; institutionId: number | null; agencyId: number | null; name: string };

const PREFIX = "upst_";

/** Whose tokens the actor manages: an officer their institution's, an analyst their agency's. */
function tokenOwner(actor: Actor): { institutionId: number; agencyId: null } | { institutionId: null; agencyId: number } {
  if (actor.role === "officer" && actor.institutionId !== null) return { institutionId: actor.institutionId, agencyId: null };
  if (actor.role === "analyst" && actor.agencyId !== null) return { institutionId: null, agencyId: actor.agencyId };
  throw new ForbiddenError();
}

function ownedBy(owner: ReturnType<typeof tokenOwner>) {
  return owner.institutionId !== null ? eq(apiTokens.institutionId, owner.institutionId) : eq(apiTokens.agencyId, owner.agencyId!);
}

/** Creates a token and returns it once; afterwards only its first characters are known. */
export function createApiToken(database: Db, actor: Actor, name: string, origin?: RequestOrigin) {
  const owner = tokenOwner(actor);
  const token = `${PREFIX}${generateToken()}`;
  const row = database.transaction((tx) => {
    const created = tx
      .insert(apiTokens)
      .values({ ...owner, name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX.length + 6), createdBy: actor.userId, createdAt: new Date() })
      .returning()
      .get();
    recordAudit(tx, { action: "api-token.create", actor, target: { type: "api-token", id: created.id }, origin, details: { name } });
    return created;
  });
  return { token, id: row.id };
}

export function listApiTokens(database: Db, actor: Actor) {
  const owner = tokenOwner(actor);
  return database
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(ownedBy(owner))
    .orderBy(desc(apiTokens.id))
    .all();
}

export function revokeApiToken(database: Db, actor: Actor, id: number, origin?: RequestOrigin) {
  const owner = tokenOwner(actor);
  database.transaction((tx) => {
    const result = tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), ownedBy(owner), isNull(apiTokens.revokedAt))).run();
    if (result.changes !== 1) throw new NotFoundError("That token");
    recordAudit(tx, { action: "api-token.revoke", actor, target: { type: "api-token", id }, origin });
  });
}

/** The token in an `Authorization` header: `Bearer <token>`, or HTTP Basic with the token as the password (for feed readers). */
function tokenFromHeader(header: string | null): string | undefined {
  const bearer = header?.match(/^Bearer\s+(upst_[a-z2-7]{20,64})$/)?.[1];
  if (bearer) return bearer;
  const basic = header?.match(/^Basic\s+([A-Za-z0-9+/=]{1,400})$/)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1).match(/^(upst_[a-z2-7]{20,64})$/)?.[1];
}

/** The client behind an `Authorization` header, or null. */
export function authenticateApiToken(database: Db, header: string | null): ApiClient | null {
  const token = tokenFromHeader(header);
  if (!token) return null;
  const row = database.select().from(apiTokens).where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt))).get();
  if (!row) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) database.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.id)).run();
  return { tokenId: row.id, institutionId: row.institutionId, agencyId: row.agencyId, name: row.name };
}

/** The institution a token acts for, as the actor the modules expect; agency tokens are refused here. */
export function institutionActor(database: Db, client: ApiClient): Actor {
  if (client.institutionId === null) throw new ForbiddenError("This token is not an institution's token.");
  const row = database.select({ createdBy: apiTokens.createdBy }).from(apiTokens).where(eq(apiTokens.id, client.tokenId)).get()!;
  return { userId: row.createdBy, email: "", name: `API token “${client.name}”`, role: "officer", institutionId: client.institutionId, agencyId: null, sessionId: `api:${client.tokenId}` };
}
