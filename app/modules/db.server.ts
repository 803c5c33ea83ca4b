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
