// Owns the triage queue. A change to a project (a submitted assessment, new partners, a new
// readiness level) queues the project in the change's own transaction; triage then runs for
// everything queued, in one transaction that also takes the projects off the queue. The change
// is never stored without its triage being due, and a crash between the two loses nothing: the
// queue is still there when the server starts again.
//
// When triage runs is the caller's choice (docs/decisions/016-triage-queued-with-the-change.md):
// commands and tests triage at once, after the change commits; the running portal registers
// `triageInBatches`, and one run a moment later covers every change made meanwhile, so a burst
// of submissions shares one transaction and one write to disk.
import type { Statement } from "better-sqlite3";
import { storageFault } from "../../../db/client.server";
import { preparedOnce, type Db } from "../db.server";
import { triageProjects } from "./triage.server";

/** Projects triaged in one transaction; a larger queue is taken in several. */
const BATCH = 500;

/**
 * Queues projects for triage. Call it inside the transaction that changes them, then
 * `triageQueued` once that transaction has committed.
 */
export function queueTriage(database: Db, projectIds: number[], now = new Date()) {
  const insert = preparedOnce(database, "triage-queue.insert", () =>
    database.$client.prepare("insert into triage_queue (project_id, queued_at) values (?, ?) on conflict (project_id) do nothing"),
  );
  for (const id of projectIds) insert.run(id, now.getTime());
}

const later = new WeakMap<Db, () => void>();

/** Triage for what is queued: at once, or in the server's next batch when it registered one. */
export function triageQueued(database: Db) {
  const schedule = later.get(database);
  if (schedule) schedule();
  else runQueuedTriage(database);
}

type QueueStatements = { next: Statement<[number, number], number>; remove: Statement<[number], unknown>; count: Statement<[], number> };

function statements(database: Db): QueueStatements {
  const sqlite = database.$client;
  return preparedOnce(database, "triage-queue.run", () => ({
    next: sqlite.prepare<[number, number], number>("select project_id from triage_queue where project_id > ? order by project_id limit ?").pluck(),
    remove: sqlite.prepare<[number], unknown>("delete from triage_queue where project_id = ?"),
    count: sqlite.prepare<[], number>("select count(*) from triage_queue").pluck(),
  }));
}

export type QueueRun = { triaged: number; failed: number };

/**
 * Triages every queued project and takes it off the queue, in transactions of up to `BATCH`
 * projects. A batch that fails is retried project by project, so that one project whose triage
 * fails (logged, and left queued for the next run) does not hold up the others; when the
 * storage itself fails (a full disk, a read-only file), the run stops with one line instead.
 * Never throws for a project's triage; the queue is walked once, so a failing project is not
 * retried in the same run.
 */
export function runQueuedTriage(database: Db, log: (line: string) => void = console.error): QueueRun {
  const { next, remove, count } = statements(database);
  const triage = (ids: number[]) =>
    database.transaction(() => {
      triageProjects(database, ids, new Date());
      for (const id of ids) remove.run(id);
    });
  const run: QueueRun = { triaged: 0, failed: 0 };
  let after = 0;
  for (;;) {
    const ids = next.all(after, BATCH);
    if (ids.length === 0) return run;
    after = ids[ids.length - 1]!;
    try {
      triage(ids);
      run.triaged += ids.length;
    } catch (error) {
      const fault = storageFault(error);
      if (fault) {
        const left = count.get()!;
        log(`Triage could not run because ${fault.reason} (${fault.code}); ${left} project(s) stay queued for the next run.`);
        run.failed += left;
        return run;
      }
      for (const id of ids) {
        try {
          triage([id]);
          run.triaged++;
        } catch (error) {
          run.failed++;
          log(`Triage of project ${id} failed, and it stays queued for the next run: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
}

/**
 * For the running server: queued triage runs `delayMs` after the first change that queued it,
 * for every change made meanwhile, and `afterRun` learns how many projects it triaged (to send
 * the e-mail triage queued). `kick` starts a run (at start-up, and on an interval to retry
 * failures); `stop` runs what is still queued and goes back to triaging at once.
 */
export function triageInBatches(database: Db, options: { delayMs: number; afterRun?: (run: QueueRun) => void; log?: (line: string) => void }) {
  const log = options.log ?? console.error;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    try {
      const result = runQueuedTriage(database, log);
      if (result.triaged > 0) options.afterRun?.(result);
    } catch (error) {
      log(`Running the triage queue failed, and it is tried again later: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const kick = () => {
    if (timer !== undefined) return;
    timer = setTimeout(run, options.delayMs);
    timer.unref();
  };
  later.set(database, kick);
  return {
    kick,
    stop() {
      later.delete(database);
      clearTimeout(timer);
      run();
    },
  };
}
