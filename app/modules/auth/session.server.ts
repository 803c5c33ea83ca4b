// Owns sessions, following Lucia's guide: a random token in an HttpOnly cookie, only its
// SHA-256 in the database, 30 minutes idle and 12 hours absolute, revocable server-side.
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { sessions, users, type Session, type User } from "../../../db/schema";
import { fastRows, preparedOnce, type Db, type Queryable } from "../db.server";
import type { RequestOrigin } from "./actor";
import { generateToken, hashToken } from "./tokens";
import { storageFault } from "../../../db/client.server";

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** Don't write last_active_at on every request; once a minute keeps the idle clock honest. */
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

export function createSession(database: Pick<Queryable, "insert">, userId: number, origin: RequestOrigin, now = Date.now()) {
  const token = generateToken();
  const session = {
    id: hashToken(token),
    userId,
    createdAt: new Date(now),
    lastActiveAt: new Date(now),
    expiresAt: new Date(now + ABSOLUTE_TIMEOUT_MS),
    ip: origin.ip,
    userAgent: origin.userAgent?.slice(0, 300) ?? null,
  };
  database.insert(sessions).values(session).run();
  return { token, session };
}

export type ValidSession = { session: Session; user: User };

// Every signed-in request reads its session: the query is built and prepared once, and its row
// mapped without drizzle's per-row work (fastRows).
function sessionLookup(database: Db) {
  return preparedOnce(database, "auth.session", () =>
    fastRows(
      database
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.id, sql.placeholder("id")))
        .prepare(),
    ),
  );
}

export function validateSessionToken(database: Db, token: string, now = Date.now()): ValidSession | null {
  const id = hashToken(token);
  const row = sessionLookup(database)({ id })[0];
  if (!row) return null;
  const { session, user } = row;
  const idleExpired = now - session.lastActiveAt.getTime() >= IDLE_TIMEOUT_MS;
  if (idleExpired || now >= session.expiresAt.getTime() || user.status !== "active") {
    bestEffort(() => database.delete(sessions).where(eq(sessions.id, id)).run());
    return null;
  }
  if (now - session.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS) {
    session.lastActiveAt = new Date(now);
    bestEffort(() => database.update(sessions).set({ lastActiveAt: session.lastActiveAt }).where(eq(sessions.id, id)).run());
  }
  return { session, user };
}

/**
 * Housekeeping while reading a session (the idle clock, removing an ended session) must not lock
 * people out of reading when the database cannot take writes; the session is judged all the same.
 */
function bestEffort(write: () => unknown) {
  try {
    write();
  } catch (error) {
    if (!storageFault(error)) throw error;
  }
}

/**
 * Whether a session a request read at its start still holds: not ended meanwhile (signed out,
 * the account deleted or disabled) while the request waited for its body.
 */
export function sessionStillHeld(database: Db, sessionId: string, userId: number): boolean {
  const held = preparedOnce(database, "auth.session-held", () =>
    database
      .select({ id: sessions.id })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, sql.placeholder("id")), eq(sessions.userId, sql.placeholder("userId")), eq(users.status, "active")))
      .prepare(),
  );
  return held.get({ id: sessionId, userId }) !== undefined;
}

export function invalidateSession(database: Pick<Db, "delete">, sessionId: string) {
  database.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user, or every one but `keepSessionId`. */
export function invalidateUserSessions(database: Pick<Db, "delete">, userId: number, keepSessionId?: string) {
  database
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
    .run();
}

export function listUserSessions(database: Db, userId: number, now = Date.now()) {
  return database
    .select()
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastActiveAt))
    .all()
    .filter((s) => now - s.lastActiveAt.getTime() < IDLE_TIMEOUT_MS && now < s.expiresAt.getTime());
}

// --- the cookie ---------------------------------------------------------------------------

export function sessionCookieName(secure: boolean) {
  // The __Host- prefix pins the cookie to this host and path; browsers only accept it over https.
  return secure ? "__Host-upstream_session" : "upstream_session";
}

export function serializeSessionCookie(token: string, secure: boolean) {
  const parts = [
    `${sessionCookieName(secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.floor(ABSOLUTE_TIMEOUT_MS / 1000)}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function serializeBlankSessionCookie(secure: boolean) {
  const parts = [`${sessionCookieName(secure)}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(request: Request, secure: boolean): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const name = sessionCookieName(secure);
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      const value = rest.join("=");
      return /^[a-z2-7]{20,64}$/.test(value) ? value : null;
    }
  }
  return null;
}

// --- a person's own sessions ------------------------------------------------------------------

/** Sessions are named on the page by a short prefix of their id, never by the id itself. */
export function publicSessionId(sessionId: string) {
  return sessionId.slice(0, 16);
}

export function listOwnSessions(database: Db, actor: { userId: number; sessionId: string }) {
  return listUserSessions(database, actor.userId).map((s) => ({
    publicId: publicSessionId(s.id),
    current: s.id === actor.sessionId,
    createdAt: s.createdAt,
    lastActiveAt: s.lastActiveAt,
    ip: s.ip,
    userAgent: s.userAgent,
  }));
}

/** Ends one of the actor's own sessions; a session of anyone else is simply not found. */
export function endOwnSession(database: Db, actor: { userId: number }, publicId: string) {
  const target = database
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, actor.userId))
    .all()
    .find((s) => publicSessionId(s.id) === publicId);
  if (!target) return false;
  invalidateSession(database, target.id);
  return true;
}
