// E-mail nudges: the policy with a fake clock for every time-based kind, preferences and the
// daily summary, event-driven nudges queued with the change, and the sender against a local
// server that plays Resend's API — failing, dropping connections, answering 429 and 500, two
// senders at once, a sender killed mid-batch — where every message goes out exactly once.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { assessments, emailOutbox, notificationPreferences, projects, users } from "../../db/schema";
import { openDatabase, type Db } from "../../db/client.server";
import { actorFor, DEMO_PASSWORD, ensureCase, ensureUser, seedDemo, seedDemoProjects } from "../factories";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { freshDatabasePath, startServer } from "../support/server";
import { Client, visibleText } from "../support/http";
import { ROOT } from "../support/paths";
import { buildDigests, enqueueNudge, runNudgePolicy, unsubscribePath } from "../../app/modules/nudges/nudges.server";
import { deliverDueEmails } from "../../app/modules/email/outbox.server";
import { resendTransport } from "../../app/modules/email/send.server";
import { recommendArticles } from "../../app/modules/library/library.server";
import { askResearcher, decideCase } from "../../app/modules/cases/cases.server";
import { signWebhook } from "../../app/modules/email/webhooks.server";

const DAY = 86_400_000;
const OPTIONS = { appUrl: "http://localhost:3000", secret: "a-test-secret-that-is-long-enough-for-hmac" };

let resend: FakeResend;
beforeAll(async () => {
  resend = await startFakeResend();
});
afterAll(async () => {
  await resend?.close();
});

async function world() {
  const path = freshDatabasePath();
  const db = openDatabase(path, { migrate: false });
  await seedDemo(db);
  await seedDemoProjects(db);
  return { db, path };
}

const rowsOf = (db: Db, kind: string) => db.select().from(emailOutbox).where(eq(emailOutbox.kind, kind)).all();
const userId = (db: Db, email: string) => db.select().from(users).where(eq(users.email, email)).get()!.id;

describe("the policy, with a fake clock", () => {
  test("an unfinished self-assessment: a reminder after 3 days, another after 10, then none; never two at once", async () => {
    const { db } = await world();
    const draft = db.select().from(projects).where(eq(projects.title, "Swarm navigation for underwater gliders")).get()!;
    const started = db.select().from(assessments).where(eq(assessments.projectId, draft.id)).get()!.startedAt.getTime();
    runNudgePolicy(db, new Date(started + 2 * DAY));
    expect(rowsOf(db, "assessment-reminder")).toHaveLength(0);
    runNudgePolicy(db, new Date(started + 3 * DAY + 1000));
    runNudgePolicy(db, new Date(started + 4 * DAY));
    expect(rowsOf(db, "assessment-reminder").map((r) => r.idempotencyKey)).toEqual([expect.stringMatching(/\/1$/)]);
    // Non-urgent: it waits for the daily summary.
    expect(rowsOf(db, "assessment-reminder")[0]).toMatchObject({ urgent: 0, status: "queued" });
    runNudgePolicy(db, new Date(started + 10 * DAY + 1000));
    runNudgePolicy(db, new Date(started + 30 * DAY));
    expect(rowsOf(db, "assessment-reminder").map((r) => r.idempotencyKey.slice(-2))).toEqual(["/1", "/2"]);

    // A policy that first runs on day 11 sends the second reminder only.
    const other = await world();
    const d2 = other.db.select().from(projects).where(eq(projects.title, "Swarm navigation for underwater gliders")).get()!;
    const s2 = other.db.select().from(assessments).where(eq(assessments.projectId, d2.id)).get()!.startedAt.getTime();
    runNudgePolicy(other.db, new Date(s2 + 11 * DAY));
    runNudgePolicy(other.db, new Date(s2 + 12 * DAY));
    expect(rowsOf(other.db, "assessment-reminder").map((r) => r.idempotencyKey.slice(-2))).toEqual(["/2"]);
  });

  test("a kind switched off is not sent (the decision is kept); a message about one's own case cannot be switched off", async () => {
    const { db } = await world();
    const rosa = userId(db, "researcher@demo-university.example");
    db.insert(notificationPreferences).values([
      { userId: rosa, kind: "assessment-reminder", mode: "off", updatedAt: new Date() },
      { userId: rosa, kind: "case-question", mode: "off", updatedAt: new Date() },
    ]).run();
    const draft = db.select().from(projects).where(eq(projects.title, "Swarm navigation for underwater gliders")).get()!;
    const started = db.select().from(assessments).where(eq(assessments.projectId, draft.id)).get()!.startedAt.getTime();
    runNudgePolicy(db, new Date(started + 3 * DAY + 1000));
    expect(rowsOf(db, "assessment-reminder")).toEqual([expect.objectContaining({ status: "skipped" })]);
    const crowd = db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
    const caseId = ensureCase(db, crowd.id);
    askResearcher(db, actorFor(db, "officer@demo-university.example"), caseId, "Who provides the footage?");
    expect(rowsOf(db, "case-question")).toEqual([expect.objectContaining({ status: "queued", urgent: 1, userId: rosa })]);
  });

  test("non-urgent messages are merged into one summary a day, from 07:00 UTC", async () => {
    const { db } = await world();
    const rosa = userId(db, "researcher@demo-university.example");
    const day = Date.UTC(2031, 2, 4);
    for (const n of [1, 2, 3]) {
      enqueueNudge(db, { userId: rosa, kind: "yearly-reassessment", key: `test-yearly/${n}`, props: { projectTitle: `Project ${n}`, lastAssessedOn: "2030-03-01" }, path: "/projects" }, new Date(day + 3_600_000));
    }
    expect(buildDigests(db, new Date(day + 6 * 3_600_000))).toEqual({ digests: 0, merged: 0 });
    expect(buildDigests(db, new Date(day + 7 * 3_600_000))).toEqual({ digests: 1, merged: 3 });
    const digest = rowsOf(db, "digest");
    expect(digest).toHaveLength(1);
    expect((digest[0]!.props as { items: unknown[] }).items).toHaveLength(3);
    expect(db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, "test-yearly/%")).all().every((r) => r.status === "digested" && r.digestId === digest[0]!.id)).toBe(true);
    // A fourth that day waits for tomorrow: at most one non-urgent e-mail a day.
    enqueueNudge(db, { userId: rosa, kind: "yearly-reassessment", key: "test-yearly/4", props: { projectTitle: "Project 4", lastAssessedOn: "2030-03-01" }, path: "/projects" }, new Date(day + 9 * 3_600_000));
    expect(buildDigests(db, new Date(day + 20 * 3_600_000))).toEqual({ digests: 0, merged: 0 });
    expect(buildDigests(db, new Date(day + DAY + 8 * 3_600_000))).toEqual({ digests: 1, merged: 1 });
    // The summary goes out like any urgent message; the merged ones never go out alone.
    resend.queue.length = 0;
    const before = resend.delivered.size;
    await deliverDueEmails(db, resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "no-reply@upstream.example" }), day + 2 * DAY, OPTIONS);
    const sent = db.select().from(emailOutbox).where(eq(emailOutbox.status, "sent")).all().filter((r) => r.kind === "digest");
    expect(sent).toHaveLength(2);
    expect(resend.delivered.size - before).toBe(db.select().from(emailOutbox).where(eq(emailOutbox.status, "sent")).all().length);
    expect(sent[0]!.text).toContain("Project 1");
  });

  test("a yearly reminder for an active project last assessed a year ago; deadlines near and past for the office", async () => {
    const { db } = await world();
    const knot = db.select().from(projects).where(eq(projects.title, "Knot invariants of three-manifolds")).get()!;
    const submitted = db.select().from(assessments).where(and(eq(assessments.projectId, knot.id), eq(assessments.status, "submitted"))).get()!.submittedAt!.getTime();
    runNudgePolicy(db, new Date(submitted + 364 * DAY));
    expect(rowsOf(db, "yearly-reassessment")).toHaveLength(0);
    runNudgePolicy(db, new Date(submitted + 366 * DAY));
    runNudgePolicy(db, new Date(submitted + 400 * DAY));
    expect(rowsOf(db, "yearly-reassessment").filter((r) => (r.props as { projectTitle: string }).projectTitle === knot.title)).toHaveLength(1);

    const crowd = db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
    const caseId = ensureCase(db, crowd.id);
    const due = db.$client.prepare("select due_at from cases where id = ?").get(caseId) as { due_at: number };
    const fresh = await world();
    void fresh;
    runNudgePolicy(db, new Date(due.due_at - 2 * DAY));
    expect(rowsOf(db, "deadline-approaching").filter((r) => r.idempotencyKey.includes(`/${caseId}/`))).toHaveLength(0);
    runNudgePolicy(db, new Date(due.due_at - 3_600_000));
    expect(rowsOf(db, "deadline-approaching").filter((r) => r.idempotencyKey.includes(`/${caseId}/`))).toHaveLength(1);
    runNudgePolicy(db, new Date(due.due_at + 3_600_000));
    runNudgePolicy(db, new Date(due.due_at + 5 * 3_600_000));
    const breached = rowsOf(db, "deadline-breached").filter((r) => r.idempotencyKey.includes(`/${caseId}/`));
    expect(breached).toHaveLength(1);
    expect(breached[0]).toMatchObject({ urgent: 1, userId: userId(db, "officer@demo-university.example") });
  });

  test("the library digest: on its day, only when something new matches the person's projects, weekly or monthly as chosen", async () => {
    const { db } = await world();
    const rosa = actorFor(db, "researcher@demo-university.example");
    const areas = (db.$client.prepare("select distinct a.area_id from project_technology_areas a join projects p on p.id = a.project_id where p.owner_id = ?").all(rosa.userId) as { area_id: string }[]).map((a) => a.area_id);
    const newest = recommendArticles(db, rosa, [], areas, 20).map((a) => a.lastReviewed).sort().at(-1)!;
    // The first Monday after the newest matching article.
    let monday = Date.parse(`${newest}T09:00:00Z`) + DAY;
    while (new Date(monday).getUTCDay() !== 1) monday += DAY;
    runNudgePolicy(db, new Date(monday - DAY));
    expect(rowsOf(db, "library-digest")).toHaveLength(0);
    runNudgePolicy(db, new Date(monday));
    runNudgePolicy(db, new Date(monday + 3_600_000));
    const digests = rowsOf(db, "library-digest").filter((r) => r.userId === rosa.userId);
    expect(digests).toHaveLength(1);
    expect((digests[0]!.props as { articles: { url: string }[] }).articles[0]!.url).toMatch(/^\/library\//);
    // Months later nothing is new: nothing is sent.
    let later = monday + 90 * DAY;
    while (new Date(later).getUTCDay() !== 1) later += DAY;
    runNudgePolicy(db, new Date(later));
    expect(rowsOf(db, "library-digest").filter((r) => r.userId === rosa.userId)).toHaveLength(1);
    // Monthly: a Monday that is not the first of the month sends nothing.
    const other = await world();
    const rosa2 = userId(other.db, "researcher@demo-university.example");
    other.db.insert(notificationPreferences).values({ userId: rosa2, kind: "library-digest", mode: "monthly", updatedAt: new Date() }).run();
    runNudgePolicy(other.db, new Date(monday));
    expect(rowsOf(other.db, "library-digest").filter((r) => r.userId === rosa2)).toHaveLength(new Date(monday).getUTCDate() === 1 ? 1 : 0);
  });

  test("changes queue their nudges in the same transaction: a new high case, a four-eyes proposal, a decision", async () => {
    const { db } = await world();
    const crowd = db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
    const newCase = rowsOf(db, "case-new").find((r) => (r.props as { projectTitle: string }).projectTitle === crowd.title)!;
    expect(newCase).toMatchObject({ urgent: 1, userId: userId(db, "officer@demo-university.example") });
    await ensureUser(db, { email: "peer@demo-university.example", name: "Petra Peer", role: "officer", institutionId: crowd.institutionId, password: DEMO_PASSWORD });
    const caseId = ensureCase(db, crowd.id);
    decideCase(db, actorFor(db, "officer@demo-university.example"), caseId, { kind: "not_to_proceed", rationale: "The partner is listed.", reviewOn: null, details: {} });
    expect(rowsOf(db, "four-eyes-waiting").map((r) => r.userId)).toEqual([userId(db, "peer@demo-university.example")]);
    expect(rowsOf(db, "case-decision")).toHaveLength(0);
  });

  test("a nudge is queued once per key, whole, on the database or inside a transaction, and goes with a transaction undone", async () => {
    const { db } = await world();
    const rosa = userId(db, "researcher@demo-university.example");
    const at = new Date("2031-05-04T03:02:01.000Z");
    const nudge = (key: string, projectTitle: string) => ({ userId: rosa, kind: "yearly-reassessment" as const, key, props: { projectTitle, lastAssessedOn: "2030-05-04" }, path: "/projects/7" });
    // On the database (statements built once and kept), then again with the same key.
    expect(enqueueNudge(db, nudge("once/a", "Ünïcode “quoted” title"), at)).toBe(true);
    expect(enqueueNudge(db, nudge("once/a", "Another title"), at)).toBe(false);
    // Inside a transaction, with the transaction at hand (statements built for the call).
    expect(db.transaction((tx) => enqueueNudge(tx, nudge("once/b", "In a transaction"), at))).toBe(true);
    // A transaction undone takes its nudge with it, whichever way it was queued.
    expect(() =>
      db.transaction((tx) => {
        enqueueNudge(tx, nudge("once/c", "Undone"), at);
        enqueueNudge(db, nudge("once/d", "Undone too"), at);
        throw new Error("undo");
      }),
    ).toThrow("undo");
    const rows = rowsOf(db, "yearly-reassessment").filter((r) => r.idempotencyKey.startsWith("once/"));
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual(["once/a", "once/b"]);
    expect(rows.find((r) => r.idempotencyKey === "once/a")).toMatchObject({
      toAddress: "researcher@demo-university.example",
      template: "nudge-yearly-reassessment",
      props: { projectTitle: "Ünïcode “quoted” title", lastAssessedOn: "2030-05-04", url: "/projects/7" },
      status: "queued",
      lastError: null,
      createdAt: at,
      nextAttemptAt: at,
    });
  });
});

describe("the sender against a provider that fails", () => {
  let batches = 0;
  async function queued(count: number) {
    const batch = ++batches;
    const { db, path } = await world();
    const officer = userId(db, "officer@demo-university.example");
    db.delete(emailOutbox).run();
    for (let i = 0; i < count; i++) {
      enqueueNudge(db, { userId: officer, kind: "deadline-breached", key: `soak/${batch}/${i}`, props: { projectTitle: `Project ${i}`, caseNumber: i, severity: "high", dueOn: "2031-01-01" }, path: `/office/cases/${i}` });
    }
    return { db, path };
  }
  const transport = () => resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "Upstream <no-reply@upstream.example>" });

  test("500, 429 with Retry-After, dropped connections and slow answers: every message ends sent exactly once", async () => {
    const { db } = await queued(40);
    const keys = db.select().from(emailOutbox).all().map((r) => r.idempotencyKey);
    resend.queue.push({ status: 500 }, { status: 429, headers: { "Retry-After": "30" } }, { status: 0, drop: true }, { status: 200, delayMs: 300 }, { status: 503 }, { status: 0, drop: true });
    let clock = Date.now();
    for (let round = 0; round < 40 && db.select().from(emailOutbox).where(eq(emailOutbox.status, "queued")).all().length > 0; round++) {
      await deliverDueEmails(db, transport(), clock, OPTIONS);
      clock += 10 * 60_000;
    }
    const rows = db.select().from(emailOutbox).all();
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    for (const key of keys) expect(resend.delivered.has(key)).toBe(true);
    expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(40);
    // The 429 was honoured: its row waited at least the 30 seconds asked for.
    expect(rows.filter((r) => r.attempts > 1).length).toBeGreaterThanOrEqual(4);
    // The List-Unsubscribe headers went with each nudge.
    const sample = resend.received.find((r) => r.idempotencyKey === keys[0])!;
    expect((sample.body.headers as Record<string, string>)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect((sample.body.headers as Record<string, string>)["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\?u=\d+&k=deadline-breached&s=/);
  });

  test("a permanent refusal (422) is not retried and keeps the reason", async () => {
    const { db } = await queued(1);
    resend.queue.push({ status: 422, body: { name: "validation_error", message: "Invalid `to` field.", statusCode: 422 } });
    await deliverDueEmails(db, transport(), Date.now(), OPTIONS);
    await deliverDueEmails(db, transport(), Date.now() + DAY, OPTIONS);
    expect(db.select().from(emailOutbox).get()).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringMatching(/422/) });
  });

  test("two senders at once never send the same message", async () => {
    const { db, path } = await queued(30);
    const second = openDatabase(path, { migrate: false });
    resend.chaos = () => ({ status: 200, delayMs: 5 });
    const before = resend.received.length;
    const now = Date.now();
    await Promise.all([deliverDueEmails(db, transport(), now, { ...OPTIONS, batch: 50 }), deliverDueEmails(second, transport(), now, { ...OPTIONS, batch: 50 })]);
    resend.chaos = null;
    const requests = resend.received.slice(before).map((r) => r.idempotencyKey);
    expect(requests).toHaveLength(30);
    expect(new Set(requests).size).toBe(30);
    expect(db.select().from(emailOutbox).all().every((r) => r.status === "sent")).toBe(true);
    second.$client.close();
  });

  test("a sender killed mid-batch loses nothing and sends nothing twice", async () => {
    const { db, path } = await queued(12);
    resend.chaos = () => ({ status: 200, delayMs: 150 });
    const child = spawn(process.execPath, [join(ROOT, "bin/upstream.mjs"), "nudges:run"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: path, EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: resend.url, APP_SECRET: OPTIONS.secret },
      stdio: "ignore",
    });
    const keys = new Set(db.select().from(emailOutbox).all().map((r) => r.idempotencyKey));
    const deliveredOfThese = () => [...resend.delivered.keys()].filter((k) => keys.has(k)).length;
    for (let i = 0; i < 200 && deliveredOfThese() < 3; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    resend.chaos = null;
    const cut = deliveredOfThese();
    expect(cut).toBeGreaterThanOrEqual(3);
    expect(cut).toBeLessThan(12);
    // After the lease of the killed sender runs out, another run finishes the batch.
    await deliverDueEmails(db, transport(), Date.now() + 6 * 60_000, { ...OPTIONS, batch: 50 });
    const rows = db.select().from(emailOutbox).all();
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(deliveredOfThese()).toBe(12);
    // A message the killed sender had sent but not yet recorded was sent again with the same key: the provider kept one.
    const perKey = new Map<string, number>();
    for (const r of resend.received) if (r.idempotencyKey && keys.has(r.idempotencyKey)) perKey.set(r.idempotencyKey, (perKey.get(r.idempotencyKey) ?? 0) + 1);
    expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(12);
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(2);
  });
});

describe("the running server's sender", () => {
  test("sends in its own thread with the server's settings: the links it signs work on the server", async () => {
    // No APP_SECRET: outside production the secret is random per process, and the sender's
    // thread must sign with the server's own.
    const server = await startServer({ env: { EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_server_key", RESEND_BASE_URL: resend.url } });
    try {
      const officer = userId(server.db, "officer@demo-university.example");
      enqueueNudge(server.db, { userId: officer, kind: "deadline-breached", key: "thread/1", props: { projectTitle: "Thread test", caseNumber: 1, severity: "high", dueOn: "2026-01-01" }, path: "/office/cases" });
      // Any change kicks delivery.
      await new Client(server.url).post("/forgot-password", { email: "nobody@demo-university.example" });
      let sent: (typeof resend.received)[number] | undefined;
      for (let i = 0; i < 100 && !sent; i++) {
        sent = resend.received.find((r) => r.idempotencyKey === "thread/1");
        if (!sent) await new Promise((r) => setTimeout(r, 100));
      }
      expect(sent).toBeDefined();
      const link = /^<([^>]+)>$/.exec((sent!.body.headers as Record<string, string>)["List-Unsubscribe"]!)![1]!;
      expect(link.startsWith(`${server.url}/unsubscribe?`)).toBe(true);
      const oneClick = await fetch(link, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click", redirect: "manual" });
      expect(oneClick.status).toBe(200);
      expect(server.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, officer)).all()).toEqual([expect.objectContaining({ kind: "deadline-breached", mode: "off" })]);
      // The sender's thread records the outcome moments after the provider's answer (it may
      // gather a few): wait for it rather than race it.
      const row = () => server.db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, "thread/1")).get()!;
      for (let i = 0; i < 100 && row().status === "queued"; i++) await new Promise((r) => setTimeout(r, 50));
      expect(row()).toMatchObject({ status: "sent" });
      expect(server.output()).not.toMatch(/sender stopped|delivery failed/);
    } finally {
      await server.stop();
    }
  });
});

describe("unsubscribing, webhooks and the administrators' outbox, over HTTP", () => {
  test("the signed link works without signing in, one click from the mail client too; a tampered one is refused", async () => {
    const secret = "s".repeat(40);
    const server = await startServer({ env: { APP_SECRET: secret } });
    try {
      const rosa = userId(server.db, "researcher@demo-university.example");
      const path = unsubscribePath(secret, rosa, "assessment-reminder");
      const anonymous = new Client(server.url);
      const page = await anonymous.get(path);
      expect(page.status).toBe(200);
      expect(visibleText(await page.text())).toMatch(/Stop e-mails about “Reminders of a self-assessment you started”\?/);
      // A mail client posts without an Origin (RFC 8058).
      const oneClick = await fetch(server.url + path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click", redirect: "manual" });
      expect(oneClick.status).toBe(200);
      expect(server.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, rosa)).all()).toEqual([expect.objectContaining({ kind: "assessment-reminder", mode: "off" })]);
      const tampered = path.replace(/k=assessment-reminder/, "k=yearly-reassessment");
      expect((await anonymous.get(tampered)).status).toBe(400);
      expect((await fetch(server.url + tampered, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } })).status).toBe(400);
      // The settings page shows the choice, and an own-case kind cannot be switched off.
      const researcher = new Client(server.url);
      await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
      const settings = await (await researcher.get("/account/notifications")).text();
      expect(settings).toMatch(/id="assessment-reminder-off"[^>]*checked/);
      expect(visibleText(settings)).toMatch(/cannot be switched off/);
      expect((await researcher.post("/account/notifications", { "yearly-reassessment": "loud" })).status).toBe(400);
      expect((await researcher.post("/account/notifications", { "yearly-reassessment": "digest", "case-question": "off" })).status).toBe(302);
      const modes = Object.fromEntries(server.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, rosa)).all().map((p) => [p.kind, p.mode]));
      expect(modes).toEqual({ "assessment-reminder": "off", "yearly-reassessment": "digest" });
    } finally {
      await server.stop();
    }
  });

  test("a signed hard bounce stops e-mail to the address; an unsigned one is refused; administrators see it and can retry a failed message", async () => {
    const secret = `whsec_${Buffer.from("webhook-secret-for-tests").toString("base64")}`;
    const server = await startServer({ env: { RESEND_WEBHOOK_SECRET: secret } });
    try {
      const body = JSON.stringify({ type: "email.bounced", data: { to: ["researcher@demo-university.example"], bounce: { type: "Permanent", message: "Mailbox does not exist" } } });
      const timestamp = Math.floor(Date.now() / 1000);
      const post = (signature: string) => fetch(`${server.url}/webhooks/resend`, { method: "POST", headers: { "Content-Type": "application/json", "svix-id": "msg_1", "svix-timestamp": String(timestamp), "svix-signature": signature }, body });
      expect((await post("v1,AAAA")).status).toBe(401);
      const accepted = await post(signWebhook(secret, "msg_1", timestamp, body));
      expect(accepted.status).toBe(200);
      const rosa = userId(server.db, "researcher@demo-university.example");
      enqueueNudge(server.db, { userId: rosa, kind: "yearly-reassessment", key: "after-bounce", props: { projectTitle: "X", lastAssessedOn: "2025-01-01" }, path: "/projects" });
      server.db.update(emailOutbox).set({ urgent: 1 }).where(eq(emailOutbox.idempotencyKey, "after-bounce")).run();
      await deliverDueEmails(server.db, resendTransport({ apiKey: "re_test_key", baseUrl: resend.url, from: "no-reply@upstream.example" }), Date.now(), OPTIONS);
      expect(server.db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, "after-bounce")).get()).toMatchObject({ status: "skipped", lastError: expect.stringMatching(/bounce/) });

      const admin = new Client(server.url);
      await admin.login("admin@upstream.example", DEMO_PASSWORD);
      const page = visibleText(await (await admin.get("/admin/outbox")).text());
      expect(page).toMatch(/researcher@demo-university\.example Hard bounce/);
      const failed = server.db.insert(emailOutbox).values({ idempotencyKey: "failed/1", toAddress: "x@demo-university.example", template: "nudge-digest", status: "failed", attempts: 8, lastError: "500: down", createdAt: new Date(), nextAttemptAt: new Date() }).returning().get();
      expect(visibleText(await (await admin.get("/admin/outbox?status=failed")).text())).toMatch(/500: down/);
      expect((await admin.post("/admin/outbox", { intent: "retry", emailId: String(failed.id) })).status).toBe(302);
      expect(server.db.select().from(emailOutbox).where(eq(emailOutbox.id, failed.id)).get()).toMatchObject({ attempts: 0, lastError: null });
      const sent = server.db.insert(emailOutbox).values({ idempotencyKey: "sent/1", toAddress: "y@demo-university.example", template: "nudge-digest", status: "sent", createdAt: new Date(), nextAttemptAt: new Date() }).returning().get();
      expect((await admin.post("/admin/outbox", { intent: "retry", emailId: String(sent.id) })).status).toBe(409);
    } finally {
      await server.stop();
    }
  });
});
