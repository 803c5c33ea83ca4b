// The application's database handle, opened from configuration on first use.
import { Column, getTableName, is, SQL, Subquery } from "drizzle-orm";
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
 * case queue, queueing a nudge). The key must name everything the query's shape depends on;
 * values go in through `sql.placeholder`. At most a couple of hundred are kept per database,
 * oldest dropped first. Given a transaction instead of the database (a helper called inside a
 * transaction's callback with only the transaction at hand), the query is built for the call.
 */
export function preparedOnce<T>(database: Queryable, key: string, prepare: () => T): T {
  if (!("$client" in database)) return prepare();
  let queries = preparedQueries.get(database);
  if (!queries) preparedQueries.set(database, (queries = new Map()));
  if (queries.has(key)) return queries.get(key) as T;
  if (queries.size >= PREPARED_PER_DATABASE) queries.delete(queries.keys().next().value!);
  const query = prepare();
  queries.set(key, query);
  return query;
}

type Decoder = { mapFromDriverValue(value: unknown): unknown };
type SelectedField = { path: string[]; field: unknown };
/** What drizzle keeps on a prepared select: its values, and how it maps a row of them. */
type PreparedSelect<Row> = {
  values(params?: Record<string, unknown>): unknown[][];
  all(params?: Record<string, unknown>): Row[];
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
};

// drizzle's own choice of decoder (mapResultRow in drizzle-orm/utils), made once per column.
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder;
  return (field as unknown as { sql: { decoder: Decoder } }).sql.decoder;
}

/**
 * The rows of a prepared select, as drizzle's `all` gives them, through a mapping worked out
 * once. drizzle works out each column's decoder and place again for every row it reads: for the
 * fifty rows of the case queue that took 40 % as long as the query itself. The session lookup on
 * every signed-in request uses it too. db.server.test.ts compares the two mappings.
 */
export function fastRows<Row>(prepared: PreparedSelect<Row>): (params?: Record<string, unknown>) => Row[] {
  const fields = prepared.fields;
  if (!fields) return (params) => prepared.all(params);
  const columns = fields.map(({ path, field }) => ({
    path,
    decoder: decoderOf(field),
    // Only a table's own columns, nested under the table's name, can make it null (left joins).
    table: prepared.joinsNotNullableMap && path.length === 2 && is(field, Column) ? getTableName(field.table) : null,
  }));
  const nullable = prepared.joinsNotNullableMap;
  const mapRow = (row: unknown[]): Row => {
    const result: Record<string, unknown> = {};
    const tables: Record<string, string | false> = {};
    for (let i = 0; i < columns.length; i++) {
      const { path, decoder, table } = columns[i]!;
      const raw = row[i];
      const value = raw === null ? null : decoder.mapFromDriverValue(raw);
      let node = result;
      for (let j = 0; j < path.length - 1; j++) node = (node[path[j]!] ??= {}) as Record<string, unknown>;
      node[path[path.length - 1]!] = value;
      if (table !== null) {
        const object = path[0]!;
        if (!(object in tables)) tables[object] = value === null ? table : false;
        else if (typeof tables[object] === "string" && tables[object] !== table) tables[object] = false;
      }
    }
    if (nullable) for (const object in tables) if (typeof tables[object] === "string" && !nullable[tables[object]]) result[object] = null;
    return result as Row;
  };
  return (params) => prepared.values(params).map(mapRow);
}
