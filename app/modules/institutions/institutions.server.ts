// Owns institutions (the tenants) with their e-mail domains, and agencies with the
// countries they cover. Administrators manage both; others may read only their own.
import { asc, eq, inArray, sql } from "drizzle-orm";
import { agencies, agencyCountries, institutionDomains, institutions, users } from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { slugify, type AgencyInput, type InstitutionInput } from "./schema";

function requireAdmin(actor: Actor) {
  if (actor.role !== "admin") throw new ForbiddenError();
}

function uniqueSlug(database: Queryable, table: typeof institutions | typeof agencies, name: string, ignoreId?: number) {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = database.select({ id: table.id }).from(table).where(eq(table.slug, slug)).get();
    if (!taken || taken.id === ignoreId) return slug;
  }
}

function assertDomainsFree(database: Queryable, domains: string[], institutionId?: number) {
  const taken = database
    .select({ domain: institutionDomains.domain, institutionId: institutionDomains.institutionId, name: institutions.name })
    .from(institutionDomains)
    .innerJoin(institutions, eq(institutions.id, institutionDomains.institutionId))
    .where(inArray(institutionDomains.domain, domains))
    .all()
    .filter((row) => row.institutionId !== institutionId);
  if (taken.length > 0) {
    const first = taken[0]!;
    throw new ValidationError({ domains: `${first.domain} already belongs to ${first.name}.` });
  }
}

// --- institutions ---------------------------------------------------------------------------

export type InstitutionSummary = { id: number; name: string; slug: string; country: string; domains: string[]; people: number };

export function listInstitutions(database: Db, actor: Actor): InstitutionSummary[] {
  requireAdmin(actor);
  const rows = database.select().from(institutions).orderBy(asc(institutions.name)).all();
  const domains = database.select().from(institutionDomains).all();
  const counts = database
    .select({ institutionId: users.institutionId, n: sql<number>`count(*)` })
    .from(users)
    .where(sql`${users.institutionId} is not null`)
    .groupBy(users.institutionId)
    .all();
  return rows.map((row) => ({
    ...row,
    domains: domains.filter((d) => d.institutionId === row.id).map((d) => d.domain),
    people: counts.find((c) => c.institutionId === row.id)?.n ?? 0,
  }));
}

/** Administrators read any institution; officers and researchers only their own. */
export function getInstitution(database: Db, actor: Actor, id: number) {
  if (actor.role !== "admin" && actor.institutionId !== id) throw new NotFoundError("That institution");
  const row = database.select().from(institutions).where(eq(institutions.id, id)).get();
  if (!row) throw new NotFoundError("That institution");
  const domains = database
    .select({ domain: institutionDomains.domain })
    .from(institutionDomains)
    .where(eq(institutionDomains.institutionId, id))
    .all()
    .map((d) => d.domain);
  return { ...row, domains };
}

export function createInstitution(database: Db, actor: Actor, input: InstitutionInput, origin?: RequestOrigin) {
  requireAdmin(actor);
  return database.transaction((tx) => {
    assertDomainsFree(tx, input.domains);
    const slug = uniqueSlug(tx, institutions, input.name);
    const created = tx
      .insert(institutions)
      .values({ name: input.name, slug, country: input.country, createdAt: new Date() })
      .returning()
      .get();
    tx.insert(institutionDomains).values(input.domains.map((domain) => ({ domain, institutionId: created.id }))).run();
    recordAudit(tx, { action: "institution.create", actor, target: { type: "institution", id: created.id }, institutionId: created.id, origin, details: { name: input.name, country: input.country, domains: input.domains } });
    return created;
  });
}

export function updateInstitution(database: Db, actor: Actor, id: number, input: InstitutionInput, origin?: RequestOrigin) {
  requireAdmin(actor);
  return database.transaction((tx) => {
    const existing = tx.select().from(institutions).where(eq(institutions.id, id)).get();
    if (!existing) throw new NotFoundError("That institution");
    assertDomainsFree(tx, input.domains, id);
    tx.update(institutions).set({ name: input.name, country: input.country }).where(eq(institutions.id, id)).run();
    tx.delete(institutionDomains).where(eq(institutionDomains.institutionId, id)).run();
    tx.insert(institutionDomains).values(input.domains.map((domain) => ({ domain, institutionId: id }))).run();
    recordAudit(tx, { action: "institution.update", actor, target: { type: "institution", id }, institutionId: id, origin, details: { name: input.name, country: input.country, domains: input.domains } });
  });
}

/** For sign-up: which institution takes researchers with this e-mail address (sub-domains count). */
export function findInstitutionForEmail(database: Db, email: string) {
  const domain = email.split("@")[1]?.toLowerCase() ?? "";
  const labels = domain.split(".");
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  if (candidates.length === 0) return undefined;
  const rows = database
    .select({ id: institutions.id, name: institutions.name, domain: institutionDomains.domain })
    .from(institutionDomains)
    .innerJoin(institutions, eq(institutions.id, institutionDomains.institutionId))
    .where(inArray(institutionDomains.domain, candidates))
    .all();
  // The most specific domain wins (lab.uni.example over uni.example).
  return rows.sort((a, b) => b.domain.length - a.domain.length)[0];
}

/** Public: the names of the participating institutions, for the sign-up page. */
export function listParticipatingInstitutions(database: Db) {
  return database.select({ name: institutions.name, country: institutions.country }).from(institutions).orderBy(asc(institutions.name)).all();
}

// --- agencies -------------------------------------------------------------------------------

export type AgencySummary = { id: number; name: string; slug: string; countries: string[]; people: number };

export function listAgencies(database: Db, actor: Actor): AgencySummary[] {
  requireAdmin(actor);
  const rows = database.select().from(agencies).orderBy(asc(agencies.name)).all();
  const covered = database.select().from(agencyCountries).all();
  const counts = database
    .select({ agencyId: users.agencyId, n: sql<number>`count(*)` })
    .from(users)
    .where(sql`${users.agencyId} is not null`)
    .groupBy(users.agencyId)
    .all();
  return rows.map((row) => ({
    ...row,
    countries: covered.filter((c) => c.agencyId === row.id).map((c) => c.country).sort(),
    people: counts.find((c) => c.agencyId === row.id)?.n ?? 0,
  }));
}

/** Administrators read any agency; analysts only their own. */
export function getAgency(database: Db, actor: Actor, id: number) {
  if (actor.role !== "admin" && actor.agencyId !== id) throw new NotFoundError("That agency");
  const row = database.select().from(agencies).where(eq(agencies.id, id)).get();
  if (!row) throw new NotFoundError("That agency");
  const countries = database
    .select({ country: agencyCountries.country })
    .from(agencyCountries)
    .where(eq(agencyCountries.agencyId, id))
    .all()
    .map((c) => c.country)
    .sort();
  return { ...row, countries };
}

export function createAgency(database: Db, actor: Actor, input: AgencyInput, origin?: RequestOrigin) {
  requireAdmin(actor);
  return database.transaction((tx) => {
    const slug = uniqueSlug(tx, agencies, input.name);
    const created = tx.insert(agencies).values({ name: input.name, slug, createdAt: new Date() }).returning().get();
    const countries = [...new Set(input.countries)];
    tx.insert(agencyCountries).values(countries.map((country) => ({ agencyId: created.id, country }))).run();
    recordAudit(tx, { action: "agency.create", actor, target: { type: "agency", id: created.id }, agencyId: created.id, origin, details: { name: input.name, countries } });
    return created;
  });
}

export function updateAgency(database: Db, actor: Actor, id: number, input: AgencyInput, origin?: RequestOrigin) {
  requireAdmin(actor);
  database.transaction((tx) => {
    const existing = tx.select().from(agencies).where(eq(agencies.id, id)).get();
    if (!existing) throw new NotFoundError("That agency");
    const countries = [...new Set(input.countries)];
    tx.update(agencies).set({ name: input.name }).where(eq(agencies.id, id)).run();
    tx.delete(agencyCountries).where(eq(agencyCountries.agencyId, id)).run();
    tx.insert(agencyCountries).values(countries.map((country) => ({ agencyId: id, country }))).run();
    recordAudit(tx, { action: "agency.update", actor, target: { type: "agency", id }, agencyId: id, origin, details: { name: input.name, countries } });
  });
}

export function assertInstitutionExists(database: Db, id: number) {
  if (!database.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id)).get()) {
    throw new ValidationError({ institutionId: "Choose an institution from the list." });
  }
}

export function assertAgencyExists(database: Db, id: number) {
  if (!database.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, id)).get()) {
    throw new ValidationError({ agencyId: "Choose an agency from the list." });
  }
}

