// What a person's account was when an operation read it is not what it is when the operation
// writes: a password check takes a while, and another connection may hold the write lock. Each
// operation here is interrupted by a change that commits in between, and must act on the account
// as it is after the change.
import { Worker } from "node:worker_threads";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { assessments, auditEvents, emailOutbox, projects, sessions, users } from "../../db/schema";
import { signIn, SignInError } from "../../app/modules/auth/accounts.server";
import { hashPassword } from "../../app/modules/auth/password.server";
import { runNudgePolicy } from "../../app/modules/nudges/nudges.server";
import { deleteOwnAccount } from "../../app/modules/people/personal-data.server";
import { actorFor, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, seedDemoProjects } from "../factories";
import { freshDatabasePath } from "../support/server";

const DAY = 86_400_000;
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
  });

  test("an account deleted during the check opens no session, and the attempt names nobody", async () => {
    const attempt = signIn(db, { email: DEMO_ACCOUNTS.researcher, password: DEMO_PASSWORD }, origin);
    db.update(users).set({ email: `former-${researcherId}@invalid`, name: `Former researcher ${researcherId}`, status: "disabled" }).where(eq(users.id, researcherId)).run();
    await expect(attempt).rejects.toThrow("The e-mail address or the password is not right.");
    expect(sessionsOf(researcherId)).toEqual([]);
    const logged = db.select().from(auditEvents).where(eq(auditEvents.action, "auth.login")).all();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ outcome: "failure", actorUserId: null });
    expect(logged[0]!.details).toMatchObject({ reason: "unknown address" });
  });
});

describe("deleting one's account while it changes", () => {
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
 * Another connection (in a thread of its own, as the server's mailer is) takes the write lock,
 * deletes the account the way the portal does, and commits a moment later.
 */
function deletionInAnotherConnection(userId: number) {
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
     const Database = require("better-sqlite3");
     const sqlite = new Database(workerData.path);
     sqlite.pragma("busy_timeout = 15000");
     sqlite.exec("begin immediate");
     sqlite.prepare("update users set status = 'disabled', email = ?, name = ? where id = ?").run("former-" + workerData.userId + "@invalid", "Former researcher " + workerData.userId, workerData.userId);
     parentPort.postMessage("locked");
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
     sqlite.exec("commit");
     sqlite.close();`,
    { eval: true, workerData: { path, userId } },
  );
  const locked = new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  const ended = new Promise<number>((resolve) => worker.once("exit", resolve));
  return { locked, ended };
}

describe("the nudge policy while another connection deletes the account", () => {
  test("queues nothing to the deleted person's address", async () => {
    await seedDemoProjects(db);
    const draft = db.select().from(projects).where(and(eq(projects.title, "Swarm navigation for underwater gliders"), eq(projects.ownerId, researcherId))).get()!;
    const started = db.select().from(assessments).where(eq(assessments.projectId, draft.id)).get()!.startedAt.getTime();
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
    await seedDemoProjects(db);
    const draft = db.select().from(projects).where(and(eq(projects.title, "Swarm navigation for underwater gliders"), eq(projects.ownerId, researcherId))).get()!;
    const started = db.select().from(assessments).where(eq(assessments.projectId, draft.id)).get()!.startedAt.getTime();
    expect(runNudgePolicy(db, new Date(started + 4 * DAY)).reminders).toBe(1);
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, DEMO_ACCOUNTS.researcher)).all()).toHaveLength(1);
  });
});
