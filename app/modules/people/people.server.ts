// Owns the people of the portal as administrators and officers see them: invitations,
// role changes, disabling and enabling accounts, and listings scoped to the asker.
import { and, asc, eq, isNull, like, or, type SQL } from "drizzle-orm";
import { agencies, institutions, invitations, users, type Role } from "../../../db/schema";
import type { Db } from "../db.server";
import { roleLabels, type Actor, type RequestOrigin } from "../auth/actor";
import { invalidateUserSessions } from "../auth/session.server";
import { generateToken, hashToken } from "../auth/tokens";
import { recordAudit } from "../audit/audit.server";
import { appLink, kickDelivery } from "../email/mailer.server";
import { enqueueEmail } from "../email/outbox.server";
import { renderEmail } from "../email/templates.server";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { assertAgencyExists, assertInstitutionExists } from "../institutions/institutions.server";
import type { InvitationInput, RoleChangeInput } from "./schema";

export const INVITATION_DAYS = 7;

function requireAdmin(actor: Actor) {
  if (actor.role !== "admin") throw new ForbiddenError();
}

const personColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  status: users.status,
  institutionId: users.institutionId,
  agencyId: users.agencyId,
  institutionName: institutions.name,
  agencyName: agencies.name,
  createdAt: users.createdAt,
};

function peopleQuery(database: Db, where: SQL | undefined) {
  return database
    .select(personColumns)
    .from(users)
    .leftJoin(institutions, eq(institutions.id, users.institutionId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(where)
    .orderBy(asc(users.name));
}

export type Person = ReturnType<ReturnType<typeof peopleQuery>["all"]>[number];

export function listPeople(database: Db, actor: Actor, filters: { q?: string; role?: Role } = {}) {
  requireAdmin(actor);
  const conditions: SQL[] = [];
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(like(users.email, pattern), like(users.name, pattern))!);
  }
  return peopleQuery(database, conditions.length ? and(...conditions) : undefined).limit(200).all();
}

export function getPerson(database: Db, actor: Actor, id: number) {
  requireAdmin(actor);
  const person = peopleQuery(database, eq(users.id, id)).get();
  if (!person) throw new NotFoundError("That person");
  const mfa = database.select({ enabledAt: users.mfaEnabledAt }).from(users).where(eq(users.id, id)).get();
  return { ...person, twoStep: Boolean(mfa?.enabledAt) };
}

/** An officer's view of the people registered at their own institution. */
export function listInstitutionPeople(database: Db, actor: Actor) {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  return peopleQuery(database, eq(users.institutionId, actor.institutionId)).all();
}

export function getInstitutionPerson(database: Db, actor: Actor, id: number) {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  const person = peopleQuery(database, and(eq(users.id, id), eq(users.institutionId, actor.institutionId))).get();
  // Someone of another institution is indistinguishable from no one at all.
  if (!person) throw new NotFoundError("That person");
  return person;
}

function checkScope(database: Db, input: { role: Role; institutionId?: number | null; agencyId?: number | null }) {
  if (input.role === "officer" || input.role === "researcher") {
    if (!input.institutionId) throw new ValidationError({ institutionId: "Choose the institution this person works for." });
    assertInstitutionExists(database, input.institutionId);
    return { institutionId: input.institutionId, agencyId: null };
  }
  if (input.role === "analyst") {
    if (!input.agencyId) throw new ValidationError({ agencyId: "Choose the agency this person works for." });
    assertAgencyExists(database, input.agencyId);
    return { institutionId: null, agencyId: input.agencyId };
  }
  return { institutionId: null, agencyId: null };
}

export async function inviteUser(database: Db, actor: Actor, input: InvitationInput, origin?: RequestOrigin) {
  requireAdmin(actor);
  const email = input.email.toLowerCase();
  const scope = checkScope(database, input);
  if (database.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
    throw new ValidationError({ email: "This address already has an account. Change that person's role instead." });
  }
  const organisationName = scope.institutionId
    ? database.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, scope.institutionId)).get()!.name
    : scope.agencyId
      ? database.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, scope.agencyId)).get()!.name
      : "Upstream";
  const token = generateToken();
  const message = await renderEmail("invitation", {
    name: input.name,
    roleLabel: roleLabels[input.role],
    organisationName,
    invitedBy: actor.name,
    url: appLink(`/invitations/accept?token=${token}`),
    expiresInDays: INVITATION_DAYS,
  });
  const now = new Date();
  const invitation = database.transaction((tx) => {
    // A new invitation replaces any earlier one still open for the same address.
    tx.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))).run();
    const created = tx
      .insert(invitations)
      .values({ email, name: input.name, role: input.role, ...scope, tokenHash: hashToken(token), invitedBy: actor.userId, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) })
      .returning()
      .get();
    enqueueEmail(tx, { to: email, idempotencyKey: `invitation/${created.id}`, email: message });
    recordAudit(tx, { action: "invitation.create", actor, institutionId: scope.institutionId, agencyId: scope.agencyId, target: { type: "invitation", id: created.id }, origin, details: { email, role: input.role } });
    return created;
  });
  void kickDelivery();
  return invitation;
}

export function listOpenInvitations(database: Db, actor: Actor, now = new Date()) {
  requireAdmin(actor);
  return database
    .select({ id: invitations.id, email: invitations.email, name: invitations.name, role: invitations.role, expiresAt: invitations.expiresAt, institutionName: institutions.name, agencyName: agencies.name })
    .from(invitations)
    .leftJoin(institutions, eq(institutions.id, invitations.institutionId))
    .leftJoin(agencies, eq(agencies.id, invitations.agencyId))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(asc(invitations.expiresAt))
    .all()
    .filter((row) => row.expiresAt > now);
}

export function revokeInvitation(database: Db, actor: Actor, id: number, origin?: RequestOrigin) {
  requireAdmin(actor);
  database.transaction((tx) => {
    const result = tx.update(invitations).set({ revokedAt: new Date() }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))).run();
    if (result.changes !== 1) throw new NotFoundError("That invitation");
    recordAudit(tx, { action: "invitation.revoke", actor, target: { type: "invitation", id }, origin });
  });
}

export function changeRole(database: Db, actor: Actor, userId: number, input: RoleChangeInput, origin?: RequestOrigin) {
  requireAdmin(actor);
  if (userId === actor.userId) throw new ConflictError("You cannot change your own role; ask another administrator.");
  const scope = checkScope(database, input);
  database.transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!before) throw new NotFoundError("That person");
    tx.update(users).set({ role: input.role, ...scope, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    // New permissions take effect on the next request; sessions stay, they read the role afresh.
    recordAudit(tx, {
      action: "user.role-change",
      actor,
      institutionId: scope.institutionId ?? before.institutionId,
      agencyId: scope.agencyId ?? before.agencyId,
      target: { type: "user", id: userId },
      origin,
      details: { from: { role: before.role, institutionId: before.institutionId, agencyId: before.agencyId }, to: { role: input.role, ...scope } },
    });
  });
}

export function setUserDisabled(database: Db, actor: Actor, userId: number, disabled: boolean, origin?: RequestOrigin) {
  requireAdmin(actor);
  if (userId === actor.userId) throw new ConflictError("You cannot disable your own account.");
  database.transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!before) throw new NotFoundError("That person");
    const status = disabled ? "disabled" : before.emailVerifiedAt ? "active" : "pending";
    tx.update(users).set({ status, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    // Disabling ends every session at once; the next request of that person is anonymous.
    if (disabled) invalidateUserSessions(tx, userId);
    recordAudit(tx, { action: disabled ? "user.disable" : "user.enable", actor, institutionId: before.institutionId, agencyId: before.agencyId, target: { type: "user", id: userId }, origin });
  });
}

export function organisationChoices(database: Db, actor: Actor) {
  requireAdmin(actor);
  return {
    institutions: database.select({ id: institutions.id, name: institutions.name }).from(institutions).orderBy(asc(institutions.name)).all(),
    agencies: database.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name)).all(),
  };
}

/** The compliance officers a researcher can turn to: those of their own institution. */
export function listComplianceContacts(database: Db, actor: Actor) {
  if (actor.institutionId === null) throw new ForbiddenError();
  return database
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.institutionId, actor.institutionId), eq(users.role, "officer"), eq(users.status, "active")))
    .orderBy(asc(users.name))
    .all();
}

export function countPeopleByRole(database: Db, actor: Actor) {
  requireAdmin(actor);
  const rows = database.select({ role: users.role, status: users.status }).from(users).all();
  const counts = { researcher: 0, officer: 0, analyst: 0, admin: 0, disabled: 0 };
  for (const row of rows) {
    counts[row.role]++;
    if (row.status === "disabled") counts.disabled++;
  }
  return counts;
}
