// Backups taken while the portal is busy, and restoring them: `upstream db:backup` runs while
// writes keep arriving over HTTP, `upstream db:restore` puts the copy in place in a new
// directory, and a portal started on it has every write acknowledged before the backup began.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projects, users } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { DEMO_PASSWORD, seedDemo } from "../factories";
import { Client, visibleText } from "../support/http";
import { ROOT, TMP_DIR } from "../support/paths";
import { freshDatabasePath, startServer, type TestServer } from "../support/server";

const RESEARCHER = "researcher@demo-university.example";
/** Each test runs the command line a few times, and each run starts TypeScript afresh. */
const SLOW = { timeout: 180_000 };

type Outcome = { status: number | null; stdout: string; stderr: string };

function upstream(args: string[], env: Record<string, string> = {}): Outcome {
  const result = spawnSync(process.execPath, [join(ROOT, "bin/upstream.mjs"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", APP_ENV: "test", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking this process: the writers must keep writing while it runs. */
function upstreamInBackground(args: string[], env: Record<string, string>): Promise<Outcome> {
  const child = spawn(process.execPath, [join(ROOT, "bin/upstream.mjs"), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", APP_ENV: "test", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("close", (status) => resolve({ status, stdout, stderr })));
}

const newDirectory = () => mkdtempSync(join(TMP_DIR, "restore-"));

/** The test's projects in a database file, title to id. */
function titlesIn(path: string) {
  const db = openDatabase(path, { migrate: false });
  try {
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    return new Map(db.select({ id: projects.id, title: projects.title }).from(projects).where(like(projects.title, "Backup test project %")).all().map((p) => [p.title, p.id]));
  } finally {
    db.$client.close();
  }
}

let server: TestServer;
let restored: TestServer | undefined;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await restored?.stop();
  await server?.stop();
});

describe("a backup while the portal is writing, then a restore", () => {
  test("the restored portal has every write acknowledged before the backup started, and serves pages", SLOW, async () => {
    const researcher = new Client(server.url);
    await researcher.login(RESEARCHER, DEMO_PASSWORD);
    const acknowledged: string[] = [];
    let backingUp = false;
    let duringBackup = 0;
    let stop = false;
    let reachedStart: () => void = () => {};
    const started = new Promise<void>((resolve) => (reachedStart = resolve));
    const refused: string[] = [];

    async function write(w: number) {
      for (let i = 1; !stop; i++) {
        const title = `Backup test project w${w}-${i}`;
        const response = await researcher.post("/projects/new", [
          ["title", title],
          ["summary", "A project registered while a backup of the database was being taken."],
          ["field", "Operations"],
          ["technologyAreas", "pure-mathematics"],
          ["trl", "1"],
        ]);
        await response.arrayBuffer();
        if (response.status !== 302) {
          refused.push(`${title}: ${response.status}`);
          continue;
        }
        acknowledged.push(title);
        if (backingUp) duringBackup++;
        if (acknowledged.length === 20) reachedStart();
      }
    }

    const writers = [1, 2, 3].map(write);
    await started;
    const before = [...acknowledged];
    const backupFile = join(newDirectory(), "upstream-backup.db");
    backingUp = true;
    const backup = await upstreamInBackground(["db:backup", backupFile], { DATABASE_PATH: server.databasePath });
    backingUp = false;
    stop = true;
    await Promise.all(writers);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    expect(refused).toEqual([]);
    // The portal was not paused for the backup: writes kept being acknowledged while it ran.
    expect(duringBackup).toBeGreaterThan(0);

    const target = join(newDirectory(), "upstream.db");
    const restore = upstream(["db:restore", backupFile, "--to", target]);
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/Restored .* integrity check passed/);
    const titles = titlesIn(target);
    expect(before.filter((title) => !titles.has(title))).toEqual([]);

    restored = await startServer({ databasePath: target, seed: false });
    const reader = new Client(restored.url);
    await reader.login(RESEARCHER, DEMO_PASSWORD);
    // The first acknowledged write, on its own page (the list shows only the most recent ones).
    const page = await reader.get(`/projects/${titles.get(before[0]!)}`);
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain(before[0]!);
    // The restored portal takes changes too.
    expect((await reader.post("/projects/new", [["title", "Backup test project after the restore"], ["summary", "Registered on the restored portal, to show it takes changes."], ["field", "Operations"], ["technologyAreas", "pure-mathematics"], ["trl", "1"]])).status).toBe(302);
  });
});

describe("db:restore refuses what would lose or damage data", () => {
  async function backupOf(path: string) {
    const file = join(newDirectory(), "backup.db");
    const made = upstream(["db:backup", file], { DATABASE_PATH: path });
    expect(made.status).toBe(0);
    return file;
  }

  async function seeded(marker: string) {
    const path = freshDatabasePath();
    const db = openDatabase(path, { migrate: false });
    await seedDemo(db);
    db.$client.prepare("update users set name = ? where email = ?").run(marker, RESEARCHER);
    db.$client.close();
    return path;
  }

  const researcherName = (path: string) => {
    const db = openDatabase(path, { migrate: false });
    try {
      return db.select({ name: users.name }).from(users).all().find((u) => u.name.startsWith("Marker"))?.name;
    } finally {
      db.$client.close();
    }
  };

  test("an existing database is replaced only with --force, and never while it is open", SLOW, async () => {
    const backup = await backupOf(await seeded("Marker of the backup"));
    const target = await seeded("Marker of the live database");
    const refused = upstream(["db:restore", backup, "--to", target]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already holds a database; add --force/);
    expect(researcherName(target)).toBe("Marker of the live database");

    const open = openDatabase(target, { migrate: false });
    const busy = upstream(["db:restore", backup, "--to", target, "--force"]);
    open.$client.close();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(/is in use, probably by the running portal; stop it first/);
    expect(researcherName(target)).toBe("Marker of the live database");

    const forced = upstream(["db:restore", backup, "--to", target, "--force"]);
    expect(forced.stderr).toBe("");
    expect(forced.status).toBe(0);
    expect(researcherName(target)).toBe("Marker of the backup");
  });

  test("a damaged backup or a file that is not Upstream's is refused and the target is left alone", SLOW, async () => {
    const backup = await backupOf(await seeded("Marker of the backup"));
    const damaged = join(newDirectory(), "damaged.db");
    copyFileSync(backup, damaged);
    // Scribble over pages in the middle of the file, as a bad disk or a cut-off copy would.
    const fd = openSync(damaged, "r+");
    const size = statSync(damaged).size;
    for (let offset = Math.floor(size / 3 / 4096) * 4096; offset < size; offset += 64 * 4096) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, offset);
    closeSync(fd);
    const target = join(newDirectory(), "upstream.db");
    const refusedDamaged = upstream(["db:restore", damaged, "--to", target]);
    expect(refusedDamaged.status).toBe(1);
    expect(refusedDamaged.stderr).toMatch(/(failed SQLite's integrity check|is not a sound SQLite database).*nothing was changed/);
    expect(existsSync(target)).toBe(false);

    const text = join(newDirectory(), "notes.db");
    writeFileSync(text, "These are not the droids you are looking for.\n".repeat(200));
    const refusedText = upstream(["db:restore", text, "--to", target]);
    expect(refusedText.status).toBe(1);
    expect(refusedText.stderr).toMatch(/is not a sound SQLite database/);
    expect(existsSync(target)).toBe(false);
  });

  test("a stale write-ahead log beside the target is removed, not replayed onto the restored file", SLOW, async () => {
    const backup = await backupOf(await seeded("Marker of the backup"));
    // A portal crashed with its last changes still in the -wal file, and the broken database
    // file was then deleted: the log stays behind, and SQLite would replay it onto a new file.
    const target = await seeded("Marker of the crashed database");
    const crashed = openDatabase(target, { migrate: false });
    crashed.$client.pragma("wal_autocheckpoint = 0");
    crashed.$client.prepare("update users set name = ? where email = ?").run("Marker written just before the crash", RESEARCHER);
    const staleWal = readFileSync(`${target}-wal`);
    crashed.$client.close();
    rmSync(target);
    writeFileSync(`${target}-wal`, staleWal);

    const restore = upstream(["db:restore", backup, "--to", target]);
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    const db = openDatabase(target, { migrate: false });
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    db.$client.close();
    expect(researcherName(target)).toBe("Marker of the backup");
  });
});
