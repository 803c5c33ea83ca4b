// The e-mail sender under load: ten thousand queued nudges, a provider that fails one request
// in five (500, 429 with Retry-After, connections dropped without an answer), and two senders
// working the same outbox from two connections with an advancing fake clock. Every message must
// go out exactly once: delivered under its key, recorded as sent with the provider's id, and
// never accepted twice.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { emailOutbox, users } from "../../db/schema";
import { openDatabase, type Db } from "../../db/client.server";
import { enqueueNudge } from "../../app/modules/nudges/nudges.server";
import { deliverDueEmails, retryFailedEmail } from "../../app/modules/email/outbox.server";
import { resendTransport } from "../../app/modules/email/send.server";
import { actorFor, seedDemo } from "../factories";
import { startFakeResend, type FakeResend, type Reply } from "../support/fake-resend";
import { TMP_DIR } from "../support/paths";
import { prng } from "../support/random";

const MESSAGES = 10_000;
const BATCH = 200;
const OPTIONS = { appUrl: "http://localhost:3000", secret: "a-soak-test-secret-that-is-long-enough-for-hmac", batch: BATCH };

// Minutes long: run by `npm run test:soak` (vitest.soak.config.ts); the everyday suite leaves tests/soak out.

let resend: FakeResend;
let first: Db;
let second: Db;
let path: string;

beforeAll(async () => {
  resend = await startFakeResend();
  mkdirSync(TMP_DIR, { recursive: true });
  path = join(mkdtempSync(join(TMP_DIR, "soak-")), "upstream.db");
  first = openDatabase(path);
  second = openDatabase(path, { migrate: false });
});

afterAll(async () => {
  first?.$client.close();
  second?.$client.close();
  await resend?.close();
  // Ten thousand rendered e-mails make a large file; nothing needs it after the run.
  if (path) rmSync(dirname(path), { recursive: true, force: true });
});

const queuedCount = () => first.select({ n: sql<number>`count(*)` }).from(emailOutbox).where(eq(emailOutbox.status, "queued")).get()!.n;

test("ten thousand nudges through a provider that fails one request in five: each delivered exactly once", async () => {
  await seedDemo(first);
  const officer = first.select().from(users).where(eq(users.email, "officer@demo-university.example")).get()!;
  const start = Date.UTC(2031, 0, 6, 9);
  first.transaction((tx) => {
    for (let i = 0; i < MESSAGES; i++) {
      enqueueNudge(tx, { userId: officer.id, kind: "deadline-breached", key: `soak/${i}`, props: { projectTitle: `Soak project ${i}`, caseNumber: i, severity: "high", dueOn: "2031-01-01" }, path: `/office/cases/${i}` }, new Date(start));
    }
  });
  expect(queuedCount()).toBe(MESSAGES);
  const keys = first.select({ key: emailOutbox.idempotencyKey }).from(emailOutbox).all().map((r) => r.key);

  // Seeded: every run meets the same sequence of failures (which message gets which depends on how the two senders interleave).
  const random = prng(20_310_106);
  const failures = { 500: 0, 429: 0, drop: 0 };
  resend.chaos = (): Reply | null => {
    const r = random();
    if (r < 0.07) return failures[500]++, { status: 500 };
    if (r < 0.14) return failures[429]++, { status: 429, headers: { "Retry-After": "30" } };
    if (r < 0.2) return failures.drop++, { status: 0, drop: true };
    return null;
  };
  const transport = resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "Upstream <no-reply@upstream.example>" });

  // The fake clock moves ten seconds a round, so that retries come due as their backoff ends.
  let clock = start;
  const sentBy = [0, 0];
  let attemptsBeforeRetry = 0;
  for (let round = 0; round < 2_000; round++) {
    const results = await Promise.all([deliverDueEmails(first, transport, clock, OPTIONS), deliverDueEmails(second, transport, clock, OPTIONS)]);
    results.forEach((result, i) => (sentBy[i]! += result.sent));
    clock += 10_000;
    if (queuedCount() > 0) continue;
    // A message that failed eight times in a row is given up on (p = 0.2^8 each, so rarely any
    // in ten thousand); it was never accepted, and an administrator's retry sends it.
    const failed = first.select().from(emailOutbox).where(eq(emailOutbox.status, "failed")).all();
    if (failed.length === 0) break;
    for (const row of failed) {
      expect(row.attempts).toBe(8);
      expect(resend.delivered.has(row.idempotencyKey)).toBe(false);
      attemptsBeforeRetry += row.attempts;
      retryFailedEmail(first, actorFor(first, "admin@upstream.example"), row.id);
    }
  }
  resend.chaos = null;

  // Both senders did a share of the work, and the provider really failed about one request in five, in every way.
  expect(sentBy[0]! + sentBy[1]!).toBe(MESSAGES);
  expect(Math.min(...sentBy)).toBeGreaterThan(MESSAGES / 10);
  expect(failures[500]).toBeGreaterThan(MESSAGES / 50);
  expect(failures[429]).toBeGreaterThan(MESSAGES / 50);
  expect(failures.drop).toBeGreaterThan(MESSAGES / 50);

  const rows = first.select().from(emailOutbox).all();
  expect(rows).toHaveLength(MESSAGES);
  expect(rows.filter((r) => r.status !== "sent").map((r) => `${r.idempotencyKey}: ${r.status}`)).toEqual([]);
  // Delivered under every key, and the id recorded is the one the provider gave that delivery.
  expect(keys.filter((key) => !resend.delivered.has(key))).toEqual([]);
  expect(rows.filter((r) => r.providerMessageId !== resend.delivered.get(r.idempotencyKey)).map((r) => r.idempotencyKey)).toEqual([]);
  expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(MESSAGES);
  // Accepted once per key: neither sender ever sent a message the other had sent.
  const accepted = new Map<string, number>();
  for (const r of resend.received) if (r.idempotencyKey) accepted.set(r.idempotencyKey, (accepted.get(r.idempotencyKey) ?? 0) + 1);
  expect([...accepted].filter(([, n]) => n > 1)).toEqual([]);
  expect(resend.received).toHaveLength(MESSAGES);
  // Every failure was counted against its message and retried: the attempts add up to one
  // success per message plus every failure the provider gave.
  const attempts = rows.reduce((sum, r) => sum + r.attempts, attemptsBeforeRetry);
  expect(attempts).toBe(MESSAGES + failures[500] + failures[429] + failures.drop);
});
