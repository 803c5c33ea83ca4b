// HTTP benchmark: starts the production build (`node server.js`, NODE_ENV=production) on a
// generated data set, signs in over HTTP like a browser, and measures pages with autocannon
// (50 connections). Every target is a ratio against a baseline measured in the same run on the
// same machine, so the numbers mean the same on a laptop and on a server:
//
//   minimal page     GET /login, anonymous: a React Router page with the root layout and a
//                    loader, and no database work. (/healthz is Express alone, which says
//                    nothing about the framework's own cost per page.)
//   queue page       GET /office/cases as Benchmark University's officer: 50 rows, real data.
//   signed in        GET /forgot-password with and without a session: the one page that renders
//                    for both ("/" and /login send a signed-in person home, and /library sends
//                    an anonymous one to sign in), so the difference is the session's cost.
//   submission       POST /projects/:id/assessment/review: CSRF check, completeness check, risk
//                    profile, one transaction with the audit row and the project queued for
//                    triage. Triage (flags, the case, the officers' e-mail in the outbox) runs
//                    on the server's thread a moment later, in batches, so its cost is part of
//                    the measurement. A submission happens once per assessment, so each request
//                    submits a different complete assessment from the seed.
//   section save     POST /projects/:id/assessment/:sectionId: saving one part of the
//                    assessment (validation and one update), reported without a target.
//   latency          an open-loop load at half the minimal page's measured capacity: requests
//                    leave on a fixed schedule, from a client that makes almost no garbage of
//                    its own and runs in a thread of its own (bench/quiet-client.ts), and are
//                    timed from when they were due. Each
//                    page gets 30 s: the slowest 1 % is made by pauses of the whole machine
//                    (or of the server's collector) that come every 10 to 40 s, so a shorter
//                    run decides the ratio by which page happened to be measured when one came.
//                    A small process beside the server reports, for each page, the times the
//                    machine itself stalled during its slices, to tell those from the server's.
//
// The machine may be busy with other work, so pages compared with each other are measured in
// alternating slices (A, B, A, B, …) after waiting for the server to be idle, and the server's
// own CPU time per request is reported beside the requests per second.
// Fails (exit code 1) when any ratio misses its target. `--quick` measures 3 s per page instead
// of 10 s (30 s for latency) and skips the 1,000,000-project data set.
// Run with: npm run bench:http [-- --quick] [-- --large 1000000] [-- --latency-seconds 30]
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { quietPacedInThread } from "./quiet-client";
import { seedDataset, type SeedResult } from "./seed";

const TARGETS = {
  queueToMinimal: 0.5,
  signedInToAnonymous: 0.85,
  submissionToMinimal: 0.4,
  largeToSmall: 0.8,
  p99QueueToMinimalAtHalfLoad: 2,
  p95QueueAtHalfLoadMs: 100,
};
const CONNECTIONS = 50;
const QUEUE_ROWS = 50;
const BENCH_SECRET = "benchmark-secret-benchmark-secret-benchmark-secret";

// --- autocannon, which ships without type declarations --------------------------------------

type Histogram = { average: number; mean: number; total: number; p50: number; p90: number; p99: number; max: number };
type AutocannonResult = { requests: Histogram; latency: Histogram; duration: number; errors: number; timeouts: number; statusCodeStats: Record<string, { count: number }> };
type AutocannonRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (request: AutocannonRequest) => AutocannonRequest };
type AutocannonOptions = { url: string; connections: number; duration: number; method?: string; headers?: Record<string, string>; body?: string; requests?: AutocannonRequest[] };
type AutocannonRun = PromiseLike<AutocannonResult> & { on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => AutocannonRun;

// --- the server -----------------------------------------------------------------------------

export type Server = { url: string; child: ChildProcess; log: string };

/**
 * A copy of the production build to run from: other work on this machine may rebuild build/
 * while a benchmark runs. The sources it reads at run time (content/, db/migrations) and the
 * dependencies are linked, not copied.
 */
export function snapshotBuild(dir: string): string {
  const root = process.cwd();
  const app = path.join(dir, "app");
  mkdirSync(app, { recursive: true });
  cpSync(path.join(root, "build"), path.join(app, "build"), { recursive: true });
  for (const file of ["server.js", "package.json"]) cpSync(path.join(root, file), path.join(app, file));
  for (const link of ["node_modules", "content", "db"]) symlinkSync(path.join(root, link), path.join(app, link));
  return app;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server process's CPU time so far (user + system), in milliseconds. */
export function cpuMs(server: Server): number {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Waits until the server has finished background work (start-up, e-mail delivery). */
export async function waitForIdle(server: Server, maxMs = 15_000) {
  const until = Date.now() + maxMs;
  let last = cpuMs(server);
  while (Date.now() < until) {
    await sleep(250);
    const now = cpuMs(server);
    if (now - last <= 20) return;
    last = now;
  }
}

export async function startServer(appDir: string, dbPath: string, logDir: string): Promise<Server> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const log = path.join(logDir, `server-${port}.log`);
  const child = spawn(process.execPath, ["server.js"], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: "production", APP_ENV: "test", PORT: String(port), APP_URL: url, DATABASE_PATH: dbPath, EMAIL_TRANSPORT: "outbox", APP_SECRET: BENCH_SECRET },
    stdio: ["ignore", openSync(log, "w"), openSync(log, "a")],
  });
  const server = { url, child, log };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped during start-up:\n${readFileSync(log, "utf8")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not answer within 60 s:\n${readFileSync(log, "utf8")}`);
    await sleep(200);
  }
  // The screening index is built just after start-up; measure after it.
  await sleep(500);
  await waitForIdle(server);
  return server;
}

export async function stopServer(server: Server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await Promise.race([exited, sleep(5000)]);
  if (server.child.exitCode === null) server.child.kill("SIGKILL");
}

/** Signs in through the sign-in form, as a browser does, and returns the session cookie. */
export async function signIn(server: Server, email: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }).toString(),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("upstream_session="));
  if (response.status !== 302 || !cookie) throw new Error(`Signing in as ${email} answered ${response.status} without a session (to ${response.headers.get("location")}).`);
  return cookie.split(";")[0]!;
}

// --- measuring ------------------------------------------------------------------------------

type Target = { url: string; method?: string; headers?: Record<string, string>; body?: string; requests?: AutocannonRequest[]; expect: number };
type Load = { name: string; server: Server; target: Target };

type Measurement = {
  name: string;
  requestsPerSecond: number;
  /** The server's CPU time per request: what the page costs, whatever else the machine runs. */
  cpuMsPerRequest: number;
  latencyMs: { p50: number; p99: number };
  requests: number;
  seconds: number;
  /** Requests per second in each round, for ratios taken round by round. */
  rounds: number[];
  statusCodes: Record<string, number>;
};

const percentile = (sorted: number[], q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));

async function slice(load: Load, seconds: number, latencies?: number[]) {
  // autocannon takes an option given as undefined for a value, so only set ones are passed.
  const options: AutocannonOptions = { url: load.target.url, connections: CONNECTIONS, duration: seconds };
  if (load.target.method) options.method = load.target.method;
  if (load.target.headers) options.headers = load.target.headers;
  if (load.target.body) options.body = load.target.body;
  if (load.target.requests) options.requests = load.target.requests;
  const run = autocannon(options);
  if (latencies) run.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await run;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const unexpected = Object.keys(statusCodes).filter((code) => Number(code) !== load.target.expect);
  if (unexpected.length > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${load.name}: expected only ${load.target.expect} answers, got ${JSON.stringify(statusCodes)}, ${result.errors} errors and ${result.timeouts} timeouts.`);
  }
  return { requests: result.requests.total, seconds: result.duration, statusCodes };
}

/**
 * Measures loads in alternating slices, so that a change in the machine's other work affects
 * them alike; each slice starts with the server idle. Each load gets `seconds` in all.
 */
async function alternate(loads: Load[], seconds: number, sliceSeconds: number, warmupSeconds: number): Promise<Measurement[]> {
  for (const load of loads) {
    await waitForIdle(load.server);
    await slice(load, warmupSeconds);
  }
  const totals = loads.map(() => ({ requests: 0, seconds: 0, cpuMs: 0, rounds: [] as number[], latencies: [] as number[], statusCodes: {} as Record<string, number> }));
  const rounds = Math.max(1, Math.round(seconds / sliceSeconds));
  for (let round = 0; round < rounds; round++) {
    for (const [i, load] of loads.entries()) {
      await waitForIdle(load.server);
      const total = totals[i]!;
      const before = cpuMs(load.server);
      const result = await slice(load, sliceSeconds, total.latencies);
      total.cpuMs += cpuMs(load.server) - before;
      total.requests += result.requests;
      total.seconds += result.seconds;
      total.rounds.push(result.requests / result.seconds);
      for (const [code, count] of Object.entries(result.statusCodes)) total.statusCodes[code] = (total.statusCodes[code] ?? 0) + count;
    }
  }
  return loads.map((load, i) => {
    const total = totals[i]!;
    const sorted = total.latencies.sort((a, b) => a - b);
    const measurement = {
      name: load.name,
      requestsPerSecond: Math.round(total.requests / total.seconds),
      cpuMsPerRequest: Number((total.cpuMs / total.requests).toFixed(2)),
      latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) },
      requests: total.requests,
      seconds: total.seconds,
      rounds: total.rounds.map((r) => Math.round(r)),
      statusCodes: total.statusCodes,
    };
    console.log(`  ${load.name.padEnd(46)} ${String(measurement.requestsPerSecond).padStart(6)} req/s  ${measurement.cpuMsPerRequest.toFixed(2).padStart(6)} ms CPU/request   p50 ${measurement.latencyMs.p50} ms  p99 ${measurement.latencyMs.p99} ms`);
    return measurement;
  });
}

type PacedLoad = { name: string; server: Server; url: string; headers: Record<string, string> };
type MachineStalls = { count: number; longestMs: number };
type PacedResult = { name: string; ratePerSecond: number; sent: number; latencyMs: { p50: number; p95: number; p99: number; max: number }; statusCodes: Record<string, number>; machineStalls: MachineStalls };

const STALL_MS = 20;

/**
 * A small process beside the server that wakes every millisecond and notes each time it woke more
 * than STALL_MS late, with the time. It does almost nothing, so when it is held up the whole
 * machine was (other work on the host, the hypervisor), not the server: the latency measurement
 * reports such stalls for the slices of each page, to tell a slow server from a stalled machine.
 */
function startStallProbe() {
  const source = `let last = Date.now(); setInterval(() => { const now = Date.now(); if (now - last > ${STALL_MS + 1}) process.stdout.write(last + " " + (now - last - 1) + "\\n"); last = now; }, 1);`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return {
    /** The stalls seen, as [when it began (epoch ms), how long it lasted (ms)]. */
    async stop(): Promise<[number, number][]> {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
      return output
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ").map(Number) as [number, number]);
    },
  };
}

/**
 * An open-loop load: `rate` requests a second on a fixed schedule over 50 keep-alive
 * connections, each timed from the moment it was due, so a slow answer cannot hide the
 * requests queued behind it. (autocannon's own rate limit sends each connection's quota for
 * the second in one burst, which is a full load for part of every second, not a steady one.)
 * The client is one that makes almost no garbage (bench/quiet-client.ts), in a thread of its own:
 * Node's own client, and then this process's collections, paused it often enough to be counted
 * against the page it measured.
 */
async function pacedSlice(load: PacedLoad, rate: number, seconds: number, latencies: number[], statusCodes: Record<string, number>) {
  const run = await quietPacedInThread({ url: load.url, headers: load.headers }, rate, seconds, CONNECTIONS);
  for (let i = 0; i < run.status.length; i++) {
    latencies.push(run.latencyMs[i]!);
    statusCodes[run.status[i]!] = (statusCodes[run.status[i]!] ?? 0) + 1;
  }
  return run.status.length;
}

async function alternatePaced(loads: PacedLoad[], rate: number, seconds: number, sliceSeconds: number, warmupSeconds: number): Promise<PacedResult[]> {
  for (const load of loads) await pacedSlice(load, rate, warmupSeconds, [], {});
  const totals = loads.map(() => ({ sent: 0, latencies: [] as number[], statusCodes: {} as Record<string, number>, slices: [] as [number, number][] }));
  const rounds = Math.max(1, Math.round(seconds / sliceSeconds));
  const probe = startStallProbe();
  for (let round = 0; round < rounds; round++) {
    for (const [i, load] of loads.entries()) {
      await waitForIdle(load.server);
      const began = Date.now();
      totals[i]!.sent += await pacedSlice(load, rate, sliceSeconds, totals[i]!.latencies, totals[i]!.statusCodes);
      totals[i]!.slices.push([began, Date.now()]);
    }
  }
  const stalls = await probe.stop();
  return loads.map((load, i) => {
    const total = totals[i]!;
    const sorted = total.latencies.sort((a, b) => a - b);
    const own = stalls.filter(([at, ms]) => total.slices.some(([from, to]) => at < to && at + ms > from));
    const machineStalls = { count: own.length, longestMs: Math.max(0, ...own.map(([, ms]) => ms)) };
    const result = { name: load.name, ratePerSecond: rate, sent: total.sent, latencyMs: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) }, statusCodes: total.statusCodes, machineStalls };
    const stalled = machineStalls.count ? `machine stalled ${machineStalls.count}× (longest ${machineStalls.longestMs} ms)` : `machine never stalled > ${STALL_MS} ms`;
    console.log(`  ${load.name.padEnd(46)} ${String(rate).padStart(6)} req/s   p50 ${result.latencyMs.p50} ms  p95 ${result.latencyMs.p95} ms  p99 ${result.latencyMs.p99} ms   (${stalled})`);
    if (Object.keys(total.statusCodes).some((code) => code !== "200")) throw new Error(`${load.name}: expected only 200 answers, got ${JSON.stringify(total.statusCodes)}.`);
    return result;
  });
}

// --- the run --------------------------------------------------------------------------------

async function main() {
  const QUICK = process.argv.includes("--quick");
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const SMALL = arg("projects", 10_000);
  const LARGE = QUICK ? 0 : arg("large", 1_000_000);
  const SECONDS = arg("seconds", QUICK ? 3 : 10);
  const LATENCY_SECONDS = arg("latency-seconds", QUICK ? 3 : 30);
  const SLICE = 1;
  const WARMUP = QUICK ? 1 : 2;

  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), "upstream-bench-http-"));
  const servers: Server[] = [];
  process.on("exit", () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  const appDir = snapshotBuild(dir);
  const boot = async (dbPath: string) => {
    const server = await startServer(appDir, dbPath, dir);
    servers.push(server);
    return server;
  };

  const seed = async (projects: number, readyAssessments: number): Promise<SeedResult> => {
    const result = await seedDataset(path.join(dir, `bench-${projects}.db`), { projects, readyAssessments });
    console.log(
      `Seeded ${result.counts.projects.toLocaleString("en")} projects in ${result.seconds.toFixed(1)} s: ${result.counts.cases.toLocaleString("en")} cases; Benchmark University has ${result.counts.benchmarkProjects.toLocaleString("en")} projects and ${result.counts.benchmarkOpenCases.toLocaleString("en")} open cases.`,
    );
    return result;
  };
  const checkQueuePage = async (server: Server, cookie: string, label: string) => {
    const html = await (await fetch(`${server.url}/office/cases`, { headers: { Cookie: cookie } })).text();
    const rows = html.match(/name="caseId"/g)?.length ?? 0;
    if (rows !== QUEUE_ROWS) throw new Error(`${label}: the queue page shows ${rows} rows, not ${QUEUE_ROWS}.`);
  };

  // Enough complete assessments for every submission request of the run, warm-up included, with
  // room for a faster server: at about 800 submissions a second, 10,000 ran out.
  const READY = QUICK ? 5_000 : 16_000;
  const small = await seed(SMALL, READY);
  const server = await boot(small.dbPath);
  const officer = await signIn(server, small.accounts.officer, small.password);
  const researcher = await signIn(server, small.accounts.researcher, small.password);
  const submitter = await signIn(server, small.accounts.submitter, small.password);
  await checkQueuePage(server, officer, `${SMALL} projects`);
  const form = { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" };
  const { sectionSave } = small.fixtures;

  console.log(`\nThroughput: ${CONNECTIONS} connections, ${SECONDS} s per page in alternating ${SLICE} s slices, after ${WARMUP} s of warm-up:`);
  const [minimal, queue, anonymous, signedIn, sectionSaveResult] = (await alternate(
    [
      { name: "minimal page: GET /login, anonymous", server, target: { url: `${server.url}/login`, expect: 200 } },
      { name: `queue page, ${SMALL.toLocaleString("en")} projects`, server, target: { url: `${server.url}/office/cases`, headers: { Cookie: officer }, expect: 200 } },
      { name: "GET /forgot-password, anonymous", server, target: { url: `${server.url}/forgot-password`, expect: 200 } },
      { name: "GET /forgot-password, signed in", server, target: { url: `${server.url}/forgot-password`, headers: { Cookie: researcher }, expect: 200 } },
      {
        name: `section save: POST …/assessment/${sectionSave.sectionId}`,
        server,
        target: { url: `${server.url}/projects/${sectionSave.projectId}/assessment/${sectionSave.sectionId}`, method: "POST", headers: { Cookie: researcher, ...form }, body: new URLSearchParams(sectionSave.form).toString(), expect: 302 },
      },
    ],
    SECONDS,
    SLICE,
    WARMUP,
  )) as [Measurement, Measurement, Measurement, Measurement, Measurement];

  const halfRate = Math.max(1, Math.round(minimal.requestsPerSecond / 2));
  console.log(`\nLatency at half the minimal page's capacity: ${halfRate} req/s on a fixed schedule, ${LATENCY_SECONDS} s per page in alternating slices:`);
  const [minimalPaced, queuePaced] = (await alternatePaced(
    [
      { name: "minimal page", server, url: `${server.url}/login`, headers: {} },
      { name: "queue page", server, url: `${server.url}/office/cases`, headers: { Cookie: officer } },
    ],
    halfRate,
    LATENCY_SECONDS,
    SLICE,
    WARMUP,
  )) as [PacedResult, PacedResult];

  // Submissions add flags, cases and e-mail (to the submitter's own institution, not to the
  // queue measured above), and each request uses up one prepared assessment.
  console.log("\nSubmission, alternating with the minimal page:");
  const ready = small.fixtures.readyProjectIds;
  let next = 0;
  const [minimalAgain, submission] = (await alternate(
    [
      { name: "minimal page: GET /login, anonymous", server, target: { url: `${server.url}/login`, expect: 200 } },
      {
        name: "submission: POST …/assessment/review",
        server,
        target: {
          url: `${server.url}/projects/${ready[0]}/assessment/review`,
          headers: { Cookie: submitter, ...form },
          requests: [{ method: "POST", body: "intent=submit", setupRequest: (request) => ({ ...request, path: `/projects/${ready[Math.min(next++, ready.length - 1)]}/assessment/review` }) }],
          expect: 302,
        },
      },
    ],
    SECONDS,
    SLICE,
    WARMUP,
  )) as [Measurement, Measurement];
  if (next > ready.length) throw new Error(`The run needed ${next} complete assessments; the seed prepared ${ready.length}.`);
  const { default: Database } = await import("better-sqlite3");
  const check = new Database(small.dbPath, { readonly: true });
  // Triage follows the submissions a moment later (docs/decisions/016-triage-queued-with-the-change.md).
  const queued = check.prepare("select count(*) from triage_queue").pluck();
  for (const until = Date.now() + 15_000; (queued.get() as number) > 0 && Date.now() < until; ) await sleep(100);
  const sideEffects = check.prepare("select (select count(*) from audit_events where action = 'assessment.submit') as audited, (select count(*) from email_outbox) as emails").get() as { audited: number; emails: number };
  check.close();
  console.log(`  (${sideEffects.audited.toLocaleString("en")} submissions audited, ${sideEffects.emails.toLocaleString("en")} e-mails in the outbox)`);

  let large: { seed: SeedResult; small: Measurement; large: Measurement } | null = null;
  if (LARGE > 0) {
    console.log("");
    const seeded = await seed(LARGE, 0);
    const bigServer = await boot(seeded.dbPath);
    const bigOfficer = await signIn(bigServer, seeded.accounts.officer, seeded.password);
    await checkQueuePage(bigServer, bigOfficer, `${LARGE} projects`);
    console.log(`The queue page on both data sets, alternating:`);
    const [smallQueue, bigQueue] = (await alternate(
      [
        { name: `queue page, ${SMALL.toLocaleString("en")} projects`, server, target: { url: `${server.url}/office/cases`, headers: { Cookie: officer }, expect: 200 } },
        { name: `queue page, ${LARGE.toLocaleString("en")} projects`, server: bigServer, target: { url: `${bigServer.url}/office/cases`, headers: { Cookie: bigOfficer }, expect: 200 } },
      ],
      SECONDS,
      SLICE,
      WARMUP,
    )) as [Measurement, Measurement];
    await stopServer(bigServer);
    large = { seed: seeded, small: smallQueue, large: bigQueue };
  }
  await stopServer(server);

  // --- the verdict --------------------------------------------------------------------------

  // A ratio is the median of the round-by-round ratios: the two pages of a round ran seconds
  // apart, so a change in the machine's other work affects both. Beside it, the same ratio from
  // the server's CPU time per request, which other work disturbs much less (but which leaves
  // out time spent waiting for the disk).
  type Check = { name: string; value: number | null; target: string; pass: boolean | null; cpuRatio?: number; note?: string };
  const round3 = (value: number) => Number(value.toFixed(3));
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const pairedRatio = (a: Measurement, b: Measurement) => median(a.rounds.map((r, i) => r / b.rounds[i]!));
  const atLeast = (name: string, a: Measurement, b: Measurement, target: number | null): Check => {
    const value = pairedRatio(a, b);
    return { name, value: round3(value), target: target === null ? "no target" : `≥ ${target}`, pass: target === null ? null : value >= target, cpuRatio: round3(b.cpuMsPerRequest / a.cpuMsPerRequest) };
  };
  const checks: Check[] = [
    atLeast("queue page ÷ minimal page (req/s)", queue, minimal, TARGETS.queueToMinimal),
    atLeast("signed in ÷ anonymous, /forgot-password (req/s)", signedIn, anonymous, TARGETS.signedInToAnonymous),
    atLeast("submission ÷ minimal page (req/s)", submission, minimalAgain, TARGETS.submissionToMinimal),
    atLeast("section save ÷ minimal page (req/s)", sectionSaveResult, minimal, null),
    large
      ? atLeast(`queue page at ${LARGE.toLocaleString("en")} ÷ at ${SMALL.toLocaleString("en")} projects`, large.large, large.small, TARGETS.largeToSmall)
      : { name: "queue page at 1,000,000 ÷ at 10,000 projects", value: null, target: `≥ ${TARGETS.largeToSmall}`, pass: null, note: "skipped with --quick" },
    { name: "p99 queue ÷ p99 minimal at half load", value: round3(queuePaced.latencyMs.p99 / minimalPaced.latencyMs.p99), target: `≤ ${TARGETS.p99QueueToMinimalAtHalfLoad}`, pass: queuePaced.latencyMs.p99 <= TARGETS.p99QueueToMinimalAtHalfLoad * minimalPaced.latencyMs.p99 },
    { name: "p95 of the queue page at half load (ms)", value: queuePaced.latencyMs.p95, target: `≤ ${TARGETS.p95QueueAtHalfLoadMs}`, pass: queuePaced.latencyMs.p95 <= TARGETS.p95QueueAtHalfLoadMs },
  ];
  console.log(`\nTargets (ratios: median of ${Math.max(1, Math.round(SECONDS / SLICE))} rounds; "by CPU" is the same ratio from the server's CPU time per request):`);
  for (const c of checks) {
    const verdict = c.pass === null ? (c.note ? "SKIP" : "    ") : c.pass ? "PASS" : "FAIL";
    const cpu = c.cpuRatio === undefined ? "" : `   (by CPU ${c.cpuRatio})`;
    console.log(`  ${verdict}  ${c.name.padEnd(52)} ${String(c.value ?? "–").padStart(7)}   ${c.target}${c.note ? ` (${c.note})` : ""}${cpu}`);
  }
  const failed = checks.filter((c) => c.pass === false);

  const result = {
    benchmark: "http",
    quick: QUICK,
    connections: CONNECTIONS,
    secondsPerPage: SECONDS,
    sliceSeconds: SLICE,
    warmupSeconds: WARMUP,
    baseline: "GET /login, anonymous (the minimal React Router page)",
    datasets: {
      small: { projects: SMALL, seedSeconds: Number(small.seconds.toFixed(1)), counts: small.counts, readyAssessments: ready.length, submissionsMade: next },
      large: large ? { projects: LARGE, seedSeconds: Number(large.seed.seconds.toFixed(1)), counts: large.seed.counts } : null,
    },
    measurements: { minimal, queue, anonymous, signedIn, sectionSave: sectionSaveResult, minimalBesideSubmission: minimalAgain, submission, queueSmallBesideLarge: large?.small ?? null, queueLarge: large?.large ?? null },
    halfLoad: { ratePerSecond: halfRate, minimal: minimalPaced, queue: queuePaced },
    submissionSideEffects: sideEffects,
    checks,
    totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/http.json", `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWritten bench/results/http.json (${result.totalSeconds} s in all; load average ${result.machine.loadAverage.join(", ")}).`);
  if (result.machine.loadAverage[0]! > result.machine.cpus) console.log(`note: other work kept the machine busy (load average ${result.machine.loadAverage[0]} on ${result.machine.cpus} cores); the ratios by CPU are the steadier figures.`);
  if (failed.length > 0) console.error(`The HTTP benchmark missed ${failed.length === 1 ? "a target" : `${failed.length} targets`}: ${failed.map((c) => c.name).join("; ")}.`);
  process.exit(failed.length > 0 ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
