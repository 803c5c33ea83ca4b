// The application's database handle, opened from configuration on first use.
import { getDb, type Db } from "../../db/client.server";
import { ConfigError, getConfig } from "./config/env.server";

export type { Db };

/** A connection or an open transaction: both read and write the same way. */
export type Queryable = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export function db(): Db {
  const config = getConfig();
  try {
    return getDb(config.databasePath, config.migrationsDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`DATABASE_PATH ${config.databasePath} cannot be opened and brought up to date: ${reason}`);
  }
}

const PREPARED_PER_DATABASE = 200;
const preparedQueries = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built and prepared once per database and kept under `key`, for the hot paths where
 * building a drizzle query costs more than running it (the session lookup on every request, the
 * case queue). The key must name everything the query's shape depends on; values go in through
 * `sql.placeholder`. At most a couple of hundred are kept per database, oldest dropped first.
 */
export function preparedOnce<T>(database: Db, key: string, prepare: () => T): T {
  let queries = preparedQueries.get(database);
  if (!queries) preparedQueries.set(database, (queries = new Map()));
  if (queries.has(key)) return queries.get(key) as T;
  if (queries.size >= PREPARED_PER_DATABASE) queries.delete(queries.keys().next().value!);
  const query = prepare();
  queries.set(key, query);
  return query;
}
