// A crash in the middle of writing: the server is killed with SIGKILL while researchers register
// projects, save answers and submit self-assessments and officers move cases and write case
// notes, then started again on the same file. The database must be intact and hold every change the server had
// acknowledged before it died, and every acknowledged submission must get its triage.
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { assessments, caseEvents, cases, projects } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { startAssessment } from "../../app/modules/assessment/assessments.server";
import { openCaseOfProject } from "../../app/modules/cases/cases.server";
import { actorFor, answerAndSubmit, answerEverything, DEMO_PASSWORD, ensureProject, SURVEILLANCE_ANSWERS } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const RESEARCHER = "researcher@demo-university.example";
const OFFICER = "officer@demo-university.example";
/** The server is killed once this many writes have been acknowledged, with more in flight. */
const KILL_AFTER = 60;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

/**
 * A writer that keeps sending one kind of change, each with a unique marker, until the server
 * stops answering (or it has sent `last`).
 */
type Writer = { name: string; send: (i: number) => Promise<Response>; acknowledged: (response: Response) => boolean; record: (i: number, response: Response) => void; last?: number };

describe("killing the server in the middle of writes", () => {
  test("after a restart the database is intact and every acknowledged write is there", { timeout: 120_000 }, async () => {
    const researcher = new Client(server.url);
    await researcher.login(RESEARCHER, DEMO_PASSWORD);
    const officer = new Client(server.url);
    await officer.login(OFFICER, DEMO_PASSWORD);

    // Three drafts whose self-assessment is saved over and over, and a case that collects notes.
    const drafts: number[] = [];
    for (const n of [1, 2, 3]) {
      const project = await ensureProject(server.db, { ownerEmail: RESEARCHER, title: `Crash test draft ${n}` });
      startAssessment(server.db, actorFor(server.db, RESEARCHER), project.id);
      drafts.push(project.id);
    }
    // Projects whose self-assessment is answered and waits to be submitted, one per submission.
    const ready: number[] = [];
    for (let n = 1; n <= 30; n++) {
      const project = await ensureProject(server.db, { ownerEmail: RESEARCHER, title: `Crash test submission ${n}` });
      answerEverything(server.db, actorFor(server.db, RESEARCHER), project.id, SURVEILLANCE_ANSWERS);
      ready.push(project.id);
    }
    // Cases from real submissions, so that the triage the submissions cause keeps them open: one
    // collects notes, the other is moved back and forth between "new" and "in review".
    const realCase = async (title: string) => {
      const project = await ensureProject(server.db, { ownerEmail: RESEARCHER, title });
      answerAndSubmit(server.db, actorFor(server.db, RESEARCHER), project.id, SURVEILLANCE_ANSWERS);
      return openCaseOfProject(server.db, project.institutionId, project.id)!.id;
    };
    const caseId = await realCase("Crash test flagged project");
    const moving = await realCase("Crash test moving case");
    const target = (i: number) => (i % 2 === 1 ? "in_review" : "new");

    const registered: { title: string; location: string }[] = [];
    const notes: string[] = [];
    const submitted: number[] = [];
    let lastMove = 0;
    /** Per draft, the number of the last save the server acknowledged. */
    const lastSave = new Map<number, number>();
    const refused: string[] = [];
    let acknowledgedCount = 0;
    let killed = false;
    let reachedKillPoint: () => void = () => {};
    const killPoint = new Promise<void>((resolve) => (reachedKillPoint = resolve));

    const writers: Writer[] = [
      ...[1, 2, 3].map((w) => ({
        name: `register-${w}`,
        send: (i: number) =>
          researcher.post("/projects/new", [
            ["title", `Crash test project r${w}-${i}`],
            ["summary", "A project registered while the server was about to be killed."],
            ["field", "Fault tolerance"],
            ["technologyAreas", "pure-mathematics"],
            ["trl", "1"],
            ["startDate", ""],
            ["endDate", ""],
          ]),
        acknowledged(response: Response) {
          return response.status === 302 && /^\/projects\/\d+$/.test(response.headers.get("Location") ?? "");
        },
        record: (i: number, response: Response) => registered.push({ title: `Crash test project r${w}-${i}`, location: response.headers.get("Location")! }),
      })),
      ...[1, 2].map((w) => ({
        name: `note-${w}`,
        send: (i: number) => officer.post(`/office/cases/${caseId}`, { intent: "note", note: `Crash test note n${w}-${i}` }),
        acknowledged(response: Response) {
          return response.status === 302 && response.headers.get("Location") === `/office/cases/${caseId}`;
        },
        record: (i: number) => notes.push(`Crash test note n${w}-${i}`),
      })),
      {
        name: "submit",
        send: (i: number) => researcher.post(`/projects/${ready[i - 1]}/assessment/review`),
        acknowledged(response: Response) {
          return response.status === 302 && /^\/projects\/\d+\/assessments\/\d+$/.test(response.headers.get("Location") ?? "");
        },
        record: (i: number) => submitted.push(ready[i - 1]!),
        last: ready.length,
      },
      {
        name: "move",
        send: (i: number) => officer.post(`/office/cases/${moving}`, { intent: "move", to: target(i) }),
        acknowledged(response: Response) {
          return response.status === 302 && response.headers.get("Location") === `/office/cases/${moving}`;
        },
        record: (i: number) => (lastMove = i),
      },
      ...drafts.map((projectId) => ({
        name: `save-${projectId}`,
        send: (i: number) =>
          researcher.post(`/projects/${projectId}/assessment/about-the-work`, { "research-type": "basic", "beneficial-potential": `Crash test save s${projectId}-${i}`, intent: "save-exit" }),
        acknowledged(response: Response) {
          return response.status === 302 && response.headers.get("Location") === `/projects/${projectId}`;
        },
        record: (i: number) => lastSave.set(projectId, i),
      })),
    ];

    async function run(writer: Writer) {
      for (let i = 1; !killed && i <= (writer.last ?? Infinity); i++) {
        let response: Response;
        try {
          response = await writer.send(i);
          await response.arrayBuffer();
        } catch {
          return; // the server is gone: this write was never acknowledged
        }
        if (!writer.acknowledged(response)) {
          if (!killed) refused.push(`${writer.name} #${i}: ${response.status}`);
          continue;
        }
        writer.record(i, response);
        if (++acknowledgedCount === KILL_AFTER) reachedKillPoint();
      }
    }

    const running = writers.map(run);
    await killPoint;
    killed = true;
    await server.kill("SIGKILL");
    await Promise.all(running);
    expect(refused).toEqual([]);
    expect(acknowledgedCount).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(submitted.length).toBeGreaterThan(0);

    // A real crash leaves nobody holding the file: close the test's own connection too, so the
    // restarted server has to recover the write-ahead log by itself.
    server.db.$client.close();
    await server.restart();
    const db = openDatabase(server.databasePath, { migrate: false });
    try {
      expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.$client.pragma("foreign_key_check")).toEqual([]);

      const titles = new Set(db.select({ title: projects.title }).from(projects).where(like(projects.title, "Crash test project %")).all().map((p) => p.title));
      expect(registered.map((r) => r.title).filter((title) => !titles.has(title))).toEqual([]);

      const bodies = new Set(db.select({ body: caseEvents.body }).from(caseEvents).where(eq(caseEvents.caseId, caseId)).all().map((e) => e.body));
      expect(notes.filter((note) => !bodies.has(note))).toEqual([]);

      // A save overwrites the one before, so each draft holds its last acknowledged save or a later one.
      for (const [projectId, acknowledged] of lastSave) {
        const answers = db.select({ answers: assessments.answers }).from(assessments).where(eq(assessments.projectId, projectId)).get()!.answers as Record<string, string>;
        const saved = Number(/^Crash test save s\d+-(\d+)$/.exec(answers["beneficial-potential"] ?? "")?.[1] ?? 0);
        expect(saved, `draft ${projectId}`).toBeGreaterThanOrEqual(acknowledged);
      }

      // The moving case is where its last acknowledged transition put it, or one further (a
      // transition the server made but could not answer); each transition left its timeline row.
      expect(lastMove).toBeGreaterThan(0);
      const status = db.select({ status: cases.status }).from(cases).where(eq(cases.id, moving)).get()!.status;
      const moves = db.select({ id: caseEvents.id }).from(caseEvents).where(and(eq(caseEvents.caseId, moving), eq(caseEvents.kind, "status_changed"))).all().length;
      expect(moves === lastMove || moves === lastMove + 1, `${moves} transitions stored, ${lastMove} acknowledged`).toBe(true);
      expect(status).toBe(target(moves));

      // Every acknowledged submission is stored, and its triage (queued with it) runs, if the
      // crash came first, once the server is back: each has its case.
      const stored = db.select({ projectId: assessments.projectId }).from(assessments).where(and(inArray(assessments.projectId, submitted), eq(assessments.status, "submitted"))).all();
      expect(stored.map((a) => a.projectId).sort((a, b) => a - b)).toEqual([...submitted].sort((a, b) => a - b));
      const queued = db.$client.prepare("select count(*) from triage_queue").pluck();
      for (const until = Date.now() + 10_000; (queued.get() as number) > 0 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(queued.get()).toBe(0);
      const withCase = new Set(db.select({ projectId: cases.projectId }).from(cases).where(and(inArray(cases.projectId, submitted), eq(cases.isOpen, 1))).all().map((c) => c.projectId));
      expect(submitted.filter((id) => !withCase.has(id))).toEqual([]);
    } finally {
      db.$client.close();
    }

    // The restarted portal serves the same people the same data; their sessions survived.
    const last = registered.at(-1)!;
    const page = await researcher.get(last.location);
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain(last.title);
    expect((await officer.get(`/office/cases/${caseId}`)).status).toBe(200);
  });
});
