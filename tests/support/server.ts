// Starts the real production server on a free port, on its own copy of the migrated template
// database, and stops it afterwards. Tests speak to it over HTTP like any client. The fault
// tests also kill it, and start it again on the same file and port.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { openDatabase, type Db } from "../../db/client.server";
import { seedDemo } from "../factories";
import { ROOT, TEMPLATE_DB, TMP_DIR } from "./paths";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function freshDatabasePath(): string {
  const dir = mkdtempSync(join(TMP_DIR, "db-"));
  const path = join(dir, "upstream.db");
  copyFileSync(TEMPLATE_DB, path);
  return path;
}

/** The operating-system account a server process runs as (to meet file permissions as a service account would). */
export type ProcessUser = { uid: number; gid: number };

export type TestServer = {
  url: string;
  databasePath: string;
  /** A second connection to the server's database file, for seeding and for assertions. */
  db: Db;
  /** Everything the server wrote to stdout and stderr, across restarts. */
  output: () => string;
  stop: () => Promise<void>;
  /** The running server process's id (for signals and resource limits). */
  pid: () => number;
  /** Sends a signal to the server and waits until it has exited; `kill("SIGKILL")` is a crash. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
  /** Starts the server again on the same database file and port, once the previous process has ended. */
  restart: (options?: { user?: ProcessUser }) => Promise<void>;
};

export async function startServer(
  options: { env?: Record<string, string>; seed?: boolean; databasePath?: string; user?: ProcessUser } = {},
): Promise<TestServer> {
  const databasePath = options.databasePath ?? freshDatabasePath();
  const db = openDatabase(databasePath, { migrate: false });
  if (options.seed !== false) await seedDemo(db);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    APP_ENV: "test",
    PORT: String(port),
    APP_URL: url,
    DATABASE_PATH: databasePath,
    EMAIL_TRANSPORT: "outbox",
    ...options.env,
  };
  let output = "";
  let child: ChildProcess;
  let exited: Promise<void>;
  // Set while the test itself ends the process, so that only an unexpected end is reported.
  let stopping = false;

  async function launch(user?: ProcessUser) {
    stopping = false;
    child = spawn(process.execPath, ["server.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], ...user });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const current = child;
    exited = new Promise<void>((resolve) =>
      current.once("exit", (code, signal) => {
        // A server that dies during a test is a failure the test output must explain.
        if (!stopping) process.stderr.write(`The test server stopped unexpectedly (code ${code}, signal ${signal}):\n${output}\n`);
        resolve();
      }),
    );

    const deadline = Date.now() + 20_000;
    for (;;) {
      if (current.exitCode !== null || current.signalCode !== null) throw new Error(`The server stopped while starting:\n${output}`);
      try {
        const response = await fetch(`${url}/healthz`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        stopping = true;
        current.kill("SIGKILL");
        throw new Error(`The server did not answer within 20 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function kill(signal: NodeJS.Signals = "SIGTERM") {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  }

  await launch(options.user);

  return {
    url,
    databasePath,
    db,
    output: () => output,
    pid: () => child.pid!,
    kill,
    async restart(restartOptions = {}) {
      await kill();
      await launch(restartOptions.user ?? options.user);
    },
    async stop() {
      await kill("SIGTERM");
      db.$client.close();
    },
  };
}
