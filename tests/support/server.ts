// Starts the real production server on a free port, on its own copy of the migrated template
// database, and stops it afterwards. Tests speak to it over HTTP like any client.
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

export type TestServer = {
  url: string;
  databasePath: string;
  /** A second connection to the server's database file, for seeding and for assertions. */
  db: Db;
  output: () => string;
  stop: () => Promise<void>;
};

export async function startServer(options: { env?: Record<string, string>; seed?: boolean } = {}): Promise<TestServer> {
  const databasePath = freshDatabasePath();
  const db = openDatabase(databasePath, { migrate: false });
  if (options.seed !== false) await seedDemo(db);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ENV: "test",
      PORT: String(port),
      APP_URL: url,
      DATABASE_PATH: databasePath,
      EMAIL_TRANSPORT: "outbox",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      // A server that dies during a test is a failure the test output must explain.
      if (!stopping) process.stderr.write(`The test server stopped unexpectedly (code ${code}, signal ${signal}):\n${output}\n`);
      resolve();
    }),
  );

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped while starting:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not answer within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    databasePath,
    db,
    output: () => output,
    async stop() {
      stopping = true;
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      db.$client.close();
    },
  };
}
