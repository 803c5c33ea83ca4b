// Screening in its own thread: the built thread answers exactly what screening here answers,
// follows list imports, refuses list versions it cannot see, and when it is gone or silent the
// server screens by itself. Also the synchronous channel on its own, against small threads
// written here that answer late, wrongly or not at all.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { syncCaller } from "../../app/lib/sync-thread.server";
import { screen, type ScreeningCandidate, type ScreenQuery } from "../../app/modules/screening/match";
import {
  currentIndex,
  currentScreener,
  ensureShippedLists,
  importList,
  listsStamp,
  screenThrough,
  type ScreeningRequest,
} from "../../app/modules/screening/screening.server";
import { ROOT } from "../support/paths";
import { freshDatabasePath } from "../support/server";

const QUERIES: ScreenQuery[] = [
  { name: "Harbin Institute of Technology", country: "CN" },
  { name: "Harbin Inst. of Tech.", country: null },
  { name: "Northwestern Polytechnical University", country: "CN" },
  { name: "Northwestern University", country: "US" },
  { name: "Huawei Technologies Co., Ltd.", country: "CN" },
  { name: "Marine Research Institute", country: "NO" },
  { name: "", country: null },
];

let databasePath: string;
let db: Db;
let worker: Worker;
const failures: string[] = [];
let caller: ReturnType<typeof syncCaller<ScreeningRequest, ScreeningCandidate[][] | null>>;

const here = (queries: ScreenQuery[]) => queries.map((query) => screen(currentIndex(db), query));

beforeAll(() => {
  databasePath = freshDatabasePath();
  db = openDatabase(databasePath, { migrate: false });
  ensureShippedLists(db);
  worker = new Worker(join(ROOT, "build/server/screening-worker.js"), { env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: databasePath } });
  caller = syncCaller(worker, { timeoutMs: 120_000, onFailure: (reason) => failures.push(reason) });
});

afterAll(async () => {
  screenThrough(undefined);
  await worker?.terminate();
  db?.$client.close();
});

describe("the screening thread", () => {
  test("answers every query exactly as screening in this thread does", () => {
    const answer = caller.call({ stamp: listsStamp(db), queries: QUERIES, options: {} });
    expect(answer).toEqual(here(QUERIES));
    // Not an empty agreement: the listed university is found, and strongly.
    expect(answer![0]![0]).toMatchObject({ entryName: "Harbin Institute of Technology", level: "strong" });
    expect(caller.answered).toBe(1);
    expect(failures).toEqual([]);
  });

  test("passes the options on", () => {
    const options = { minScore: 0.3, limit: 3 };
    const answer = caller.call({ stamp: listsStamp(db), queries: QUERIES.slice(0, 3), options });
    expect(answer).toEqual(QUERIES.slice(0, 3).map((query) => screen(currentIndex(db), query, options)));
    expect(answer!.every((candidates) => candidates.length <= 3)).toBe(true);
  });

  test("answers null for list versions its database does not show", () => {
    expect(caller.call({ stamp: "ca-nro@999", queries: QUERIES, options: {} })).toBeNull();
  });

  test("is what the server's screener asks, and it follows a list import", () => {
    screenThrough((request) => caller.call(request));
    const before = caller.answered;
    const name = { name: "Imaginary Institute of Applied Mischief", country: "RU" };
    expect(currentScreener(db).screen(name).filter((c) => c.level === "strong")).toEqual([]);

    const shipped = readFileSync(join(ROOT, "content/reference/lists/ca-nro.csv"), "utf8").trimEnd();
    importList(db, { listId: "ca-nro", format: "nro-csv", text: `${shipped}\nImaginary Institute of Applied Mischief,Russia,RU,IIAM\n`, snapshotDate: "2026-11-01" });

    const after = currentScreener(db).screenMany([name, QUERIES[0]!]);
    expect(after[0]![0]).toMatchObject({ entryName: "Imaginary Institute of Applied Mischief", level: "strong" });
    expect(after).toEqual(here([name, QUERIES[0]!]));
    // Both screenings, and the re-screening the import ran, were answered by the thread.
    expect(caller.answered).toBeGreaterThanOrEqual(before + 2);
    expect(failures).toEqual([]);
  });

  test("once the thread has ended, the server screens by itself and says why", async () => {
    screenThrough((request) => caller.call(request));
    await worker.terminate();
    const answered = caller.answered;
    expect(currentScreener(db).screenMany(QUERIES)).toEqual(here(QUERIES));
    expect(caller.answered).toBe(answered);
    expect(failures).toEqual([expect.stringMatching(/ended|exited/)]);
  });
});

/** A thread written here, speaking the channel's protocol by hand. */
function threadAnswering(body: string) {
  return new Worker(
    `const { parentPort } = require("node:worker_threads");
     parentPort.once("message", ({ syncPort, flag }) => {
       const raise = () => { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
       syncPort.on("message", ({ id, request }) => { ${body} });
     });`,
    { eval: true },
  );
}

describe("the synchronous channel", () => {
  test("skips answers to other calls and returns its own", async () => {
    const thread = threadAnswering(`syncPort.postMessage({ id: id + 100, response: "stale" }); raise();
      setTimeout(() => { syncPort.postMessage({ id, response: request * 2 }); raise(); }, 50);`);
    const reasons: string[] = [];
    const channel = syncCaller<number, number>(thread, { timeoutMs: 10_000, onFailure: (reason) => reasons.push(reason) });
    expect(channel.call(21)).toBe(42);
    expect(channel.call(5)).toBe(10);
    expect(channel.answered).toBe(2);
    expect(reasons).toEqual([]);
    await thread.terminate();
  });

  test("an error in the thread fails that call only", async () => {
    const thread = threadAnswering(`syncPort.postMessage(request < 0 ? { id, error: "negative: " + request } : { id, response: request + 1 }); raise();`);
    const reasons: string[] = [];
    const channel = syncCaller<number, number>(thread, { timeoutMs: 10_000, onFailure: (reason) => reasons.push(reason) });
    expect(channel.call(-1)).toBeUndefined();
    expect(channel.call(1)).toBe(2);
    expect(reasons).toEqual(["negative: -1"]);
    await thread.terminate();
  });

  test("a silent thread times out once, and later calls do not wait", async () => {
    const thread = threadAnswering("/* never answers */");
    const reasons: string[] = [];
    const channel = syncCaller<number, number>(thread, { timeoutMs: 200, onFailure: (reason) => reasons.push(reason) });
    expect(channel.call(1)).toBeUndefined();
    expect(reasons).toEqual(["no answer within 200 ms"]);
    expect(channel.call(2)).toBeUndefined();
    expect(reasons).toHaveLength(1);
    await thread.terminate();
  });
});
