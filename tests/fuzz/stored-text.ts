// What both fuzzing suites check after their run, and how they quote what they found.
import type Database from "better-sqlite3";

/** A value short enough for a failure message. */
export const brief = (value: string) => (value.length > 120 ? `${JSON.stringify(value.slice(0, 60))}… (${value.length} characters)` : JSON.stringify(value));

/** A zod result's problems in one line, or null when it passed. */
export function problemsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string | null {
  return result.success ? null : result.error!.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ");
}

/**
 * Every text value of the application's tables, looked at as the bytes SQLite holds: a NUL, or a
 * UTF-16 surrogate encoded on its own (invalid UTF-8 that reads back as replacement characters).
 * Grouped by column, with one example each.
 */
export function unsafeStoredText(sqlite: Database.Database): string[] {
  const found = new Map<string, { rows: number; example: string }>();
  const tables = (sqlite.prepare("pragma main.table_list").all() as { name: string; type: string; wr: number }[]).filter((t) => t.type === "table" && !t.name.startsWith("sqlite_") && !t.name.startsWith("__drizzle"));
  for (const { name, wr } of tables) {
    const columns = (sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string; type: string }[]).filter((c) => /text/i.test(c.type)).map((c) => c.name);
    if (columns.length === 0) continue;
    const select = columns.map((c) => `hex("${c}") as "${c}"`).join(", ");
    for (const row of sqlite.prepare(`select ${wr ? "" : 'rowid as "__rowid", '}${select} from "${name}"`).iterate() as Iterable<Record<string, unknown>>) {
      for (const column of columns) {
        const hex = row[column];
        if (typeof hex !== "string" || hex === "") continue;
        const what = /^(?:[0-9A-F]{2})*?00/.test(hex) ? "NUL" : /^(?:[0-9A-F]{2})*?ED[AB][0-9A-F]/.test(hex) ? "an encoded lone surrogate" : null;
        if (!what) continue;
        const key = `${name}.${column}: ${what}`;
        const seen = found.get(key);
        if (seen) seen.rows++;
        else found.set(key, { rows: 1, example: `row ${row.__rowid ?? "?"}: ${brief(Buffer.from(hex, "hex").toString("utf8"))}` });
      }
    }
  }
  return [...found].map(([key, { rows, example }]) => `${key} in ${rows} row(s), e.g. ${example}`);
}
