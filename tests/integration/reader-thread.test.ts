// The case queue read in its own thread: the built thread answers exactly what reading and
// writing the rows here gives, escaped as here, sees a change the moment it is committed here,
// refuses what reading here refuses, and when it is gone the queue is read here. Also the asynchronous channel on its own, against small
// threads written here that answer out of order, with an error, or not at all.
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { cases, projects } from "../../db/schema";
import { asyncCaller, type AsyncCaller } from "../../app/lib/async-thread.server";
import { queueFiltersOf, queueView, readQueueThrough, readQueueView, type QueueRead, type QueueView } from "../../app/lib/case-queue.server";
import { queueRowsFrom, queueRowsHtml } from "../../app/components/case-queue-rows";
import type { Actor } from "../../app/modules/auth/actor";
import { bulkUpdate, listQueue } from "../../app/modules/cases/cases.server";
import { actorFor, DEMO_ACCOUNTS, seedDemo, seedDemoProjects } from "../factories";
import { ROOT } from "../support/paths";
import { freshDatabasePath } from "../support/server";

let databasePath: string;
let db: Db;
let worker: Worker;
let officer: Actor;
let caller: AsyncCaller<QueueRead, QueueView>;
const failures: string[] = [];
const errors: string[] = [];

const filtersOf = (query: string) => queueFiltersOf(new URL(`http://localhost/office/cases?${query}`));
const now = new Date();
const readOf = (actor: Actor, query: string): QueueRead => ({ actor, filters: filtersOf(query), now: now.getTime() });
const threadRead = (actor: Actor, query: string) => caller.call(readOf(actor, query));
/** The page as the queue shows it, read here: the counts and the rows' markup. */
const hereRead = (actor: Actor, query: string) => {
  const { total, page, pageCount, rows } = listQueue(db, actor, filtersOf(query), now);
  return { total, page, pageCount, rowsHtml: queueRowsHtml(rows, now.getTime()).__html, ids: rows.map((r) => r.id) };
};
const asShown = (view: QueueView) => ({ total: view.total, page: view.page, pageCount: view.pageCount, rowsHtml: queueRowsFrom(view.rows).__html, ids: view.rows.ids });

beforeAll(async () => {
  databasePath = freshDatabasePath();
  db = openDatabase(databasePath);
  await seedDemo(db);
  await seedDemoProjects(db);
  officer = actorFor(db, DEMO_ACCOUNTS.officer);
  worker = new Worker(join(ROOT, "build/server/reader-worker.js"), { env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: databasePath } });
  caller = asyncCaller(worker, { timeoutMs: 60_000, onFailure: (reason) => failures.push(reason), onError: (message) => errors.push(message) });
});

afterAll(async () => {
  readQueueThrough(undefined);
  await worker?.terminate();
  db?.$client.close();
});

describe("the reading thread", () => {
  test("answers every shape of the queue exactly as reading and writing it here does", async () => {
    const queries = ["", "status=all", "status=new", "severity=high", "assignee=none", "assignee=me", "sort=due", "sort=age&page=2", "q=video", "overdue=1"];
    for (const query of queries) {
      const answer = await threadRead(officer, query);
      expect(answer, query).toEqual(queueView(db, readOf(officer, query)));
      expect(asShown(answer!), query).toEqual(hereRead(officer, query));
    }
    // Not an empty agreement: the office's open cases are there, written as rows.
    const page = (await threadRead(officer, ""))!;
    expect(page.rows.ids.length).toBeGreaterThan(0);
    expect(page.total).toBe(page.rows.ids.length);
    const first = listQueue(db, officer, filtersOf(""), now).rows[0]!;
    expect(page.rows.starts[0]).toContain(`name="caseId" value="${first.id}"`);
    expect(page.rows.ends[0]).toContain(`<a href="/office/cases/${first.id}">`);
    expect(caller.answered).toBe(queries.length + 1);
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("writes the rows escaped, and they are ticked where the page says, without their data", async () => {
    const first = listQueue(db, officer, filtersOf(""), now).rows[0]!;
    const title = db.select({ title: projects.title }).from(projects).innerJoin(cases, eq(cases.projectId, projects.id)).where(eq(cases.id, first.id)).get()!.title;
    db.update(projects).set({ title: `<img src=x onerror=alert(1)> & "more"` }).where(eq(projects.id, db.select({ id: cases.projectId }).from(cases).where(eq(cases.id, first.id)).get()!.id)).run();
    try {
      const page = (await threadRead(officer, ""))!;
      const markup = queueRowsFrom(page.rows, new Set([first.id])).__html;
      expect(markup).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;");
      expect(markup).not.toContain("<img");
      expect(markup).toContain(`name="caseId" value="${first.id}" checked=""/>`);
      expect(markup.match(/checked=""/g)).toHaveLength(1);
      expect(markup).toBe(queueRowsHtml(listQueue(db, officer, filtersOf(""), now).rows, now.getTime(), new Set([first.id])).__html);
    } finally {
      db.update(projects).set({ title }).where(eq(projects.title, `<img src=x onerror=alert(1)> & "more"`)).run();
    }
  });

  test("sees a change as soon as it is committed on the server's connection", async () => {
    const first = listQueue(db, officer, filtersOf(""), now).rows[0]!;
    expect(first.assigneeName).toBeNull();
    expect(queueRowsFrom((await threadRead(officer, ""))!.rows).__html).not.toContain(officer.name);
    const result = bulkUpdate(db, officer, [first.id], { assigneeId: officer.userId });
    expect(result.changed).toBe(1);
    expect(queueRowsFrom((await threadRead(officer, ""))!.rows).__html).toContain(`<td>${officer.name}</td>`);
    // And the filter for one's own cases finds it at once.
    expect((await threadRead(officer, "assignee=me"))!.rows.ids).toContain(first.id);
  });

  test("refuses what reading here refuses, and says why", async () => {
    const researcher = actorFor(db, DEMO_ACCOUNTS.researcher);
    expect(await threadRead(researcher, "")).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(() => listQueue(db, researcher, filtersOf(""), now)).toThrow(errors[0]!);
    // One refused call does not stop the thread.
    expect(await threadRead(officer, "")).toBeDefined();
    expect(failures).toEqual([]);
  });

  test("is where readQueueView reads, for the database it was given, and only that one", async () => {
    readQueueThrough({ database: db, read: (request) => caller.call(request) });
    const before = caller.answered;
    const filters = filtersOf("sort=updated");
    expect(await readQueueView(db, officer, filters, now)).toEqual(queueView(db, readOf(officer, "sort=updated")));
    expect(caller.answered).toBe(before + 1);

    // Another connection (another database, as far as the thread knows) is read here.
    const other = openDatabase(databasePath);
    try {
      expect(await readQueueView(other, officer, filters, now)).toEqual(queueView(db, readOf(officer, "sort=updated")));
      expect(caller.answered).toBe(before + 1);
    } finally {
      other.$client.close();
    }
  });
});

describe("when the reading thread is gone", () => {
  test("every call answers undefined at once, the failure is told once, and readQueueView reads here", async () => {
    await worker.terminate();
    expect(await caller.call({ actor: officer, filters: filtersOf(""), now: now.getTime() })).toBeUndefined();
    expect(await caller.call({ actor: officer, filters: filtersOf(""), now: now.getTime() })).toBeUndefined();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/exited|ended/);
    // Still registered for this database, the dead thread gives way to reading here.
    const page = await readQueueView(db, officer, filtersOf("assignee=me"), now);
    expect(page).toEqual(queueView(db, readOf(officer, "assignee=me")));
    const assigned = db.select({ id: cases.id }).from(cases).where(and(eq(cases.assigneeId, officer.userId), eq(cases.isOpen, 1))).all();
    expect(assigned.length).toBeGreaterThan(0);
    expect([...page.rows.ids].sort()).toEqual(assigned.map((a) => a.id).sort());
  });
});

describe("the asynchronous channel", () => {
  // Small threads written here; each answers through the same envelope as answerCalls.
  const thread = (source: string) => new Worker(`const { parentPort } = require("node:worker_threads");\n${source}`, { eval: true });

  test("gives each call its own answer when the thread answers out of order", async () => {
    const w = thread(`const held = [];
      parentPort.on("message", ({ id, request }) => {
        held.push({ id, request });
        if (held.length === 2) for (const m of held.reverse()) parentPort.postMessage({ id: m.id, response: m.request * 10 });
      });`);
    const seen: string[] = [];
    const c = asyncCaller<number, number>(w, { timeoutMs: 10_000, onFailure: (r) => seen.push(r), onError: (m) => seen.push(m) });
    try {
      expect(await Promise.all([c.call(1), c.call(2)])).toEqual([10, 20]);
      expect(c.answered).toBe(2);
      expect(seen).toEqual([]);
    } finally {
      await w.terminate();
    }
  });

  test("answers undefined for an error, and goes on answering", async () => {
    const w = thread(`parentPort.on("message", ({ id, request }) => parentPort.postMessage(request < 0 ? { id, error: "no negative numbers" } : { id, response: request + 1 }));`);
    const errorsSeen: string[] = [];
    const failuresSeen: string[] = [];
    const c = asyncCaller<number, number>(w, { timeoutMs: 10_000, onFailure: (r) => failuresSeen.push(r), onError: (m) => errorsSeen.push(m) });
    try {
      expect(await c.call(-1)).toBeUndefined();
      expect(await c.call(1)).toBe(2);
      expect(errorsSeen).toEqual(["no negative numbers"]);
      expect(failuresSeen).toEqual([]);
    } finally {
      await w.terminate();
    }
  });

  test("gives up on a silent thread after the timeout, for that call and every later one", async () => {
    const w = thread(`parentPort.on("message", () => {});`);
    const failuresSeen: string[] = [];
    const c = asyncCaller<number, number>(w, { timeoutMs: 200, onFailure: (r) => failuresSeen.push(r), onError: () => {} });
    try {
      const pending = [c.call(1), c.call(2)];
      expect(await Promise.all(pending)).toEqual([undefined, undefined]);
      expect(failuresSeen).toEqual(["no answer within 200 ms"]);
      expect(await c.call(3)).toBeUndefined();
      expect(failuresSeen).toHaveLength(1);
    } finally {
      await w.terminate();
    }
  });
});
