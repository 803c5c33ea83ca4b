// The commands of `upstream`. Later capabilities add theirs here.
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { checkPassword } from "../modules/auth/password";
import { hashPassword } from "../modules/auth/password.server";
import { recordAudit } from "../modules/audit/audit.server";
import { getConfig } from "../modules/config/env.server";

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

export type Command = {
  summary: string;
  usage: string;
  options: OptionSpec;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
};

function database() {
  const config = getConfig();
  return openDatabase(config.databasePath, { migrationsDir: config.migrationsDir });
}

async function readSecret(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed: write the prompt once, then swallow the echo.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(prompt);
  output._writeToOutput = () => {};
  const answer = await new Promise<string>((done) => rl.question("", done));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

export const commands: Record<string, Command> = {
  "db:migrate": {
    summary: "Creates the database file if needed and applies every pending migration.",
    usage: "",
    options: {},
    async run() {
      const db = database();
      db.$client.close();
      process.stdout.write(`The database at ${getConfig().databasePath} is up to date.\n`);
      return 0;
    },
  },

  "db:backup": {
    summary: "Writes an online, consistent copy of the database to <file> (SQLite's backup API); the portal may keep running.",
    usage: "<file>",
    options: {},
    async run(_values, [target]) {
      if (!target) throw new Error("name the file to write, e.g. upstream db:backup backups/upstream-2026-11-26.db");
      const path = resolve(target);
      if (existsSync(path)) throw new Error(`${path} already exists; choose a new file name.`);
      const db = database();
      try {
        await db.$client.backup(path);
      } finally {
        db.$client.close();
      }
      process.stdout.write(`Backup written to ${path}.\n`);
      return 0;
    },
  },

  "user:create-admin": {
    summary: "Creates an administrator account (asks for the password, or reads it from standard input).",
    usage: "--email <address> [--name <name>] [--password-stdin]",
    options: { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
    async run(values) {
      const email = String(values.email ?? "").trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error("give the administrator's e-mail address with --email");
      const db = database();
      try {
        if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
          throw new Error(`${email} already has an account.`);
        }
        const password = await readSecret("Password for the new administrator: ", Boolean(values["password-stdin"]));
        const problem = checkPassword(password, { email });
        if (problem) throw new Error(problem);
        const now = new Date();
        const name = String(values.name ?? "Administrator").trim() || "Administrator";
        const passwordHash = await hashPassword(password);
        db.transaction((tx) => {
          const user = tx
            .insert(users)
            .values({ email, name, passwordHash, role: "admin", status: "active", emailVerifiedAt: now, createdAt: now, updatedAt: now })
            .returning()
            .get();
          recordAudit(tx, { action: "user.create-admin", email, target: { type: "user", id: user.id }, details: { via: "command line" } });
        });
        process.stdout.write(`Administrator ${email} created. Sign in at ${getConfig().appUrl}/login.\n`);
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },
};
