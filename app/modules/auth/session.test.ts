import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../../db/client.server";
import { sessions } from "../../../db/schema";
import { ensureUser } from "../../../tests/factories";
import { TMP_DIR } from "../../../tests/support/paths";
import { ABSOLUTE_TIMEOUT_MS, createSession, IDLE_TIMEOUT_MS, readSessionToken, validateSessionToken } from "./session.server";

let db: Db;
let userId: number;
const origin = { ip: "127.0.0.1", userAgent: "test" };

beforeAll(async () => {
  db = openDatabase(join(mkdtempSync(join(TMP_DIR, "sessions-")), "upstream.db"));
  userId = (await ensureUser(db, { email: "admin@upstream.example", name: "Admin", role: "admin", password: "a long enough password" })).id;
});

afterAll(() => db.$client.close());

describe("sessions", () => {
  test("a fresh token validates; a made-up one does not", () => {
    const { token } = createSession(db, userId, origin);
    expect(validateSessionToken(db, token)?.user.id).toBe(userId);
    expect(validateSessionToken(db, "a".repeat(32))).toBeNull();
  });

  test("30 minutes without activity end the session, and activity keeps it alive", () => {
    const start = Date.now();
    const { token } = createSession(db, userId, origin, start);
    expect(validateSessionToken(db, token, start + IDLE_TIMEOUT_MS - 60_000)).not.toBeNull();
    // Activity at minute 29 moves the idle clock: minute 50 is still within 30 minutes of it.
    expect(validateSessionToken(db, token, start + 50 * 60_000)).not.toBeNull();
    expect(validateSessionToken(db, token, start + 50 * 60_000 + IDLE_TIMEOUT_MS)).toBeNull();
    // An expired session is deleted, not merely refused.
    expect(db.select().from(sessions).all().some((s) => s.createdAt.getTime() === start)).toBe(false);
  });

  test("12 hours end the session however active it is", () => {
    const start = Date.now();
    const { token } = createSession(db, userId, origin, start);
    for (let t = start; t < start + ABSOLUTE_TIMEOUT_MS; t += 20 * 60_000) expect(validateSessionToken(db, token, t)).not.toBeNull();
    expect(validateSessionToken(db, token, start + ABSOLUTE_TIMEOUT_MS)).toBeNull();
  });

  test("the cookie reader takes only well-formed tokens", () => {
    const request = (cookie: string) => new Request("http://x/", { headers: { Cookie: cookie } });
    expect(readSessionToken(request("other=1; upstream_session=abcdefghijklmnopqrst234567"), false)).toBe("abcdefghijklmnopqrst234567");
    expect(readSessionToken(request("upstream_session=../../etc"), false)).toBeNull();
    expect(readSessionToken(request("upstream_session=abcdefghijklmnopqrst234567"), true)).toBeNull();
  });
});
