// Acknowledged writes are on disk, without the server waiting for the disk.
//
// With `synchronous = FULL` every commit waits for the write-ahead log to reach the disk, and
// better-sqlite3 waits on the server's only thread: a submission held every other request up
// for a millisecond and a half. The server's connection now commits with `synchronous = NORMAL`
// (the commit is in the log, which survives the process being killed, but not yet a power loss),
// and a response that follows a change is held back until the log has been synced by a thread of
// the pool (docs/decisions/015-durable-writes-off-the-event-loop.md). One sync covers every
// commit made before it started, so writes that arrive together share it. A response is never
// sent for a change that could still be lost; if the sync fails, the person is told the change
// may not have been saved.
import type Database from "better-sqlite3";
import type { NextFunction, Request, Response } from "express";
import { close, fdatasync, open } from "node:fs";
import { resolve } from "node:path";

export type WalSync = {
  /** How many rows the connection has changed since it opened (SQLite's total_changes()). */
  changes(): number;
  /** Settles once every change made so far is on disk; null when it already is. */
  durable(): Promise<void> | null;
};

// The log stays the same file while the server's connection is open (SQLite removes it only
// when the last connection closes), so it is opened once and kept.
const keptFiles = new Map<string, number>();

/** Syncs a file's data to disk (fdatasync); a file that does not exist holds nothing to sync. */
export function syncFile(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sync = (fd: number) =>
      fdatasync(fd, (error) => {
        if (!error) return resolve();
        // Opened afresh next time, in case the file is not the one that was kept.
        keptFiles.delete(path);
        close(fd, () => reject(error));
      });
    const kept = keptFiles.get(path);
    if (kept !== undefined) return sync(kept);
    open(path, "r", (error, fd) => {
      if (error) return error.code === "ENOENT" ? resolve() : reject(error);
      keptFiles.set(path, fd);
      sync(fd);
    });
  });
}

/**
 * Syncs of the write-ahead log at `walPath`, shared: a sync covers the changes counted when it
 * started; a change made while one runs waits for the next, which starts when it ends.
 */
export function walSync(walPath: string, totalChanges: () => number, sync: (path: string) => Promise<void> = syncFile): WalSync {
  let synced = totalChanges();
  let running: { covers: number; done: Promise<void> } | null = null;
  let queued: Promise<void> | null = null;

  const start = () => {
    const covers = totalChanges();
    const done = sync(walPath).then(
      () => {
        synced = Math.max(synced, covers);
        running = null;
      },
      (error: unknown) => {
        running = null;
        throw error;
      },
    );
    running = { covers, done };
    return done;
  };

  return {
    changes: totalChanges,
    durable() {
      const target = totalChanges();
      if (target <= synced) return null;
      if (!running) return start();
      if (running.covers >= target) return running.done;
      queued ??= running.done
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return start();
        });
      return queued;
    },
  };
}

type Call = { method: "write" | "end"; args: unknown[] };

/**
 * Express middleware: a response is sent only once every change made while its request was
 * being handled is on disk. A request that changed nothing (nor did any other meanwhile) goes
 * out at once. Its status, headers and body are held, not altered, and sent in order.
 */
export function holdUntilDurable(wal: WalSync, log: (line: string) => void = console.error) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const before = wal.changes();
    const { write, end } = res;
    let held: Call[] | null = null;
    const restore = () => {
      res.write = write;
      res.end = end;
    };
    const pass = (call: Call) => (call.method === "write" ? write.apply(res, call.args as Parameters<typeof write>) : end.apply(res, call.args as Parameters<typeof end>));
    const through = (call: Call) => {
      if (held) {
        held.push(call);
        return true;
      }
      const waiting = wal.changes() === before ? null : wal.durable();
      if (!waiting) {
        restore();
        return pass(call);
      }
      held = [call];
      waiting.then(
        () => {
          restore();
          for (const c of held!) pass(c);
        },
        (error: unknown) => {
          restore();
          log(`A change could not be synced to disk, and its answer was replaced by an error: ${error instanceof Error ? error.message : String(error)}`);
          if (res.headersSent) return void res.destroy();
          for (const name of res.getHeaderNames()) if (!["content-security-policy", "x-content-type-options", "x-frame-options"].includes(name)) res.removeHeader(name);
          res.statusCode = 503;
          res.setHeader("Content-Type", "text/plain; charset=utf-8");
          res.setHeader("Cache-Control", "no-store");
          (end as (chunk: string) => Response).call(res, "Your change may not have been saved: the server could not write it to disk. Go back, reload the page and check before trying again.");
        },
      );
      return true;
    };
    res.write = ((...args: unknown[]) => through({ method: "write", args })) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      through({ method: "end", args });
      return res;
    }) as typeof res.end;
    next();
  };
}

/**
 * The whole arrangement for one connection: it stops waiting for the disk at each commit, and
 * the middleware returned holds answers until what they follow is synced. The two go together,
 * so neither can be had without the other.
 */
export function durableAnswers(sqlite: Database.Database, options: { log?: (line: string) => void; sync?: (path: string) => Promise<void> } = {}) {
  const counter = sqlite.prepare("select total_changes() as n");
  const wal = walSync(`${resolve(sqlite.name)}-wal`, () => (counter.get() as { n: number }).n, options.sync);
  sqlite.pragma("synchronous = NORMAL");
  return holdUntilDurable(wal, options.log);
}
