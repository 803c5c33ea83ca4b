// Owns the database connection: opens the SQLite file with the pragmas every connection
// needs, and brings its schema up to date with the committed migrations.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { existsSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * WAL mode is kept by the file, but `synchronous`, `foreign_keys` and `busy_timeout` belong
 * to the connection and reset on every open, so they are set every time.
 */
export function applyPragmas(sqlite: Database.Database) {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 15000");
}

/**
 * The migrations ship beside the build; find them from this file's own location (the source
 * tree or the built server), never from the current directory.
 */
export function findMigrationsDir(configured?: string): string {
  if (configured) return resolve(configured);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    for (const candidate of [join(dir, "migrations"), join(dir, "db", "migrations")]) {
      if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error("The database migrations folder (db/migrations) was not found beside the application.");
}

/**
 * A database file that has become read-only still opens, and serves reads, as long as its schema
 * is current (migrating then writes nothing); changes are refused one by one (see storageFault).
 */
export function openDatabase(path: string, options: { migrationsDir?: string; migrate?: boolean } = {}): Db {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  try {
    applyPragmas(sqlite);
    const db = drizzle(sqlite, { schema, casing: "snake_case" }) as Db;
    if (options.migrate !== false) migrate(db, { migrationsFolder: findMigrationsDir(options.migrationsDir) });
    reuseStatements(sqlite);
    immediateTransactions(db);
    return db;
  } catch (error) {
    sqlite.close();
    // In WAL mode SQLite keeps two files beside the database; it cannot even read without them.
    if (error instanceof Database.SqliteError && error.code === "SQLITE_READONLY_DIRECTORY") {
      throw new Error(`SQLite cannot create ${basename(path)}-wal and ${basename(path)}-shm because the directory ${dirname(resolve(path))} is read-only; make it writable for the portal's account.`);
    }
    throw error;
  }
}

/**
 * Transactions take the write lock as they begin (BEGIN IMMEDIATE) unless they say otherwise.
 * Other connections write to the same file (the command line, a second sender, tests): a
 * transaction begun the default way reads first, and if another connection commits before it
 * writes, it cannot upgrade its now stale snapshot and fails at once with "database is locked".
 * Taking the lock first makes it wait its turn (busy_timeout) instead. A transaction begun inside
 * another is a savepoint, as before.
 */
function immediateTransactions(db: Db) {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as Db["transaction"];
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Keeps compiled statements for reuse. drizzle asks the driver to prepare every query it runs,
 * and compiling the SQL costs more than running it for the portal's small indexed queries (a
 * submission runs some thirty). The same SQL text now gets the same compiled statement, in a
 * cache of the most recently used ones. A statement is handed out with its row modes reset (a
 * caller may have switched it to raw or pluck), and a statement still being iterated is never
 * shared: that caller gets a fresh one.
 */
function reuseStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement?.busy) return prepare(source);
    if (statement) {
      // Most recently used last, so the first entry is the one to drop.
      cache.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/** What a storage failure means, for the log: SQLite's code and the cause in words. */
export type StorageFault = { code: string; reason: string };

/**
 * Tells a failure of the storage under the database (read-only file or directory, full disk,
 * I/O error) from a failure of the query itself; null for anything else. The portal keeps
 * serving reads through such a failure and refuses changes with a plain message.
 */
export function storageFault(error: unknown): StorageFault | null {
  // drizzle wraps the driver's error in its own, with the original as the cause.
  let sqliteError: unknown = error;
  for (let depth = 0; depth < 3 && !(sqliteError instanceof Database.SqliteError) && sqliteError instanceof Error; depth++) sqliteError = sqliteError.cause;
  if (!(sqliteError instanceof Database.SqliteError)) return null;
  const code = sqliteError.code;
  if (code.startsWith("SQLITE_READONLY")) return { code, reason: "the database file or its directory is read-only" };
  if (code === "SQLITE_FULL") return { code, reason: "the disk holding the database is full" };
  if (code.startsWith("SQLITE_IOERR")) return { code, reason: "the disk holding the database refused a write or a read (disk full, read-only or failing)" };
  return null;
}

let shared: { path: string; db: Db } | undefined;

/** The process-wide connection; better-sqlite3 is synchronous, so one connection serves all requests. */
export function getDb(path: string, migrationsDir?: string): Db {
  if (shared && shared.path === path) return shared.db;
  shared?.db.$client.close();
  shared = { path, db: openDatabase(path, { migrationsDir }) };
  return shared.db;
}

export function closeDb() {
  shared?.db.$client.close();
  shared = undefined;
}
