import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openDatabase } from "./client.server";
import { TMP_DIR } from "../tests/support/paths";

function pragmas(db: ReturnType<typeof openDatabase>) {
  const get = (name: string) => db.$client.pragma(name, { simple: true });
  return { journal: get("journal_mode"), synchronous: get("synchronous"), foreignKeys: get("foreign_keys"), busyTimeout: get("busy_timeout") };
}

describe("database connection", () => {
  test("every open sets WAL, FULL synchronous, foreign keys and a busy timeout — including a reopen", () => {
    const path = join(mkdtempSync(join(TMP_DIR, "pragmas-")), "new", "folder", "upstream.db");
    const first = openDatabase(path);
    // synchronous FULL is 2; a reopened WAL database would otherwise fall back to NORMAL (1).
    expect(pragmas(first)).toEqual({ journal: "wal", synchronous: 2, foreignKeys: 1, busyTimeout: 15000 });
    first.$client.close();
    const again = openDatabase(path);
    expect(pragmas(again)).toEqual({ journal: "wal", synchronous: 2, foreignKeys: 1, busyTimeout: 15000 });
    again.$client.close();
  });

  test("migrations create the schema once and are recorded", () => {
    const path = join(mkdtempSync(join(TMP_DIR, "migrate-")), "upstream.db");
    const db = openDatabase(path);
    const tables = db.$client.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(["users", "institutions", "sessions", "audit_events", "email_outbox", "__drizzle_migrations"]));
    const applied = db.$client.prepare("select count(*) from __drizzle_migrations").pluck().get();
    db.$client.close();
    const reopened = openDatabase(path);
    expect(reopened.$client.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(applied);
    reopened.$client.close();
  });

  test("foreign keys are enforced", () => {
    const db = openDatabase(join(mkdtempSync(join(TMP_DIR, "fk-")), "upstream.db"));
    expect(() => db.$client.prepare("insert into institution_domains (domain, institution_id) values ('x.example', 999)").run()).toThrow(/FOREIGN KEY/);
    db.$client.close();
  });

  test("a transaction that reads, then writes after another connection's commit, still commits: it took the write lock first", () => {
    const path = join(mkdtempSync(join(TMP_DIR, "locks-")), "upstream.db");
    const mine = openDatabase(path);
    const other = openDatabase(path, { migrate: false });
    // The other connection gives up at once instead of waiting, so the test shows who holds the lock.
    other.$client.pragma("busy_timeout = 0");
    const write = (db: typeof mine, domain: string) => db.$client.prepare("insert into email_suppressions (address, reason, created_at) values (?, 'bounce', 0)").run(domain);
    mine.transaction((tx) => {
      expect(mine.$client.prepare("select count(*) from email_suppressions").pluck().get()).toBe(0);
      // Begun the default (deferred) way, this transaction would only hold a read snapshot here:
      // the other connection's write would commit, and the write below would fail with
      // "database is locked". Begun immediately, the other connection has to wait its turn.
      expect(() => write(other, "other@example.org")).toThrow(/database is locked/);
      write(mine, "mine@example.org");
    });
    expect(other.$client.prepare("select address from email_suppressions").pluck().all()).toEqual(["mine@example.org"]);
    // A transaction inside another is a savepoint, not a second BEGIN.
    expect(() => mine.transaction(() => mine.transaction(() => write(mine, "nested@example.org")))).not.toThrow();
    mine.$client.close();
    other.$client.close();
  });
});
