// What a person's account was when an operation read it is not what it is when the operation
// writes: a password check takes a while, and another connection may hold the write lock. Each
// operation here is interrupted by a change that commits in between, and must act on the account
// as it is after the change.
import { Worker } from "node:worker_threads";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { createRequire } from "node:module";
import { assessments, auditEvents, caseEvents, emailOutbox, projects, sessions, users } from "../../db/schema";
import { signIn, SignInError } from "../../app/modules/auth/accounts.server";
import { hashPassword } from "../../app/modules/auth/password.server";
import { runNudgePolicy } from "../../app/modules/nudges/nudges.server";
import { applyRetention, deleteOwnAccount } from "../../app/modules/people/personal-data.server";
import { askResearcher, decideCase } from "../../app/modules/cases/cases.server";
import { actorFor, DEMO_ACCOUNTS, DEMO_PASSWORD, ensureCase, seedDemo, seedDemoProjects } from "../factories";
import { freshDatabasePath } from "../support/server";

const DAY = 86_400_000;
const require = createRequire(import.meta.url);
const origin = { ip: "192.0.2.7", userAgent: "Tests" };
let path: string;
let db: Db;
let researcherId: number;

beforeEach(async () => {
  path = freshDatabasePath();
  db = openDatabase(path);
  await seedDemo(db);
  researcherId = db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS.researcher)).get()!.id;
  return () => db.$client.close();
});

const sessionsOf = (userId: number) => db.select().from(sessions).where(eq(sessions.userId, userId)).all();

describe("signing in while the account changes", () => {
  test("a password changed during the check does not let the old one in", async () => {
    const newHash = await hashPassword("a brand new passphrase 77");
    const attempt = signIn(db, { email: DEMO_ACCOUNTS.researcher, password: DEMO_PASSWORD }, origin);
    // The account was read and the hashing has begun; the new password commits now.
    db.update(users).set({ passwordHash: newHash }).where(eq(users.id, researcherId)).run();
    await expect(attempt).rejects.toThrow(SignInError);
    expect(sessionsOf(researcherId)).toEqual([]);
    const logged = db.select().from(auditEvents).where(eq(auditEvents.action, "auth.login")).all();
    expect(logged.map((e) => [e.outcome, (e.details as { reason: string }).reason])).toEqual([["failure", "account changed during the check"]]);
  });

  test("an account deleted during the check opens no session, and the attempt is one for an unknown address", async () => {
    const attempt = signIn(db, { email: DEMO_ACCOUNTS.researcher, password: DEMO_PASSWORD }, origin);
    db.update(users).set({ email: `former-${researcherId}@invalid`, name: `Former researcher ${researcherId}`, status: "disabled" }).where(eq(users.id, researcherId)).run();
    await expect(attempt).rejects.toThrow("The e-mail address or the password is not right.");
    expect(sessionsOf(researcherId)).toEqual([]);
    const logged = db.select().from(auditEvents).where(eq(auditEvents.action, "auth.login")).all();
    expect(logged).toHaveLength(1);
    // The address typed is kept with the attempt, as for any address the portal does not know; no account is named.
    expect(logged[0]).toMatchObject({ outcome: "failure", actorUserId: null, institutionId: null, actorEmail: DEMO_ACCOUNTS.researcher });
    expect(logged[0]!.details).toMatchObject({ reason: "unknown address" });
  });
});

describe("deleting one's account while it changes", () => {
  test("an account made an officer's during the check is not deleted", async () => {
    const researcher = actorFor(db, DEMO_ACCOUNTS.researcher);
    const deletion = deleteOwnAccount(db, researcher, DEMO_PASSWORD, origin);
    db.update(users).set({ role: "officer" }).where(eq(users.id, researcherId)).run();
    await expect(deletion).rejects.toThrow(/Your account changed while this was being checked/);
    expect(db.select().from(users).where(eq(users.id, researcherId)).get()).toMatchObject({ status: "active", email: DEMO_ACCOUNTS.researcher, role: "officer" });
  });

  test("a password changed during the check stops the deletion", async () => {
    const researcher = actorFor(db, DEMO_ACCOUNTS.researcher);
    const newHash = await hashPassword("a brand new passphrase 77");
    const deletion = deleteOwnAccount(db, researcher, DEMO_PASSWORD, origin);
    db.update(users).set({ passwordHash: newHash }).where(eq(users.id, researcherId)).run();
    await expect(deletion).rejects.toMatchObject({ fieldErrors: { password: "That is not your password." } });
    expect(db.select().from(users).where(eq(users.id, researcherId)).get()).toMatchObject({ status: "active", email: DEMO_ACCOUNTS.researcher });
  });
});

/**
 * Another connection (in a thread of its own, as the server's mailer is, or another process)
 * takes the write lock, makes a change, and commits a while later: long enough for the
 * operation under test to have read what it needs before it waits for the lock.
 */
function changeInAnotherConnection(statement: string, ...params: unknown[]) {
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
     const Database = require(workerData.driver);
     const sqlite = new Database(workerData.path);
     sqlite.pragma("busy_timeout = 15000");
     sqlite.exec("begin immediate");
     sqlite.prepare(workerData.statement).run(...workerData.params);
     parentPort.postMessage("locked");
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
     sqlite.exec("commit");
     sqlite.close();`,
    { eval: true, workerData: { path, driver: require.resolve("better-sqlite3"), statement, params } },
  );
  const locked = new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  const ended = new Promise<number>((resolve) => worker.once("exit", resolve));
  return { locked, ended };
}

/** The account deleted the way the portal does it, as far as the nudges can tell. */
const deletionInAnotherConnection = (userId: number) =>
  changeInAnotherConnection("update users set status = 'disabled', email = ?, name = ? where id = ?", `former-${userId}@invalid`, `Former researcher ${userId}`, userId);

/** When the researcher's unfinished self-assessment of the demo began. */
async function unfinishedAssessmentStart() {
  await seedDemoProjects(db);
  const draft = db.select().from(projects).where(and(eq(projects.title, "Swarm navigation for underwater gliders"), eq(projects.ownerId, researcherId))).get()!;
  return db.select().from(assessments).where(eq(assessments.projectId, draft.id)).get()!.startedAt.getTime();
}

describe("the nudge policy while another connection deletes the account", () => {
  test("queues nothing to the deleted person's address", async () => {
    const started = await unfinishedAssessmentStart();
    // Without the deletion, this moment queues the first reminder to the researcher.
    const at = new Date(started + 4 * DAY);

    const deletion = deletionInAnotherConnection(researcherId);
    await deletion.locked;
    const counts = runNudgePolicy(db, at);
    expect(await deletion.ended).toBe(0);

    expect(counts.reminders).toBe(0);
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, DEMO_ACCOUNTS.researcher)).all()).toEqual([]);
    expect(db.select().from(users).where(eq(users.id, researcherId)).get()!.status).toBe("disabled");
  });

  test("and queues the reminder when nobody deletes anything", async () => {
    const started = await unfinishedAssessmentStart();
    expect(runNudgePolicy(db, new Date(started + 4 * DAY)).reminders).toBe(1);
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, DEMO_ACCOUNTS.researcher)).all()).toHaveLength(1);
  });
});

/** A case with a question in it, decided and closed today. */
async function closedCaseWithQuestion() {
  await seedDemoProjects(db);
  const crowd = db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
  const caseId = ensureCase(db, crowd.id);
  const officer = actorFor(db, DEMO_ACCOUNTS.officer);
  askResearcher(db, officer, caseId, "Who provides the footage to the project?");
  decideCase(db, officer, caseId, { kind: "no_concern", rationale: "Public footage only.", reviewOn: null, details: {} });
  return { caseId, officer };
}

describe("retention while another connection reopens a case", () => {
  test("the reopened case keeps its conversation", async () => {
    const { caseId, officer } = await closedCaseWithQuestion();
    const later = new Date(Date.now() + 11 * 365 * DAY);

    const reopening = changeInAnotherConnection("update cases set is_open = 1, status = 'in_review', closed_at = null where id = ?", caseId);
    await reopening.locked;
    expect(applyRetention(db, later).cleared).toBe(0);
    expect(await reopening.ended).toBe(0);

    const question = db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "question"))).get()!;
    expect(question).toMatchObject({ body: "Who provides the footage to the project?", actorName: officer.name });
  });

  test("and a case still closed loses it", async () => {
    await closedCaseWithQuestion();
    expect(applyRetention(db, new Date(Date.now() + 11 * 365 * DAY)).cleared).toBe(1);
  });
});
