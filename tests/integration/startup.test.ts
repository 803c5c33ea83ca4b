// The real server refuses to start on bad configuration, and says which variable is at fault.
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { ROOT } from "../support/paths";
import { freshDatabasePath } from "../support/server";

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["server.js"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", DATABASE_PATH: freshDatabasePath(), PORT: "0", ...env },
    encoding: "utf8",
    timeout: 15_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe("start-up configuration", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["PORT malformed", { PORT: "http" }, /PORT must be a whole number/],
    ["APP_URL malformed", { APP_URL: "localhost:3000" }, /APP_URL must be an absolute/],
    ["EMAIL_TRANSPORT unknown", { EMAIL_TRANSPORT: "smtp" }, /EMAIL_TRANSPORT must be resend or outbox/],
    ["RESEND_API_KEY missing", { EMAIL_TRANSPORT: "resend" }, /RESEND_API_KEY is required/],
    ["APP_SECRET missing in production", { APP_ENV: "production", APP_URL: "https://u.example", RESEND_API_KEY: "re_123" }, /APP_SECRET is required in production/],
    ["APP_URL missing in production", { APP_ENV: "production", APP_SECRET: "s".repeat(40), RESEND_API_KEY: "re_123" }, /APP_URL is required in production/],
  ];
  test.each(cases)("%s stops the process with a clear message", (_name, env, message) => {
    const { status, stderr } = start(env);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Upstream cannot start: /);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace for a configuration mistake
  });

  test("an unusable database path stops the process with a message naming it", () => {
    // The "folder" is a file, so the database can never be created there.
    const notAFolder = freshDatabasePath();
    const { status, stderr } = start({ DATABASE_PATH: `${notAFolder}/upstream.db` });
    expect(status).toBe(1);
    expect(stderr).toMatch(/Upstream cannot start: DATABASE_PATH/);
    expect(stderr).toContain(notAFolder);
  });
});
