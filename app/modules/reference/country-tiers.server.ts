// Owns each institution's own country tiers ("concern", "watch"), set by its compliance
// office on top of the public country groups; triage reads them as the groups I:concern/I:watch.
import { and, asc, eq } from "drizzle-orm";
import { institutionCountryTiers, users } from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError } from "../errors";

function requireOfficer(actor: Actor): number {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  return actor.institutionId;
}

export function listCountryTiers(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  return database
    .select({ country: institutionCountryTiers.country, tier: institutionCountryTiers.tier, reason: institutionCountryTiers.reason, createdAt: institutionCountryTiers.createdAt, createdBy: users.name })
    .from(institutionCountryTiers)
    .innerJoin(users, eq(users.id, institutionCountryTiers.createdBy))
    .where(eq(institutionCountryTiers.institutionId, institutionId))
    .orderBy(asc(institutionCountryTiers.country))
    .all();
}

export function setCountryTier(database: Db, actor: Actor, input: { country: string; tier: "concern" | "watch"; reason: string }, origin?: RequestOrigin) {
  const institutionId = requireOfficer(actor);
  database.transaction((tx) => {
    const values = { tier: input.tier, reason: input.reason, createdBy: actor.userId, createdAt: new Date() };
    tx.insert(institutionCountryTiers)
      .values({ institutionId, country: input.country, ...values })
      .onConflictDoUpdate({ target: [institutionCountryTiers.institutionId, institutionCountryTiers.country], set: values })
      .run();
    recordAudit(tx, { action: "country-tier.set", actor, target: { type: "country", id: input.country }, origin, details: input });
  });
}

export function removeCountryTier(database: Db, actor: Actor, country: string, origin?: RequestOrigin) {
  const institutionId = requireOfficer(actor);
  database.transaction((tx) => {
    const result = tx.delete(institutionCountryTiers).where(and(eq(institutionCountryTiers.institutionId, institutionId), eq(institutionCountryTiers.country, country))).run();
    if (result.changes !== 1) throw new NotFoundError("That country tier");
    recordAudit(tx, { action: "country-tier.remove", actor, target: { type: "country", id: country }, origin });
  });
}

/** For triage: each country's institution tier as a group code, e.g. { CN: "I:concern" }. */
export function institutionTierGroups(database: Queryable, institutionId: number): Map<string, string> {
  return new Map(
    database
      .select({ country: institutionCountryTiers.country, tier: institutionCountryTiers.tier })
      .from(institutionCountryTiers)
      .where(eq(institutionCountryTiers.institutionId, institutionId))
      .all()
      .map((r) => [r.country, `I:${r.tier}`]),
  );
}
