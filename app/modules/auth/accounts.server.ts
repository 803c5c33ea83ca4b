// Owns the account life cycle that needs no signed-in actor: sign-up with address
// verification, sign-in, password reset, and accepting an invitation.
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { agencies, institutions, invitations, userTokens, users, type User } from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import { recordAudit } from "../audit/audit.server";
import { renderEmail } from "../email/templates.server";
import { enqueueEmail } from "../email/outbox.server";
import { appLink, kickDelivery } from "../email/mailer.server";
import { DomainError, ValidationError } from "../errors";
import { findInstitutionForEmail } from "../institutions/institutions.server";
import type { RequestOrigin } from "./actor";
import { roleLabels } from "./actor";
import { checkPassword } from "./password";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server";
import { assertWithinLimits, clearAttempts, countAttempt, limits } from "./rate-limit.server";
import { createSession, invalidateUserSessions } from "./session.server";
import { generateToken, hashToken } from "./tokens";

export const VERIFY_EMAIL_HOURS = 24;
export const RESET_PASSWORD_MINUTES = 60;

/** A link that is unknown, used or expired; the page says so and offers the way forward. */
export class LinkExpiredError extends DomainError {
  constructor() {
    super("This link has expired or has already been used.");
  }
}

export class SignInError extends DomainError {}

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

// --- sign-up --------------------------------------------------------------------------------

const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  email: z.email({ message: "Enter your institutional e-mail address, such as name@uni.example.edu." }).max(254, "Use at most 254 characters."),
  password: z.string().min(1, "Choose a password.").max(1024, "That password is too long."),
});

/** A sign-up refused with every problem at once; `unknownDomain` when no institution uses the address. */
export class SignUpRefused extends ValidationError {
  constructor(
    fieldErrors: Record<string, string>,
    readonly unknownDomain: string | null,
  ) {
    super(fieldErrors, Object.keys(fieldErrors).length === 1 ? "Please correct the answer marked below." : "Please correct the answers marked below.");
  }
}

/**
 * Creates a researcher's account from the sign-up form and sends the activation link. Every
 * problem is reported at once: the fields' own, an address no participating institution uses, a
 * password too weak. Returns the address the link went to.
 */
export async function signUp(database: Db, form: Record<string, string | undefined>, origin: RequestOrigin) {
  const parsed = signUpInput.safeParse({ ...form, email: form.email?.trim() });
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  const email = normaliseEmail(form.email ?? "");
  const institution = errors.email ? undefined : findInstitutionForEmail(database, email);
  const unknownDomain = errors.email || institution ? null : (email.split("@")[1] ?? email);
  if (unknownDomain) errors.email = "Use your address at one of the institutions listed above.";
  const weak = errors.password ? null : checkPassword(form.password ?? "", { email });
  if (weak) errors.password = weak;
  if (!parsed.success || !institution || weak) throw new SignUpRefused(errors, unknownDomain);
  const input = parsed.data;

  const existing = database.select().from(users).where(eq(users.email, email)).get();
  if (existing) {
    // Answer exactly as for a new account, so the form cannot be used to find out who has one;
    // tell the owner instead.
    const message = await renderEmail("account-exists", { name: existing.name, loginUrl: appLink("/login"), resetUrl: appLink("/forgot-password") });
    database.transaction((tx) => {
      enqueueEmail(tx, { to: email, idempotencyKey: `account-exists/${existing.id}/${Math.floor(Date.now() / 3_600_000)}`, email: message });
      recordAudit(tx, { action: "account.signup", outcome: "failure", email, institutionId: existing.institutionId, origin, details: { reason: "address already registered" } });
    });
    void kickDelivery();
    return email;
  }

  const passwordHash = await hashPassword(input.password);
  const token = generateToken();
  const message = await renderEmail("verify-email", {
    name: input.name,
    institutionName: institution.name,
    url: appLink(`/verify-email?token=${token}`),
    expiresInHours: VERIFY_EMAIL_HOURS,
  });
  const now = new Date();
  database.transaction((tx) => {
    const user = tx
      .insert(users)
      .values({ email, name: input.name, passwordHash, role: "researcher", institutionId: institution.id, status: "pending", createdAt: now, updatedAt: now })
      .returning()
      .get();
    tx.insert(userTokens)
      .values({ tokenHash: hashToken(token), userId: user.id, purpose: "verify-email", createdAt: now, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_HOURS * 3_600_000) })
      .run();
    enqueueEmail(tx, { to: email, idempotencyKey: `verify-email/${user.id}/${hashToken(token).slice(0, 16)}`, email: message });
    recordAudit(tx, { action: "account.signup", actor: { userId: user.id, role: "researcher", email, institutionId: institution.id, agencyId: null }, target: { type: "user", id: user.id }, origin });
  });
  void kickDelivery();
  return email;
}

/** Marks a link used, once: the conditional update lets only one of two simultaneous clicks through. */
function useToken(database: Queryable, token: string, purpose: "verify-email" | "reset-password", now = new Date()) {
  const used = database
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .returning()
    .get();
  if (!used) throw new LinkExpiredError();
  return used;
}

export function isTokenUsable(database: Db, token: string, purpose: "verify-email" | "reset-password", now = new Date()) {
  const row = database
    .select({ userId: userTokens.userId })
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .get();
  return Boolean(row);
}

export function verifyEmail(database: Db, token: string, origin: RequestOrigin) {
  return database.transaction((tx) => {
    const used = useToken(tx, token, "verify-email");
    const user = tx.select().from(users).where(eq(users.id, used.userId)).get()!;
    if (user.status === "disabled") throw new LinkExpiredError();
    tx.update(users).set({ status: "active", emailVerifiedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, user.id)).run();
    recordAudit(tx, { action: "account.verify-email", actor: { userId: user.id, role: user.role, email: user.email, institutionId: user.institutionId, agencyId: user.agencyId }, target: { type: "user", id: user.id }, origin });
    return user;
  });
}

async function sendVerificationAgain(database: Db, user: User) {
  const token = generateToken();
  const institution = user.institutionId ? database.select().from(institutions).where(eq(institutions.id, user.institutionId)).get() : undefined;
  const message = await renderEmail("verify-email", {
    name: user.name,
    institutionName: institution?.name ?? "your institution",
    url: appLink(`/verify-email?token=${token}`),
    expiresInHours: VERIFY_EMAIL_HOURS,
  });
  const now = new Date();
  database.transaction((tx) => {
    tx.insert(userTokens)
      .values({ tokenHash: hashToken(token), userId: user.id, purpose: "verify-email", createdAt: now, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_HOURS * 3_600_000) })
      .run();
    enqueueEmail(tx, { to: user.email, idempotencyKey: `verify-email/${user.id}/${hashToken(token).slice(0, 16)}`, email: message });
  });
  void kickDelivery();
}

// --- sign-in --------------------------------------------------------------------------------

export async function signIn(database: Db, input: { email: string; password: string }, origin: RequestOrigin) {
  const email = normaliseEmail(input.email);
  const checks = [limits.loginAccount(email), limits.loginAddress(origin.ip)];
  try {
    assertWithinLimits(database, checks);
  } catch (error) {
    recordAudit(database, { action: "auth.login", outcome: "denied", email, origin, details: { reason: "rate limited" } });
    throw error;
  }
  const found = database.select().from(users).where(eq(users.email, email)).get();
  const valid = found?.passwordHash ? await verifyPassword(found.passwordHash, input.password) : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
  // Other requests ran while the password was checked. The account is taken as it is now: one
  // deleted, renamed or given a new password meanwhile is not signed in with what was read before.
  const user = found && database.select().from(users).where(and(eq(users.id, found.id), eq(users.email, email))).get();
  if (!user || !valid || user.passwordHash !== found.passwordHash) {
    countAttempt(database, checks);
    recordAudit(database, { action: "auth.login", outcome: "failure", email, institutionId: user?.institutionId, agencyId: user?.agencyId, origin, details: { reason: !user ? "unknown address" : !valid ? "wrong password" : "account changed during the check" } });
    throw new SignInError("The e-mail address or the password is not right.");
  }
  if (user.status === "disabled") {
    recordAudit(database, { action: "auth.login", outcome: "denied", email, institutionId: user.institutionId, agencyId: user.agencyId, origin, details: { reason: "account disabled" } });
    throw new SignInError("This account has been disabled. Ask your compliance office or the Upstream administrator if you think this is a mistake.");
  }
  if (user.status === "pending") {
    await sendVerificationAgain(database, user);
    recordAudit(database, { action: "auth.login", outcome: "denied", email, institutionId: user.institutionId, origin, details: { reason: "address not verified" } });
    throw new SignInError("Please confirm your e-mail address first. We have sent you a new activation link.");
  }
  clearAttempts(database, limits.loginAccount(email));
  // With two-step sign-in set up, the password alone opens no session: the code comes next.
  if (user.mfaEnabledAt !== null && user.totpKey !== null) {
    recordAudit(database, { action: "auth.password", actor: { userId: user.id, role: user.role, email, institutionId: user.institutionId, agencyId: user.agencyId }, origin, details: { next: "two-step" } });
    return { kind: "two-step" as const, user };
  }
  const { token } = database.transaction((tx) => {
    const created = createSession(tx, user.id, origin);
    recordAudit(tx, { action: "auth.login", actor: { userId: user.id, role: user.role, email, institutionId: user.institutionId, agencyId: user.agencyId }, origin });
    return created;
  });
  return { kind: "session" as const, token, user };
}

// --- password reset -------------------------------------------------------------------------

export async function requestPasswordReset(database: Db, rawEmail: string, origin: RequestOrigin) {
  const email = normaliseEmail(rawEmail);
  const checks = [limits.resetAccount(email), limits.resetAddress(origin.ip)];
  assertWithinLimits(database, checks);
  countAttempt(database, checks);
  const user = database.select().from(users).where(eq(users.email, email)).get();
  if (!user || user.status === "disabled") {
    recordAudit(database, { action: "auth.reset-request", outcome: "failure", email, origin, details: { reason: user ? "account disabled" : "unknown address" } });
    return;
  }
  const token = generateToken();
  const message = await renderEmail("password-reset", { name: user.name, url: appLink(`/reset-password?token=${token}`), expiresInMinutes: RESET_PASSWORD_MINUTES });
  const now = new Date();
  database.transaction((tx) => {
    tx.insert(userTokens)
      .values({ tokenHash: hashToken(token), userId: user.id, purpose: "reset-password", createdAt: now, expiresAt: new Date(now.getTime() + RESET_PASSWORD_MINUTES * 60_000) })
      .run();
    enqueueEmail(tx, { to: email, idempotencyKey: `password-reset/${user.id}/${hashToken(token).slice(0, 16)}`, email: message });
    recordAudit(tx, { action: "auth.reset-request", email, institutionId: user.institutionId, agencyId: user.agencyId, target: { type: "user", id: user.id }, origin });
  });
  void kickDelivery();
}

export async function resetPassword(database: Db, token: string, password: string, origin: RequestOrigin) {
  if (!isTokenUsable(database, token, "reset-password")) throw new LinkExpiredError();
  const tokenRow = database.select().from(userTokens).where(eq(userTokens.tokenHash, hashToken(token))).get()!;
  const user = database.select().from(users).where(eq(users.id, tokenRow.userId)).get()!;
  const passwordProblem = checkPassword(password, { email: user.email });
  if (passwordProblem) throw new ValidationError({ password: passwordProblem });
  const passwordHash = await hashPassword(password);
  return database.transaction((tx) => {
    useToken(tx, token, "reset-password");
    // The link proves the address, so a pending account becomes active; a disabled one stays so.
    const fresh = tx.select().from(users).where(eq(users.id, user.id)).get()!;
    if (fresh.status === "disabled") throw new LinkExpiredError();
    const now = new Date();
    tx.update(users)
      .set({ passwordHash, status: "active", emailVerifiedAt: fresh.emailVerifiedAt ?? now, updatedAt: now })
      .where(eq(users.id, user.id))
      .run();
    invalidateUserSessions(tx, user.id);
    const session = createSession(tx, user.id, origin);
    recordAudit(tx, { action: "auth.reset-password", actor: { userId: user.id, role: user.role, email: user.email, institutionId: user.institutionId, agencyId: user.agencyId }, target: { type: "user", id: user.id }, origin, details: { sessionsEnded: true } });
    return { token: session.token, user: fresh };
  });
}

// --- invitations ----------------------------------------------------------------------------

export function findOpenInvitation(database: Db, token: string, now = new Date()) {
  const row = database
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .get();
  if (!row) return undefined;
  const organisation = row.institutionId
    ? database.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, row.institutionId)).get()
    : row.agencyId
      ? database.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, row.agencyId)).get()
      : { name: "Upstream" };
  return { ...row, roleLabel: roleLabels[row.role], organisationName: organisation?.name ?? "Upstream" };
}

export async function acceptInvitation(database: Db, token: string, input: { name: string; password: string }, origin: RequestOrigin) {
  const invitation = findOpenInvitation(database, token);
  if (!invitation) throw new LinkExpiredError();
  const passwordProblem = checkPassword(input.password, { email: invitation.email });
  if (passwordProblem) throw new ValidationError({ password: passwordProblem });
  const passwordHash = await hashPassword(input.password);
  return database.transaction((tx) => {
    const now = new Date();
    const claimed = tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .run();
    if (claimed.changes !== 1) throw new LinkExpiredError();
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get()) throw new LinkExpiredError();
    const user = tx
      .insert(users)
      .values({
        email: invitation.email,
        name: input.name,
        passwordHash,
        role: invitation.role,
        institutionId: invitation.institutionId,
        agencyId: invitation.agencyId,
        status: "active",
        emailVerifiedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const session = createSession(tx, user.id, origin);
    recordAudit(tx, { action: "invitation.accept", actor: { userId: user.id, role: user.role, email: user.email, institutionId: user.institutionId, agencyId: user.agencyId }, target: { type: "invitation", id: invitation.id }, origin });
    return { token: session.token, user };
  });
}
