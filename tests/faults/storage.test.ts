// Storage that stops taking writes: a database file and directory made read-only, and a disk
// that refuses to let files grow. The portal must keep serving pages, refuse each change with a
// plain 503 page and one log line that names the cause, and leave nothing half-written.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projects, sessions } from "../../db/schema";
import { DEMO_PASSWORD } from "../factories";
import { Client, visibleText } from "../support/http";
import { ROOT } from "../support/paths";
import { startServer, type ProcessUser, type TestServer } from "../support/server";

const RESEARCHER = "researcher@demo-university.example";

/** Permissions do not bind root: as root, the server runs as an unprivileged account, as a service would. */
const serviceAccount: ProcessUser | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

/**
 * That account must reach the checkout to run it. A checkout in a private directory (a fresh
 * `mktemp -d` is 0700) gets search permission for others on each directory above it, and only
 * that; the returned function gives each back its mode.
 */
function letOthersReach(path: string): () => void {
  const changed: [string, number][] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if (!(mode & 0o001)) {
      chmodSync(dir, mode | 0o001);
      changed.push([dir, mode]);
    }
    if (dirname(dir) === dir) break;
  }
  return () => {
    for (const [dir, mode] of changed.reverse()) chmodSync(dir, mode);
  };
}

function projectForm(title: string): [string, string][] {
  return [
    ["title", title],
    ["summary", "A project registered while the database could not take writes."],
    ["field", "Storage"],
    ["technologyAreas", "pure-mathematics"],
    ["trl", "1"],
  ];
}

/** What the server logged after a given point, split into lines. */
const logSince = (server: TestServer, offset: number) => server.output().slice(offset).split("\n").filter(Boolean);

/** The refusal a person sees: a 503 page that says what happened in plain words, with no internals. */
async function expectRefusal(response: Response) {
  expect(response.status).toBe(503);
  const html = await response.text();
  const text = visibleText(html);
  expect(text).toMatch(/Upstream cannot save changes right now/);
  expect(text).toMatch(/Nothing you sent was saved/);
  expect(html).not.toMatch(/SQLITE_|SqliteError|\bat \S+ \(|node_modules/);
}

/** Waits for a line to appear in the server's log (it is written as the answer goes out). */
async function waitForLog(server: TestServer, offset: number, pattern: RegExp) {
  for (let i = 0; i < 50 && !logSince(server, offset).some((line) => pattern.test(line)); i++) await new Promise((r) => setTimeout(r, 20));
}

describe("a read-only database file and directory", () => {
  let server: TestServer;
  let researcher: Client;
  let idleReader: Client;
  let directory: string;
  let giveBackModes = () => {};

  beforeAll(async () => {
    server = await startServer();
    researcher = new Client(server.url);
    await researcher.login(RESEARCHER, DEMO_PASSWORD);
    expect((await researcher.post("/projects/new", projectForm("Storage test project written before"))).status).toBe(302);
    // A second session, last active two minutes ago: its next request wants to record activity.
    idleReader = new Client(server.url);
    await idleReader.login(RESEARCHER, DEMO_PASSWORD);
    server.db.update(sessions).set({ lastActiveAt: new Date(Date.now() - 120_000) }).run();
    await researcher.get("/projects"); // records the first session's activity again

    // Open descriptors keep their write access whatever the permissions say, so a file made
    // read-only under a running server changes nothing until the next start: stop it, take
    // write access away from the file, its -wal and -shm and the directory, and start again.
    await server.kill("SIGTERM");
    directory = dirname(server.databasePath);
    for (const suffix of ["", "-wal", "-shm"]) chmodSync(server.databasePath + suffix, 0o444);
    chmodSync(directory, 0o555);
    if (serviceAccount) giveBackModes = letOthersReach(ROOT);
    await server.restart({ user: serviceAccount });
  });

  afterAll(async () => {
    giveBackModes();
    if (directory) {
      chmodSync(directory, 0o755);
      for (const suffix of ["", "-wal", "-shm"]) if (existsSync(server.databasePath + suffix)) chmodSync(server.databasePath + suffix, 0o644);
    }
    await server?.stop();
  });

  test("the portal starts, says once that it cannot write, and serves pages", async () => {
    expect(server.output().match(/starting without write access to its database \(SQLITE_READONLY/g)).toHaveLength(1);
    const list = await researcher.get("/projects");
    expect(list.status).toBe(200);
    expect(visibleText(await list.text())).toContain("Storage test project written before");
  });

  test("a change is refused with a clear page and one log line, nothing is written, and the portal stays up", async () => {
    const offset = server.output().length;
    await expectRefusal(await researcher.post("/projects/new", projectForm("Storage test project refused")));
    await waitForLog(server, offset, /SQLITE_READONLY/);
    const lines = logSince(server, offset);
    expect(lines.filter((line) => /SQLITE_READONLY/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await researcher.get("/projects")).status).toBe(200);
    expect(server.db.select().from(projects).where(eq(projects.title, "Storage test project refused")).all()).toEqual([]);
    expect(server.db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  test("a signed-in person whose activity is due to be recorded can still read", async () => {
    const offset = server.output().length;
    const page = await idleReader.get("/projects");
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain("Storage test project written before");
    expect(logSince(server, offset).filter((line) => /^\s+at /.test(line))).toEqual([]);
  });
});

// A disk that fills up cannot be made here without privileges, so the server's own limit on the
// size of the files it writes (RLIMIT_FSIZE, lowered from outside with prlimit) stands in for
// it: every write that would grow a file fails as on a full disk. SQLite reports such a write
// as SQLITE_IOERR_WRITE; a real full disk (ENOSPC) comes as SQLITE_FULL, mapped the same way.
function requirePrlimit() {
  if (spawnSync("prlimit", ["--version"]).status !== 0) throw new Error("prlimit (util-linux) is needed to stand in for a full disk; install util-linux.");
}

describe("a disk that takes no more data", () => {
  let server: TestServer;
  let researcher: Client;

  beforeAll(async () => {
    requirePrlimit();
    server = await startServer();
    researcher = new Client(server.url);
    await researcher.login(RESEARCHER, DEMO_PASSWORD);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const fileSizeLimit = () => execFileSync("prlimit", ["--pid", String(server.pid()), "--fsize", "--raw", "--noheadings", "--output", "SOFT"], { encoding: "utf8" }).trim();
  const setFileSizeLimit = (soft: string) => execFileSync("prlimit", ["--pid", String(server.pid()), `--fsize=${soft}:`]);

  test("changes are refused while it is full, reads go on, and writing resumes once there is room", async () => {
    expect((await researcher.post("/projects/new", projectForm("Storage test project before the disk filled"))).status).toBe(302);
    const normal = fileSizeLimit();
    setFileSizeLimit("0");
    try {
      const offset = server.output().length;
      await expectRefusal(await researcher.post("/projects/new", projectForm("Storage test project on a full disk")));
      await waitForLog(server, offset, /SQLITE_(FULL|IOERR)/);
      const lines = logSince(server, offset);
      expect(lines.filter((line) => /SQLITE_(FULL|IOERR)/.test(line))).toHaveLength(1);
      expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
      const list = await researcher.get("/projects");
      expect(list.status).toBe(200);
      expect(visibleText(await list.text())).toContain("Storage test project before the disk filled");
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      setFileSizeLimit(normal);
    }

    expect((await researcher.post("/projects/new", projectForm("Storage test project after room was made"))).status).toBe(302);
    expect(server.db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    const titles = server.db.select({ title: projects.title }).from(projects).where(like(projects.title, "Storage test project %")).all().map((p) => p.title);
    expect(titles.sort()).toEqual(["Storage test project after room was made", "Storage test project before the disk filled"]);
  });
});
