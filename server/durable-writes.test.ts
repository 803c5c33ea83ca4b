// Answers that follow a change wait until the write-ahead log is on disk; syncs are shared.
import express from "express";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import Database from "better-sqlite3";
import { applyPragmas } from "../db/client.server";
import { durableAnswers, holdUntilDurable, syncFile, walSync } from "./durable-writes";

/** A sync that settles when the test says so, recording each call. */
function controlledSync() {
  const calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const sync = (_path: string) => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, sync };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

/** A walSync over a change count the test sets, with a controlled sync. */
function countedWal() {
  const counter = { changes: 0 };
  const { calls, sync } = controlledSync();
  return { counter, calls, wal: walSync("db-wal", () => counter.changes, sync) };
}

describe("walSync", () => {
  test("nothing to sync until something changes", () => {
    const { calls, sync } = controlledSync();
    const wal = walSync("db-wal", () => 7, sync);
    expect(wal.durable()).toBeNull();
    expect(calls).toHaveLength(0);
  });

  test("changes made before a sync starts share it; one made during it waits for the next", async () => {
    const { counter, calls, wal } = countedWal();
    counter.changes = 3;
    const first = wal.durable()!;
    expect(wal.durable()).toBe(first);
    expect(calls).toHaveLength(1);

    counter.changes = 4;
    const second = wal.durable()!;
    const third = wal.durable()!;
    expect(third).toBe(second);
    expect(calls).toHaveLength(1);
    expect(await settled(second)).toBe(false);

    calls[0]!.resolve();
    await first;
    expect(await settled(second)).toBe(false);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    await second;
    expect(wal.durable()).toBeNull();
    expect(calls).toHaveLength(2);
  });

  test("a failed sync fails its waiters, and the next change is synced again", async () => {
    const { counter, calls, wal } = countedWal();
    counter.changes = 1;
    const failing = wal.durable()!;
    calls[0]!.reject(new Error("EIO"));
    await expect(failing).rejects.toThrow("EIO");
    const retry = wal.durable()!;
    expect(retry).not.toBeNull();
    calls[1]!.resolve();
    await retry;
    expect(wal.durable()).toBeNull();
  });
});

describe("syncFile", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "upstream-sync-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("syncs a file, and treats a missing file as nothing to sync", async () => {
    const file = path.join(dir, "db-wal");
    writeFileSync(file, "frames");
    await expect(syncFile(file)).resolves.toBeUndefined();
    writeFileSync(file, "more frames", { flag: "a" });
    await expect(syncFile(file)).resolves.toBeUndefined();
    await expect(syncFile(path.join(dir, "missing-wal"))).resolves.toBeUndefined();
    await expect(syncFile(dir + "/db-wal/not-a-directory")).rejects.toThrow();
  });
});

describe("holdUntilDurable", () => {
  let changes = 0;
  let control = controlledSync();
  const logged: string[] = [];
  let url = "";
  let close = () => {};

  beforeAll(async () => {
    const app = express();
    const wal = walSync("db-wal", () => changes, (p) => control.sync(p));
    app.use(holdUntilDurable(wal, (line) => logged.push(line)));
    app.get("/read", (_req, res) => res.send("nothing changed"));
    app.post("/change", (_req, res) => {
      changes++;
      res.redirect(302, "/done");
    });
    app.post("/stream", (_req, res) => {
      changes++;
      res.setHeader("Content-Type", "text/plain");
      res.write("first ");
      res.write("second ");
      res.end("third");
    });
    const server = app.listen(0);
    await new Promise((r) => server.once("listening", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());
  afterEach(() => {
    control = controlledSync();
    logged.length = 0;
  });

  test("an answer that follows no change goes out without a sync", async () => {
    const response = await fetch(`${url}/read`);
    expect(await response.text()).toBe("nothing changed");
    expect(control.calls).toHaveLength(0);
  });

  test("an answer that follows a change waits for the sync, then goes out unaltered", async () => {
    const pending = fetch(`${url}/change`, { method: "POST", redirect: "manual" });
    expect(await settled(pending)).toBe(false);
    expect(control.calls).toHaveLength(1);
    control.calls[0]!.resolve();
    const response = await pending;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/done");
  });

  test("a body written in pieces is held whole and sent in order", async () => {
    const pending = fetch(`${url}/stream`, { method: "POST" });
    expect(await settled(pending)).toBe(false);
    control.calls[0]!.resolve();
    expect(await (await pending).text()).toBe("first second third");
  });

  test("when the sync fails, the person is told the change may not be saved, and the log says why", async () => {
    const pending = fetch(`${url}/change`, { method: "POST", redirect: "manual" });
    expect(await settled(pending)).toBe(false);
    control.calls[0]!.reject(new Error("EIO: i/o error, fdatasync"));
    const response = await pending;
    expect(response.status).toBe(503);
    expect(response.headers.get("Location")).toBeNull();
    expect(await response.text()).toContain("may not have been saved");
    expect(logged).toEqual([expect.stringContaining("EIO: i/o error, fdatasync")]);
  });
});

describe("durableAnswers on a real database", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "upstream-durable-"));
  const file = path.join(dir, "portal.db");
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  sqlite.exec("create table notes (id integer primary key, body text not null)");
  const synced: string[] = [];
  let release = () => {};
  let url = "";
  let close = () => {};

  beforeAll(async () => {
    const app = express();
    app.use(durableAnswers(sqlite, { sync: (p) => new Promise<void>((resolve) => { synced.push(p); release = resolve; }) }));
    app.get("/notes", (_req, res) => res.json(sqlite.prepare("select count(*) as n from notes").get()));
    app.post("/notes", (_req, res) => {
      sqlite.prepare("insert into notes (body) values ('kept')").run();
      res.redirect(303, "/notes");
    });
    const server = app.listen(0);
    await new Promise((r) => server.once("listening", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the connection stops waiting for the disk at each commit", () => {
    // 1 is NORMAL; every connection opens with 2 (FULL).
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(1);
  });

  test("a read is answered at once; a change only once its log is synced", async () => {
    expect(await (await fetch(`${url}/notes`)).json()).toEqual({ n: 0 });
    expect(synced).toEqual([]);
    const pending = fetch(`${url}/notes`, { method: "POST", redirect: "manual" });
    expect(await settled(pending)).toBe(false);
    expect(synced).toEqual([`${file}-wal`]);
    release();
    expect((await pending).status).toBe(303);
    expect(await (await fetch(`${url}/notes`)).json()).toEqual({ n: 1 });
    expect(synced).toHaveLength(1);
  });
});
