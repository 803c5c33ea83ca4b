// Owns the e-mail nudges: queuing one (in the caller's transaction, at most once per
// idempotency key, respecting the person's preferences), the daily summary that merges the
// non-urgent ones, the policy that finds what is due at a given moment (reminders, yearly
// re-assessments, deadlines, library digests), preferences, and signed unsubscribe links.
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { emailOutbox, notificationPreferences, users } from "../../../db/schema";
import { preparedOnce, type Db, type Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, ValidationError } from "../errors";
import { recommendArticles } from "../library/library.server";
import { DEADLINE_WARNING_HOURS, DIGEST_HOUR_UTC, isUrgent, KINDS, LIBRARY_CADENCES, NUDGE_KINDS, PREFERENCE_MODES, REMINDER_DAYS, type LibraryCadence, type NudgeKind, type NudgeProps, type PreferenceMode } from "./kinds";
import { summaryOf } from "./summaries";

const DAY = 86_400_000;

// --- preferences ---------------------------------------------------------------------------

export type Preferences = { modes: Record<string, PreferenceMode>; library: LibraryCadence };

export function preferencesOf(database: Queryable, userId: number): Preferences {
  return preferencesFrom(database.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).all());
}

function preferencesFrom(rows: { kind: string; mode: string }[]): Preferences {
  const modes: Record<string, PreferenceMode> = {};
  let library: LibraryCadence = "weekly";
  for (const r of rows) {
    if (r.kind === "library-digest") library = (LIBRARY_CADENCES as readonly string[]).includes(r.mode) ? (r.mode as LibraryCadence) : "weekly";
    else if ((PREFERENCE_MODES as readonly string[]).includes(r.mode)) modes[r.kind] = r.mode as PreferenceMode;
  }
  return { modes, library };
}

function modeFor(prefs: Preferences, kind: NudgeKind): PreferenceMode {
  if (kind === "digest") return "on";
  if (!KINDS[kind].canTurnOff) return "on";
  if (kind === "library-digest") return prefs.library === "off" ? "off" : "on";
  return prefs.modes[kind] ?? "on";
}

/** The kinds a person may receive, with their current choice, for the settings page. */
export function preferencesView(database: Db, actor: Actor) {
  const prefs = preferencesOf(database, actor.userId);
  return {
    kinds: NUDGE_KINDS.filter((k) => KINDS[k].audience === actor.role).map((k) => ({ kind: k, label: KINDS[k].label, canTurnOff: KINDS[k].canTurnOff, urgent: isUrgent(k, { severity: "high", to: "high" }), mode: modeFor(prefs, k) })),
    library: prefs.library,
  };
}

export function savePreferences(database: Db, actor: Actor, form: Record<string, string>, origin?: RequestOrigin) {
  const now = new Date();
  const mine = NUDGE_KINDS.filter((k) => KINDS[k].audience === actor.role && KINDS[k].canTurnOff);
  const errors: Record<string, string> = {};
  const rows: { kind: string; mode: string }[] = [];
  for (const kind of mine) {
    const value = form[kind];
    if (value === undefined) continue;
    const allowed = kind === "library-digest" ? LIBRARY_CADENCES : PREFERENCE_MODES;
    if (!(allowed as readonly string[]).includes(value)) errors[kind] = "Choose one of the options.";
    else rows.push({ kind, mode: value });
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  database.transaction((tx) => {
    for (const r of rows) {
      tx.insert(notificationPreferences)
        .values({ userId: actor.userId, kind: r.kind, mode: r.mode, updatedAt: now })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { mode: r.mode, updatedAt: now } })
        .run();
    }
    recordAudit(tx, { action: "notifications.preferences", actor, origin, details: Object.fromEntries(rows.map((r) => [r.kind, r.mode])) });
  });
}

// --- unsubscribe links ---------------------------------------------------------------------

function signature(secret: string, userId: number, kind: string) {
  return createHmac("sha256", secret).update(`unsubscribe:${userId}:${kind}`).digest("base64url");
}

export function unsubscribePath(secret: string, userId: number, kind: NudgeKind) {
  return `/unsubscribe?u=${userId}&k=${encodeURIComponent(kind)}&s=${signature(secret, userId, kind)}`;
}

/** Checks a link's signature; null when it was altered. */
export function verifyUnsubscribe(secret: string, params: URLSearchParams): { userId: number; kind: NudgeKind } | null {
  const u = params.get("u") ?? "";
  const k = params.get("k") ?? "";
  const s = params.get("s") ?? "";
  if (!/^\d{1,12}$/.test(u) || !(k === "digest" || (NUDGE_KINDS as readonly string[]).includes(k))) return null;
  const expected = Buffer.from(signature(secret, Number(u), k));
  const given = Buffer.from(s);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId: Number(u), kind: k as NudgeKind };
}

/**
 * Stops what a link names: that kind, or, for a summary or a message that cannot be stopped,
 * every kind the person may switch off. Returns what was switched off.
 */
export function unsubscribe(database: Db, target: { userId: number; kind: NudgeKind }, origin?: RequestOrigin) {
  const user = database.select({ id: users.id, role: users.role, email: users.email }).from(users).where(eq(users.id, target.userId)).get();
  if (!user) return [];
  const kinds = target.kind !== "digest" && KINDS[target.kind].canTurnOff ? [target.kind] : NUDGE_KINDS.filter((k) => KINDS[k].audience === user.role && KINDS[k].canTurnOff);
  const now = new Date();
  database.transaction((tx) => {
    for (const kind of kinds) {
      tx.insert(notificationPreferences)
        .values({ userId: user.id, kind, mode: "off", updatedAt: now })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { mode: "off", updatedAt: now } })
        .run();
    }
    recordAudit(tx, { action: "notifications.unsubscribe", email: user.email, origin, target: { type: "user", id: user.id }, details: { kinds } });
  });
  return kinds;
}

// --- queuing -------------------------------------------------------------------------------

export type NudgeInput<K extends Exclude<NudgeKind, "digest">> = { userId: number; kind: K; key: string; props: NudgeProps[K]; path: string };

/**
 * Queues a nudge in the caller's transaction. The idempotency key makes it at most once; a
 * person who switched the kind off gets a "skipped" row (so the decision is visible), one who
 * chose the summary, or a non-urgent kind, waits for the daily summary.
 */
export function enqueueNudge<K extends Exclude<NudgeKind, "digest">>(database: Queryable, input: NudgeInput<K>, now = new Date()) {
  const statements = preparedOnce(database, "nudges.enqueue", () => nudgeStatements(database));
  const user = statements.user.get({ userId: input.userId });
  if (!user || user.status !== "active") return false;
  const mode = modeFor(preferencesFrom(statements.preferences.all({ userId: input.userId })), input.kind);
  const urgent = mode === "on" && isUrgent(input.kind, input.props);
  const result = statements.insert.run({
    key: input.key,
    to: user.email,
    userId: input.userId,
    template: `nudge-${input.kind}`,
    kind: input.kind,
    props: { ...input.props, url: input.path },
    urgent: urgent ? 1 : 0,
    status: mode === "off" ? "skipped" : "queued",
    lastError: mode === "off" ? "The person switched this kind of e-mail off." : null,
    now,
  });
  return result.changes === 1;
}

// Queueing a nudge is part of every submission and triage run: its statements are built once per
// database (preparedOnce), not on every call.
function nudgeStatements(database: Queryable) {
  const userId = sql.placeholder("userId");
  const now = sql.placeholder("now");
  return {
    user: database.select({ email: users.email, status: users.status }).from(users).where(eq(users.id, userId)).prepare(),
    preferences: database.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).prepare(),
    insert: database
      .insert(emailOutbox)
      .values({
        idempotencyKey: sql.placeholder("key"),
        toAddress: sql.placeholder("to"),
        userId,
        template: sql.placeholder("template"),
        kind: sql.placeholder("kind"),
        props: sql.placeholder("props"),
        urgent: sql.placeholder("urgent"),
        status: sql.placeholder("status"),
        lastError: sql.placeholder("lastError"),
        createdAt: now,
        nextAttemptAt: now,
      })
      .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
      .prepare(),
  };
}

/** The active officers of an institution (all of them, or the assignee alone when there is one). */
export function officersToTell(tx: Queryable, institutionId: number, assigneeId: number | null, except: number | null = null) {
  const rows = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.institutionId, institutionId), eq(users.role, "officer"), eq(users.status, "active")))
    .all()
    .map((r) => r.id)
    .filter((id) => id !== except);
  if (assigneeId !== null && rows.includes(assigneeId)) return [assigneeId];
  return rows;
}

export function analystsOf(tx: Queryable, agencyId: number) {
  return tx.select({ id: users.id }).from(users).where(and(eq(users.agencyId, agencyId), eq(users.role, "analyst"), eq(users.status, "active"))).all().map((r) => r.id);
}

// --- the daily summary ---------------------------------------------------------------------

export const DIGEST_ITEMS_SHOWN = 25;

/**
 * Merges each person's waiting non-urgent nudges into one summary a day, from the digest hour
 * on. The summary's key is per person and day, so it goes out at most once a day whatever runs.
 */
export function buildDigests(database: Db, now = new Date()) {
  if (now.getUTCHours() < DIGEST_HOUR_UTC) return { digests: 0, merged: 0 };
  const day = now.toISOString().slice(0, 10);
  const waiting = database
    .select({ userId: emailOutbox.userId })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "queued"), eq(emailOutbox.urgent, 0), lte(emailOutbox.createdAt, now)))
    .groupBy(emailOutbox.userId)
    .all();
  let digests = 0;
  let merged = 0;
  for (const { userId } of waiting) {
    if (userId === null) continue;
    database.transaction((tx) => {
      const items = tx
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.status, "queued"), eq(emailOutbox.urgent, 0), lte(emailOutbox.createdAt, now)))
        .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
        .all();
      const user = tx.select({ email: users.email, status: users.status }).from(users).where(eq(users.id, userId)).get();
      if (items.length === 0 || !user) return;
      const shown = items.slice(0, DIGEST_ITEMS_SHOWN).map((i) => summaryOf(i.kind as Exclude<NudgeKind, "digest">, i.props as never));
      if (items.length > DIGEST_ITEMS_SHOWN) shown.push({ label: "And more", summary: `${items.length - DIGEST_ITEMS_SHOWN} further updates are waiting in the portal.`, url: "/" });
      const inserted = tx
        .insert(emailOutbox)
        .values({
          idempotencyKey: `digest/${userId}/${day}`,
          toAddress: user.email,
          userId,
          template: "nudge-digest",
          kind: "digest",
          props: { items: shown, url: "/" },
          urgent: 1,
          status: user.status === "active" ? "queued" : "skipped",
          createdAt: now,
          nextAttemptAt: now,
        })
        .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
        .returning({ id: emailOutbox.id })
        .get();
      // Today's summary went out already: these wait for tomorrow's.
      if (!inserted) return;
      tx.update(emailOutbox).set({ status: "digested", digestId: inserted.id }).where(inArray(emailOutbox.id, items.map((i) => i.id))).run();
      digests++;
      merged += items.length;
    });
  }
  return { digests, merged };
}

// --- the policy: what is due at a moment ---------------------------------------------------

/** Finds every time-based nudge due at `now` and queues it; safe to run as often as wanted. */
export function runNudgePolicy(database: Db, now = new Date()) {
  const sqlite = database.$client;
  const at = now.getTime();
  const counts = { reminders: 0, yearly: 0, deadlines: 0, library: 0 };
  // Each nudge in a transaction of its own: the person is read under the write lock, so an
  // account deleted by another connection meanwhile is not written back as a queued message.
  // (The database, not the transaction, is handed on: it is the same connection, and keeps the
  // statements prepared.)
  const queue = <K extends Exclude<NudgeKind, "digest">>(input: NudgeInput<K>) => database.transaction(() => enqueueNudge(database, input, now));

  // Unfinished self-assessments: after 3 days, again after 10, then never again.
  const unfinished = sqlite
    .prepare(
      `select a.id, a.started_at, p.id as project_id, p.title, p.owner_id from assessments a join projects p on p.id = a.project_id
       where a.status = 'in_progress' and a.started_at <= ?`,
    )
    .all(at - REMINDER_DAYS[0] * DAY) as { id: number; started_at: number; project_id: number; title: string; owner_id: number }[];
  for (const a of unfinished) {
    const days = Math.floor((at - a.started_at) / DAY);
    const reminder = days >= REMINDER_DAYS[1] ? 2 : 1;
    // Sent late, the second reminder stands for both: a person never gets two at once.
    const keys = [`assessment-reminder/${a.id}/1`, `assessment-reminder/${a.id}/2`];
    const already = database.select({ key: emailOutbox.idempotencyKey }).from(emailOutbox).where(inArray(emailOutbox.idempotencyKey, keys)).all().map((r) => r.key);
    if (already.includes(keys[reminder - 1]!) || (reminder === 1 && already.length > 0)) continue;
    if (queue({ userId: a.owner_id, kind: "assessment-reminder", key: keys[reminder - 1]!, props: { projectTitle: a.title, startedOn: new Date(a.started_at).toISOString().slice(0, 10), daysSince: days, reminder }, path: `/projects/${a.project_id}/assessment` })) counts.reminders++;
  }

  // Active projects whose last self-assessment is a year old.
  const stale = sqlite
    .prepare(
      `select p.id, p.title, p.owner_id, max(a.submitted_at) as last, max(a.id) as assessment_id from projects p join assessments a on a.project_id = p.id and a.status = 'submitted'
       where p.status = 'active' group by p.id having last <= ?`,
    )
    .all(at - 365 * DAY) as { id: number; title: string; owner_id: number; last: number; assessment_id: number }[];
  for (const p of stale) {
    if (queue({ userId: p.owner_id, kind: "yearly-reassessment", key: `yearly-reassessment/${p.id}/${p.assessment_id}`, props: { projectTitle: p.title, lastAssessedOn: new Date(p.last).toISOString().slice(0, 10) }, path: `/projects/${p.id}` })) counts.yearly++;
  }

  // Cases whose deadline is near or past.
  const due = sqlite
    .prepare(`select c.id, c.institution_id, c.assignee_id, c.severity, c.due_at, p.title from cases c join projects p on p.id = c.project_id where c.is_open = 1 and c.due_at <= ?`)
    .all(at + DEADLINE_WARNING_HOURS * 3_600_000) as { id: number; institution_id: number; assignee_id: number | null; severity: string; due_at: number; title: string }[];
  for (const c of due) {
    const kind = c.due_at <= at ? "deadline-breached" : "deadline-approaching";
    const props = { projectTitle: c.title, caseNumber: c.id, severity: c.severity, dueOn: new Date(c.due_at).toISOString().slice(0, 10) };
    for (const userId of officersToTell(database, c.institution_id, c.assignee_id)) {
      if (queue({ userId, kind, key: `${kind}/${c.id}/${c.due_at}/${userId}`, props, path: `/office/cases/${c.id}` })) counts.deadlines++;
    }
  }

  // Library digests: weekly on Mondays, monthly on the first, only when something is new.
  const weekly = now.getUTCDay() === 1;
  const monthly = now.getUTCDate() === 1;
  if (weekly || monthly) {
    const researchers = sqlite
      .prepare(`select distinct u.id, u.email, u.name, u.institution_id from users u join projects p on p.owner_id = u.id where u.role = 'researcher' and u.status = 'active'`)
      .all() as { id: number; email: string; name: string; institution_id: number }[];
    for (const r of researchers) {
      const cadence = preferencesOf(database, r.id).library;
      if (cadence === "off" || (cadence === "weekly" && !weekly) || (cadence === "monthly" && !monthly)) continue;
      const since = new Date(at - (cadence === "weekly" ? 7 : 30) * DAY).toISOString().slice(0, 10);
      const areas = (sqlite.prepare("select distinct a.area_id from project_technology_areas a join projects p on p.id = a.project_id where p.owner_id = ?").all(r.id) as { area_id: string }[]).map((x) => x.area_id);
      const actor: Actor = { userId: r.id, email: r.email, name: r.name, role: "researcher", institutionId: r.institution_id, agencyId: null, sessionId: "nudges" };
      const fresh = recommendArticles(database, actor, [], areas, 20).filter((a) => a.lastReviewed >= since);
      if (fresh.length === 0) continue;
      const period = now.toISOString().slice(0, 10);
      const props = { period: cadence === "weekly" ? ("week" as const) : ("month" as const), articles: fresh.slice(0, 8).map((a) => ({ title: a.title, summary: a.summary, url: `/library/${a.slug}`, reason: a.reason })) };
      if (queue({ userId: r.id, kind: "library-digest", key: `library-digest/${r.id}/${period}`, props, path: "/library" })) counts.library++;
    }
  }
  return counts;
}

/** Queued or waiting nudges of a person, newest first (for tests and the admin view). */
export function nudgesOf(database: Queryable, userId: number) {
  return database.select().from(emailOutbox).where(eq(emailOutbox.userId, userId)).orderBy(sql`${emailOutbox.id} desc`).all();
}

export function requireAdmin(actor: Actor) {
  if (actor.role !== "admin") throw new ForbiddenError();
}
