// Fixed-window attempt counters kept in the database, so limits survive a restart.
import { eq } from "drizzle-orm";
import { rateLimits } from "../../../db/schema";
import type { Db } from "../db.server";
import { RateLimitError } from "../errors";

export type Limit = { key: string; max: number; windowMs: number };

export const limits = {
  loginAccount: (email: string): Limit => ({ key: `login:account:${email}`, max: 5, windowMs: 15 * 60_000 }),
  loginAddress: (ip: string | null): Limit => ({ key: `login:address:${ip ?? "unknown"}`, max: 30, windowMs: 15 * 60_000 }),
  resetAccount: (email: string): Limit => ({ key: `reset:account:${email}`, max: 3, windowMs: 60 * 60_000 }),
  resetAddress: (ip: string | null): Limit => ({ key: `reset:address:${ip ?? "unknown"}`, max: 10, windowMs: 60 * 60_000 }),
};

/** Throws RateLimitError when any of the limits is used up (without counting this attempt). */
export function assertWithinLimits(database: Db, checks: Limit[], now = Date.now()) {
  let wait = 0;
  for (const limit of checks) {
    const row = database.select().from(rateLimits).where(eq(rateLimits.key, limit.key)).get();
    if (!row) continue;
    const endsAt = row.windowStartedAt.getTime() + limit.windowMs;
    if (endsAt > now && row.count >= limit.max) wait = Math.max(wait, endsAt - now);
  }
  if (wait > 0) throw new RateLimitError(Math.ceil(wait / 1000));
}

export function countAttempt(database: Db, checks: Limit[], now = Date.now()) {
  for (const limit of checks) {
    const row = database.select().from(rateLimits).where(eq(rateLimits.key, limit.key)).get();
    if (!row || row.windowStartedAt.getTime() + limit.windowMs <= now) {
      database
        .insert(rateLimits)
        .values({ key: limit.key, count: 1, windowStartedAt: new Date(now) })
        .onConflictDoUpdate({ target: rateLimits.key, set: { count: 1, windowStartedAt: new Date(now) } })
        .run();
    } else {
      database.update(rateLimits).set({ count: row.count + 1 }).where(eq(rateLimits.key, limit.key)).run();
    }
  }
}

export function clearAttempts(database: Db, limit: Limit) {
  database.delete(rateLimits).where(eq(rateLimits.key, limit.key)).run();
}
