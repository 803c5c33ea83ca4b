// The `upstream` command line, run as an operator would run it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditEvents, users } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { seedDemo } from "../factories";
import { ROOT } from "../support/paths";
import { freshDatabasePath } from "../support/server";

function upstream(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin/upstream.mjs"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", APP_ENV: "test", ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("upstream command line", () => {
  test("help lists the commands", () => {
    const { status, stdout } = upstream(["help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/user:create-admin/);
    expect(stdout).toMatch(/db:backup/);
  });

  test("an unknown command fails with help", () => {
    const { status, stderr } = upstream(["frobnicate"]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/Unknown command "frobnicate"/);
  });

  test("user:create-admin creates an active administrator who can sign in, and audits it", () => {
    const databasePath = freshDatabasePath();
    const created = upstream(["user:create-admin", "--email", "Boss@Upstream.example", "--name", "Bea Boss", "--password-stdin"], {
      env: { DATABASE_PATH: databasePath },
      input: "a long and quiet admin passphrase\n",
    });
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    const db = openDatabase(databasePath, { migrate: false });
    const admin = db.select().from(users).where(eq(users.email, "boss@upstream.example")).get()!;
    expect(admin).toMatchObject({ role: "admin", status: "active", name: "Bea Boss" });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "user.create-admin")).get()?.actorEmail).toBe("boss@upstream.example");
    db.$client.close();

    const again = upstream(["user:create-admin", "--email", "boss@upstream.example", "--password-stdin"], { env: { DATABASE_PATH: databasePath }, input: "another long passphrase\n" });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already has an account/);
  });

  test("user:create-admin refuses a weak password", () => {
    const { status, stderr } = upstream(["user:create-admin", "--email", "weak@upstream.example", "--password-stdin"], { env: { DATABASE_PATH: freshDatabasePath() }, input: "short\n" });
    expect(status).toBe(1);
    expect(stderr).toMatch(/at least 12 characters/);
  });

  test("db:backup writes a consistent copy that opens with all the data", async () => {
    const databasePath = freshDatabasePath();
    const db = openDatabase(databasePath, { migrate: false });
    await seedDemo(db);
    const target = join(dirname(databasePath), "backup.db");
    const { status, stdout } = upstream(["db:backup", target], { env: { DATABASE_PATH: databasePath } });
    expect(status).toBe(0);
    expect(stdout).toMatch(/Backup written/);
    expect(existsSync(target)).toBe(true);
    const copy = openDatabase(target, { migrate: false });
    expect(copy.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.select().from(users).all().map((u) => u.email)).toEqual(db.select().from(users).all().map((u) => u.email));
    copy.$client.close();
    db.$client.close();
    const refused = upstream(["db:backup", target], { env: { DATABASE_PATH: databasePath } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already exists/);
  });
});
