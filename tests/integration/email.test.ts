// E-mail through the real Resend SDK against a local server that plays Resend's API, and
// the outbox that queues each message once and delivers it once.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailOutbox } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { deliverDueEmails, enqueueEmail } from "../../app/modules/email/outbox.server";
import { resendTransport, sendEmail, type EmailTransport, type SendResult } from "../../app/modules/email/send.server";
import { renderEmail } from "../../app/modules/email/templates.server";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { freshDatabasePath, startServer } from "../support/server";
import { Client } from "../support/http";

let resend: FakeResend;

beforeAll(async () => {
  resend = await startFakeResend();
});

afterAll(async () => {
  await resend?.close();
});

const message = { to: "ada@demo-university.example", subject: "Hello", html: "<p>Hello</p>", text: "Hello", idempotencyKey: "test/1" };

describe("the Resend transport", () => {
  test("sends with the API key, the idempotency key and both parts", async () => {
    const transport = resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "Upstream <no-reply@upstream.example>" });
    const result = await sendEmail(transport, message);
    expect(result).toEqual({ ok: true, id: expect.stringMatching(/^email_/) });
    const last = resend.received.at(-1)!;
    expect(last.authorization).toBe("Bearer re_test_key");
    expect(last.idempotencyKey).toBe("test/1");
    expect(last.body).toMatchObject({ from: "Upstream <no-reply@upstream.example>", to: "ada@demo-university.example", subject: "Hello", html: "<p>Hello</p>", text: "Hello" });
  });

  test("server errors and 429 are retryable (with Retry-After), a 422 is not", async () => {
    const transport = resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "no-reply@upstream.example" });
    resend.queue.push({ status: 500 }, { status: 429, headers: { "Retry-After": "7" } }, { status: 422, body: { name: "validation_error", message: "Invalid `to` field.", statusCode: 422 } });
    expect(await sendEmail(transport, message)).toMatchObject({ ok: false, retryable: true });
    expect(await sendEmail(transport, message)).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 7 });
    expect(await sendEmail(transport, message)).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/422/) });
  });

  test("an unreachable provider is a retryable failure, not a crash", async () => {
    const transport = resendTransport({ apiKey: "re_test_key", baseUrl: "http://127.0.0.1:1", from: "no-reply@upstream.example" });
    expect(await sendEmail(transport, message)).toMatchObject({ ok: false, retryable: true });
  });
});

const OPTIONS = { appUrl: "http://localhost:3000", secret: "a-test-secret-that-is-long-enough-for-hmac" };

describe("the outbox", () => {
  test("queues a message once per idempotency key and delivers it once, retrying after a failure", async () => {
    const db = openDatabase(freshDatabasePath(), { migrate: false });
    const email = await renderEmail("password-reset", { name: "Ada", url: "http://localhost/reset-password?token=t", expiresInMinutes: 60 });
    enqueueEmail(db, { to: "ada@demo-university.example", idempotencyKey: "password-reset/1/abc", email });
    enqueueEmail(db, { to: "ada@demo-university.example", idempotencyKey: "password-reset/1/abc", email });
    expect(db.select().from(emailOutbox).all()).toHaveLength(1);

    const transport = resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "no-reply@upstream.example" });
    const before = resend.received.length;
    resend.queue.push({ status: 503 });
    expect(await deliverDueEmails(db, transport, Date.now(), OPTIONS)).toMatchObject({ sent: 0 });
    const waiting = db.select().from(emailOutbox).get()!;
    expect(waiting).toMatchObject({ status: "queued", attempts: 1, lastError: expect.stringMatching(/503/) });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // Due again later: it is sent, exactly once.
    expect(await deliverDueEmails(db, transport, waiting.nextAttemptAt.getTime() + 1, OPTIONS)).toMatchObject({ sent: 1 });
    expect(await deliverDueEmails(db, transport, waiting.nextAttemptAt.getTime() + 60_000, OPTIONS)).toMatchObject({ sent: 0 });
    expect(resend.received.length - before).toBe(1);
    expect(resend.received.at(-1)!.idempotencyKey).toBe("password-reset/1/abc");
    expect(db.select().from(emailOutbox).get()).toMatchObject({ status: "sent", attempts: 2, providerMessageId: expect.stringMatching(/^email_/) });
    db.$client.close();
  });

  test("a sender slower than its lease does not overwrite the record of the sender that took the message over", async () => {
    const db = openDatabase(freshDatabasePath(), { migrate: false });
    const email = await renderEmail("password-reset", { name: "Ada", url: "http://localhost/x", expiresInMinutes: 60 });
    enqueueEmail(db, { to: "ada@demo-university.example", idempotencyKey: "password-reset/slow", email });
    let release: (result: SendResult) => void = () => {};
    const slow: EmailTransport = { name: "resend", send: () => new Promise<SendResult>((resolve) => (release = resolve)) };
    const quick: EmailTransport = { name: "resend", send: async () => ({ ok: true, id: "email_quick" }) };
    const start = Date.now();
    // The first sender claims the message for 10 ms and then hangs in the provider's call.
    const first = deliverDueEmails(db, slow, start, { ...OPTIONS, leaseMs: 10 });
    await new Promise((r) => setTimeout(r, 20));
    // After the lease another sender takes it and sends it.
    expect(await deliverDueEmails(db, quick, start + 60_000, OPTIONS)).toMatchObject({ sent: 1 });
    // The first sender's answer comes too late to be recorded.
    release({ ok: false, retryable: false, error: "422 too late" });
    await first;
    expect(db.select().from(emailOutbox).get()).toMatchObject({ status: "sent", providerMessageId: "email_quick", lastError: null });
    db.$client.close();
  });

  test("outcomes of quick sends are written together, and a slow provider's each soon after it is known", async () => {
    const db = openDatabase(freshDatabasePath(), { migrate: false });
    const email = await renderEmail("password-reset", { name: "Ada", url: "http://localhost/x", expiresInMinutes: 60 });
    for (let i = 0; i < 6; i++) enqueueEmail(db, { to: `person${i}@demo-university.example`, idempotencyKey: `grouped/${i}`, email });
    const statusOf = (i: number) => db.select({ status: emailOutbox.status }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, `grouped/${i}`)).get()!.status;

    // Quick sends: the six outcomes go into the database in one transaction, not six.
    let transactions = 0;
    const transaction = db.transaction.bind(db);
    db.transaction = ((...args: Parameters<typeof db.transaction>) => {
      transactions++;
      return transaction(...args);
    }) as typeof db.transaction;
    let quickId = 0;
    const quick: EmailTransport = { name: "resend", send: async () => ({ ok: true, id: `email_${++quickId}` }) };
    expect(await deliverDueEmails(db, quick, Date.now(), { ...OPTIONS, batch: 3 })).toMatchObject({ sent: 3 });
    expect(transactions).toBe(1);
    expect([0, 1, 2].map(statusOf)).toEqual(["sent", "sent", "sent"]);

    // A slow provider: while the third message is being sent, the first two are recorded already.
    const waiting: ((result: SendResult) => void)[] = [];
    const slow: EmailTransport = { name: "resend", send: () => new Promise<SendResult>((resolve) => waiting.push(resolve)) };
    const run = deliverDueEmails(db, slow, Date.now(), OPTIONS);
    const nextSend = async (count: number) => {
      while (waiting.length < count) await new Promise((r) => setTimeout(r, 5));
    };
    await nextSend(1);
    await new Promise((r) => setTimeout(r, 250));
    waiting[0]!({ ok: true, id: "email_slow_0" });
    await nextSend(2);
    await new Promise((r) => setTimeout(r, 250));
    waiting[1]!({ ok: true, id: "email_slow_1" });
    await nextSend(3);
    expect([3, 4, 5].map(statusOf)).toEqual(["sent", "sent", "queued"]);
    waiting[2]!({ ok: true, id: "email_slow_2" });
    await run;
    expect(statusOf(5)).toBe("sent");
    db.$client.close();
  });

  test("a permanent failure marks the message failed with the reason", async () => {
    const db = openDatabase(freshDatabasePath(), { migrate: false });
    const email = await renderEmail("password-reset", { name: "Ada", url: "http://localhost/x", expiresInMinutes: 60 });
    enqueueEmail(db, { to: "not-an-address", idempotencyKey: "k/1", email });
    resend.queue.push({ status: 422 });
    await deliverDueEmails(db, resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "no-reply@upstream.example" }), Date.now(), OPTIONS);
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, "k/1")).get()).toMatchObject({ status: "failed", attempts: 1 });
    db.$client.close();
  });

  test("the running server sends a password-reset e-mail through Resend when so configured", async () => {
    const server = await startServer({ env: { EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_server_key", RESEND_BASE_URL: resend.url } });
    try {
      const before = resend.received.length;
      await new Client(server.url).post("/forgot-password", { email: "researcher@demo-university.example" });
      for (let i = 0; i < 50 && resend.received.length === before; i++) await new Promise((r) => setTimeout(r, 100));
      const sent = resend.received.at(-1)!;
      expect(resend.received.length).toBe(before + 1);
      expect(sent.authorization).toBe("Bearer re_server_key");
      expect(sent.body.to).toBe("researcher@demo-university.example");
      expect(String(sent.body.text)).toMatch(new RegExp(`${server.url}/reset-password\\?token=[a-z2-7]+`));
      expect(sent.idempotencyKey).toMatch(/^password-reset\//);
      // The provider's answer is recorded just after it arrives.
      const row = () => server.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "researcher@demo-university.example")).get()!;
      for (let i = 0; i < 50 && row().status !== "sent"; i++) await new Promise((r) => setTimeout(r, 100));
      expect(row().status).toBe("sent");
      expect(server.output()).not.toContain("re_server_key");
      // Outside production the outbox page still lists what was sent.
      expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  test("the development outbox page does not exist in production", async () => {
    const server = await startServer({ env: { APP_ENV: "production", APP_SECRET: "p".repeat(40), EMAIL_TRANSPORT: "outbox" } });
    try {
      expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404);
      expect((await fetch(`${server.url}/dev/outbox/1/raw`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
