// The triage queue: a change is stored with its triage due, in one transaction, and triage runs
// at once (commands, tests) or in the server's next batch, for everything queued meanwhile.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { openDatabase, type Db } from "../../../db/client.server";
import { actorFor, answerEverything, ensureProject, seedDemo, SURVEILLANCE_ANSWERS } from "../../../tests/factories";
import { TMP_DIR } from "../../../tests/support/paths";
import type { Actor } from "../auth/actor";
import { submitAssessment } from "../assessment/assessments.server";
import { queueTriage, runQueuedTriage, triageInBatches, type QueueRun } from "./queue.server";

const RESEARCHER = "researcher@demo-university.example";
const SECOND_RESEARCHER = "researcher@second-university.example";

let db: Db;
let researcher: Actor;
let path: string;

beforeEach(async () => {
  path = join(mkdtempSync(join(TMP_DIR, "triage-queue-")), "test.db");
  db = openDatabase(path);
  await seedDemo(db);
  researcher = actorFor(db, RESEARCHER);
});

afterEach(() => {
  vi.useRealTimers();
  if (db.$client.open) db.$client.close();
});

const queued = () => db.$client.prepare("select project_id from triage_queue order by project_id").pluck().all() as number[];
const openCases = (projectId: number) => db.$client.prepare("select count(*) from cases where project_id = ? and is_open = 1").pluck().get(projectId) as number;
const openFlags = (projectId: number) => db.$client.prepare("select count(*) from flags where project_id = ? and status = 'open'").pluck().get(projectId) as number;
/** The officers' e-mail about the project's new case, one per officer. */
const officersMail = (projectId: number) =>
  db.$client.prepare("select count(*) from email_outbox where kind = 'case-new' and idempotency_key like 'case-new/' || (select id from cases where project_id = ?) || '/%'").pluck().get(projectId) as number;

/** A project whose self-assessment is answered to the review page (the demo researcher's, unless named). */
async function readyProject(title: string, ownerEmail = RESEARCHER) {
  const project = await ensureProject(db, { ownerEmail, title });
  answerEverything(db, actorFor(db, ownerEmail), project.id, SURVEILLANCE_ANSWERS);
  return project.id;
}

/**
 * The server's batches on this test's connection, with timers under the test's control: every
 * run's outcome and every log line are kept.
 */
function batchesUnderTest() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const runs: QueueRun[] = [];
  const lines: string[] = [];
  const batches = triageInBatches(db, { delayMs: 50, afterRun: (run) => runs.push(run), log: (line) => lines.push(line) });
  return { runs, lines, batches };
}

/** Two of the researcher's projects, submitted with the server's batches in place. */
async function twoSubmittedInBatches(title: string) {
  const first = await readyProject(`${title} one`);
  const second = await readyProject(`${title} two`);
  const under = batchesUnderTest();
  submitAssessment(db, researcher, first);
  submitAssessment(db, researcher, second);
  return { first, second, ...under };
}

describe("without the server's batches", () => {
  test("a submission is triaged as soon as it commits and leaves nothing queued", async () => {
    const projectId = await readyProject("Crowd analytics, triaged at once");
    submitAssessment(db, researcher, projectId);
    expect(openFlags(projectId)).toBeGreaterThan(0);
    expect(openCases(projectId)).toBe(1);
    expect(queued()).toEqual([]);
  });

  test("a change that rolls back queues nothing, and a project queued twice is queued once", async () => {
    const project = await ensureProject(db, { ownerEmail: RESEARCHER, title: "Queued twice" });
    expect(() =>
      db.transaction(() => {
        queueTriage(db, [project.id]);
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(queued()).toEqual([]);
    db.transaction(() => queueTriage(db, [project.id, project.id]));
    db.transaction(() => queueTriage(db, [project.id]));
    expect(queued()).toEqual([project.id]);
    expect(runQueuedTriage(db)).toEqual({ triaged: 1, failed: 0 });
    expect(queued()).toEqual([]);
  });
});

describe("in the server's batches", () => {
  test("submissions are stored with their triage due, and one run a moment later triages them all", async () => {
    const { first, second, runs, batches } = await twoSubmittedInBatches("Crowd analytics, batch");
    expect(queued()).toEqual([first, second]);
    expect(openCases(first) + openCases(second)).toBe(0);
    expect(db.$client.prepare("select status from assessments where project_id = ?").pluck().get(first)).toBe("submitted");

    vi.advanceTimersByTime(49);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([{ triaged: 2, failed: 0 }]);
    expect(queued()).toEqual([]);
    expect(openCases(first)).toBe(1);
    expect(openCases(second)).toBe(1);
    expect(officersMail(first)).toBeGreaterThan(0);
    expect(officersMail(second)).toBe(officersMail(first));
    batches.stop();
  });

  test("a project whose triage fails stays queued and is named in the log; the rest of its batch is triaged", async () => {
    // In two institutions: a small portfolio is re-triaged whole, so a project that cannot be
    // read holds up its own institution's triage, never another's.
    const broken = await readyProject("Crowd analytics, unreadable answers");
    const sound = await readyProject("Crowd analytics, sound", SECOND_RESEARCHER);
    const { runs, lines, batches } = batchesUnderTest();
    submitAssessment(db, researcher, broken);
    submitAssessment(db, actorFor(db, SECOND_RESEARCHER), sound);
    const answers = db.$client.prepare("select answers from assessments where project_id = ?").pluck().get(broken) as string;
    db.$client.prepare("update assessments set answers = '{not json' where project_id = ?").run(broken);

    vi.advanceTimersByTime(50);
    expect(runs).toEqual([{ triaged: 1, failed: 1 }]);
    expect(queued()).toEqual([broken]);
    expect(openCases(sound)).toBe(1);
    expect(openCases(broken)).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Triage of project ${broken} failed, and it stays queued for the next run: .*JSON`));

    // Mended, it is triaged at the next run.
    db.$client.prepare("update assessments set answers = ? where project_id = ?").run(answers, broken);
    batches.kick();
    vi.advanceTimersByTime(50);
    expect(runs.at(-1)).toEqual({ triaged: 1, failed: 0 });
    expect(queued()).toEqual([]);
    expect(openCases(broken)).toBe(1);
    batches.stop();
  });

  test("when the storage refuses writes, the run stops with one line and everything stays queued", async () => {
    const { first, second, lines, batches } = await twoSubmittedInBatches("Crowd analytics, disk trouble");
    // The connection may read but not write, as with a read-only file.
    db.$client.pragma("query_only = 1");
    vi.advanceTimersByTime(50);
    expect(lines).toEqual([expect.stringMatching(/^Triage could not run because .*read-only.* \(SQLITE_READONLY\); 2 project\(s\) stay queued for the next run\.$/)]);
    expect(queued()).toEqual([first, second]);
    db.$client.pragma("query_only = 0");
    batches.stop();
    expect(queued()).toEqual([]);
    expect(openCases(first)).toBe(1);
  });

  test("stopping runs what is still queued, and triage then runs at once again", async () => {
    const before = await readyProject("Crowd analytics, before the stop");
    const after = await readyProject("Crowd analytics, after the stop");
    const { batches } = batchesUnderTest();
    submitAssessment(db, researcher, before);
    expect(queued()).toEqual([before]);
    batches.stop();
    expect(queued()).toEqual([]);
    expect(openCases(before)).toBe(1);
    submitAssessment(db, researcher, after);
    expect(openCases(after)).toBe(1);
  });

  test("what a stopped server left queued is triaged by the next one, from the same file", async () => {
    const projectId = await readyProject("Crowd analytics, left queued");
    triageInBatches(db, { delayMs: 60_000 });
    submitAssessment(db, researcher, projectId);
    expect(queued()).toEqual([projectId]);
    // The process ends before its run: nothing but the file remains.
    db.$client.close();
    db = openDatabase(path);
    expect(queued()).toEqual([projectId]);
    expect(openCases(projectId)).toBe(0);
    expect(runQueuedTriage(db)).toEqual({ triaged: 1, failed: 0 });
    expect(openCases(projectId)).toBe(1);
    expect(queued()).toEqual([]);
  });
});
