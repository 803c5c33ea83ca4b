// Owns two-step sign-in: a TOTP key (RFC 6238, 30-second steps, 6 digits) per person, kept
// encrypted; ten one-time recovery codes kept as hashes; codes that work once; the short-lived
// signed challenge between the password and the code; and which roles must use it.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { and, eq, isNull } from "drizzle-orm";
import { mfaRecoveryCodes, users, type User } from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import type { Actor, RequestOrigin, Role } from "./actor";
import { recordAudit } from "../audit/audit.server";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { assertWithinLimits, clearAttempts, countAttempt, type Limit } from "./rate-limit.server";
import { createSession, invalidateUserSessions } from "./session.server";
import { hashToken } from "./tokens";

const STEP_SECONDS = 30;
const DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
const CHALLENGE_MINUTES = 5;

const attemptsLimit = (userId: number): Limit => ({ key: `two-step:${userId}`, max: 5, windowMs: 15 * 60_000 });

// --- the key at rest -----------------------------------------------------------------------

function cipherKey(secret: string) {
  return createHash("sha256").update(`upstream:totp-key:${secret}`).digest();
}

export function sealKey(secret: string, key: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cipherKey(secret), iv);
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString("base64url")).join(".");
}

export function openKey(secret: string, sealed: string): Uint8Array | null {
  try {
    const [iv, body, tag] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
    const decipher = createDecipheriv("aes-256-gcm", cipherKey(secret), iv!);
    decipher.setAuthTag(tag!);
    return new Uint8Array(Buffer.concat([decipher.update(body!), decipher.final()]));
  } catch {
    return null;
  }
}

// --- codes ---------------------------------------------------------------------------------

/** The step a code matches (the current one, or one either side for clocks that drift), or null. */
export function matchingStep(key: Uint8Array, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = Math.floor(now / 1000 / STEP_SECONDS);
  for (const step of [current, current - 1, current + 1]) {
    const expected = Buffer.from(generateHOTP(key, BigInt(step), DIGITS));
    if (timingSafeEqual(expected, Buffer.from(code))) return step;
  }
  return null;
}

/** For tests and the setup page's own check: the code a key gives at a moment. */
export function codeAt(key: Uint8Array, now = Date.now()) {
  return generateHOTP(key, BigInt(Math.floor(now / 1000 / STEP_SECONDS)), DIGITS);
}

function normaliseRecoveryCode(code: string) {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

function newRecoveryCodes() {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString("hex");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

function storeRecoveryCodes(tx: Queryable, userId: number, now: Date) {
  const codes = newRecoveryCodes();
  tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)).run();
  tx.insert(mfaRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(normaliseRecoveryCode(c)), createdAt: now }))).run();
  return codes;
}

// --- who must use it -----------------------------------------------------------------------

export function mustUseTwoStep(role: Role, requiredRoles: readonly Role[]) {
  return requiredRoles.includes(role);
}

export function twoStepEnabled(user: Pick<User, "mfaEnabledAt" | "totpKey">) {
  return user.mfaEnabledAt !== null && user.totpKey !== null;
}

// --- setting it up -------------------------------------------------------------------------

/**
 * The key offered on the setup page: derived from the secret and the session, so it stays the
 * same while the person types the code (nothing is stored until they prove it with a code), and
 * is new for every session.
 */
export function newSetup(actor: Actor, secret: string, issuer = "Upstream") {
  const key = new Uint8Array(createHmac("sha256", secret).update(`totp-setup:${actor.userId}:${actor.sessionId}`).digest().subarray(0, 20));
  return { key, keyText: encodeBase32UpperCaseNoPadding(key).replace(/(.{4})/g, "$1 ").trim(), uri: createTOTPKeyURI(issuer, actor.email, key, STEP_SECONDS, DIGITS) };
}

/** Turns two-step sign-in on with the key the person's app shows codes for; returns the recovery codes (shown once). */
export function enableTwoStep(database: Db, actor: Actor, secret: string, key: Uint8Array, code: string, origin?: RequestOrigin, now = Date.now()) {
  const step = matchingStep(key, code.trim(), now);
  if (step === null) throw new ValidationError({ code: "That code does not match. Check the time on your phone and enter the 6 digits your app shows now." });
  return database.transaction((tx) => {
    tx.update(users).set({ totpKey: sealKey(secret, key), mfaEnabledAt: new Date(now), totpLastStep: step, updatedAt: new Date(now) }).where(eq(users.id, actor.userId)).run();
    const codes = storeRecoveryCodes(tx, actor.userId, new Date(now));
    // Other sessions were opened without the second step: they end.
    invalidateUserSessions(tx, actor.userId, actor.sessionId);
    recordAudit(tx, { action: "auth.two-step-enable", actor, origin });
    return codes;
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export function regenerateRecoveryCodes(database: Db, actor: Actor, secret: string, code: string, origin?: RequestOrigin, now = Date.now()) {
  checkCurrentCode(database, actor.userId, secret, code, now);
  return database.transaction((tx) => {
    const codes = storeRecoveryCodes(tx, actor.userId, new Date(now));
    recordAudit(tx, { action: "auth.two-step-recovery-codes", actor, origin });
    return codes;
  });
}

/** Researchers may turn it off (with a current code); roles that must use it may not. */
export function disableTwoStep(database: Db, actor: Actor, secret: string, code: string, requiredRoles: readonly Role[], origin?: RequestOrigin, now = Date.now()) {
  if (mustUseTwoStep(actor.role, requiredRoles)) throw new ForbiddenError("Your role must use two-step sign-in, so it cannot be turned off.");
  checkCurrentCode(database, actor.userId, secret, code, now);
  database.transaction((tx) => {
    tx.update(users).set({ totpKey: null, mfaEnabledAt: null, totpLastStep: null, updatedAt: new Date(now) }).where(eq(users.id, actor.userId)).run();
    tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actor.userId)).run();
    recordAudit(tx, { action: "auth.two-step-disable", actor, origin });
  });
}

/** An administrator resets a person's two-step sign-in (a lost phone); they set it up again at their next sign-in. */
export function resetTwoStep(database: Db, actor: Actor, userId: number, origin?: RequestOrigin) {
  if (actor.role !== "admin") throw new ForbiddenError();
  database.transaction((tx) => {
    const result = tx.update(users).set({ totpKey: null, mfaEnabledAt: null, totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    if (result.changes !== 1) throw new NotFoundError("That person");
    tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)).run();
    invalidateUserSessions(tx, userId);
    recordAudit(tx, { action: "auth.two-step-reset", actor, target: { type: "user", id: userId }, origin });
  });
}

function checkCurrentCode(database: Db, userId: number, secret: string, code: string, now: number) {
  const user = database.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !twoStepEnabled(user)) throw new ConflictError("not enabled", "Two-step sign-in is not set up.");
  const key = openKey(secret, user.totpKey!);
  const step = key ? matchingStep(key, code.trim(), now) : null;
  if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) throw new ValidationError({ code: "That code does not match, or it was already used. Enter the code your app shows now." });
  database.update(users).set({ totpLastStep: step }).where(eq(users.id, userId)).run();
}

// --- signing in ----------------------------------------------------------------------------

function sign(secret: string, value: string) {
  return createHmac("sha256", secret).update(`two-step:${value}`).digest("base64url");
}

/** The cookie value that carries a person from the password to the code: who, until when, signed. */
export function challengeValue(secret: string, userId: number, now = Date.now()) {
  const value = `${userId}.${now + CHALLENGE_MINUTES * 60_000}`;
  return `${value}.${sign(secret, value)}`;
}

export function readChallenge(secret: string, raw: string | null | undefined, now = Date.now()): number | null {
  const match = raw?.match(/^(\d{1,12})\.(\d{1,15})\.([A-Za-z0-9_-]+)$/);
  if (!match) return null;
  const [, userId, expires, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(sign(secret, `${userId}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given) || Number(expires) < now) return null;
  return Number(userId);
}

/**
 * The second step: a current TOTP code (once only) or an unused recovery code. Attempts are
 * limited per person. On success the session is created.
 */
export function completeSignIn(database: Db, secret: string, userId: number, code: string, origin: RequestOrigin, now = Date.now()) {
  const user = database.select().from(users).where(eq(users.id, userId)).get();
  if (!user || user.status !== "active" || !twoStepEnabled(user)) throw new ConflictError("no challenge", "Start again by signing in with your password.");
  const limit = attemptsLimit(userId);
  assertWithinLimits(database, [limit], now);
  const entered = code.trim();
  const key = openKey(secret, user.totpKey!);
  const step = key ? matchingStep(key, entered, now) : null;
  let method: "code" | "recovery-code" | null = null;
  if (step !== null && (user.totpLastStep === null || step > user.totpLastStep)) method = "code";
  let recoveryId: number | null = null;
  if (!method && entered.length >= 10) {
    const row = database
      .select({ id: mfaRecoveryCodes.id })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, hashToken(normaliseRecoveryCode(entered))), isNull(mfaRecoveryCodes.usedAt)))
      .get();
    if (row) {
      method = "recovery-code";
      recoveryId = row.id;
    }
  }
  const actor = { userId: user.id, role: user.role, email: user.email, institutionId: user.institutionId, agencyId: user.agencyId };
  if (!method) {
    countAttempt(database, [limit], now);
    recordAudit(database, { action: "auth.two-step", outcome: "failure", actor, origin });
    throw new ValidationError({ code: "That code does not match, or it was already used. Enter the code your app shows now, or one of your recovery codes." });
  }
  clearAttempts(database, limit);
  return database.transaction((tx) => {
    if (method === "code") tx.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id)).run();
    else tx.update(mfaRecoveryCodes).set({ usedAt: new Date(now) }).where(eq(mfaRecoveryCodes.id, recoveryId!)).run();
    const { token } = createSession(tx, user.id, origin, now);
    recordAudit(tx, { action: "auth.login", actor, origin, details: { secondStep: method } });
    const left = method === "recovery-code" ? tx.select({ id: mfaRecoveryCodes.id }).from(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, user.id), isNull(mfaRecoveryCodes.usedAt))).all().length : null;
    return { token, user, recoveryCodesLeft: left };
  });
}

export function twoStepStatus(database: Db, actor: Actor) {
  const user = database.select().from(users).where(eq(users.id, actor.userId)).get()!;
  const left = database.select({ id: mfaRecoveryCodes.id }).from(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, actor.userId), isNull(mfaRecoveryCodes.usedAt))).all().length;
  return { enabled: twoStepEnabled(user), since: user.mfaEnabledAt, recoveryCodesLeft: left };
}
