import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openDatabase } from "../../../db/client.server";
import { TMP_DIR } from "../../../tests/support/paths";
import { RateLimitError } from "../errors";
import { assertWithinLimits, clearAttempts, countAttempt } from "./rate-limit.server";

describe("rate limits", () => {
  test("the limit holds for its window, says how long to wait, and resets afterwards", () => {
    const db = openDatabase(join(mkdtempSync(join(TMP_DIR, "limits-")), "upstream.db"));
    const limit = { key: "login:account:a@b.example", max: 3, windowMs: 15 * 60_000 };
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) {
      assertWithinLimits(db, [limit], t0 + i);
      countAttempt(db, [limit], t0 + i);
    }
    let error: unknown;
    try {
      assertWithinLimits(db, [limit], t0 + 60_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).publicMessage).toBe("Too many attempts. Try again in 14 minutes.");
    expect(() => assertWithinLimits(db, [limit], t0 + limit.windowMs + 1)).not.toThrow();
    clearAttempts(db, limit);
    expect(() => assertWithinLimits(db, [limit], t0 + 1)).not.toThrow();
    db.$client.close();
  });
});
