// The open-case counts kept by triggers (migration 0015) match a count of the cases themselves
// after any mix of writes: cases opened and closed, reopened, moved between institutions,
// deleted, one at a time and in bulk.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { openDatabase } from "./client.server";
import { TMP_DIR } from "../tests/support/paths";
import { prng } from "../tests/support/random";

test("the open-case count of every institution matches its open cases through random writes", () => {
  const db = openDatabase(join(mkdtempSync(join(TMP_DIR, "counts-")), "upstream.db"));
  const sqlite = db.$client;
  const random = prng(20_261_126);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const institutions = [1, 2, 3].map((n) => Number(sqlite.prepare("insert into institutions (name, slug, country, created_at) values (?, ?, 'FR', 0)").run(`University ${n}`, `university-${n}`).lastInsertRowid));
  const owner = Number(sqlite.prepare("insert into users (email, name, role, status, institution_id, created_at, updated_at) values ('pi@example.org', 'PI', 'researcher', 'active', ?, 0, 0)").run(institutions[0]).lastInsertRowid);
  const newProject = (institutionId: number) =>
    Number(sqlite.prepare("insert into projects (institution_id, owner_id, title, summary, field, trl, status, created_at, updated_at) values (?, ?, 'P', 'S', 'F', 2, 'active', 0, 0)").run(institutionId, owner).lastInsertRowid);
  const openCase = (institutionId: number, isOpen: number) =>
    sqlite
      .prepare("insert into cases (institution_id, project_id, status, is_open, severity, severity_rank, dimensions, opened_at, due_at, updated_at) values (?, ?, ?, ?, 'high', 1, '', 0, 0, 0)")
      .run(institutionId, newProject(institutionId), isOpen ? "new" : "closed", isOpen);
  const caseIds = () => sqlite.prepare("select id from cases").pluck().all() as number[];
  const counted = () => sqlite.prepare("select institution_id, count(*) as n from cases where is_open = 1 group by institution_id order by institution_id").all();
  const kept = () => sqlite.prepare("select institution_id, open as n from open_case_counts where open > 0 order by institution_id").all();

  for (let step = 0; step < 600; step++) {
    const r = random();
    const ids = caseIds();
    if (r < 0.35 || ids.length === 0) openCase(pick(institutions), random() < 0.8 ? 1 : 0);
    else if (r < 0.6) sqlite.prepare("update cases set is_open = 0, status = 'closed' where id = ?").run(pick(ids));
    else if (r < 0.75) {
      // Reopening may clash with the one-open-case-per-project rule: a refused write changes nothing.
      try {
        sqlite.prepare("update cases set is_open = 1, status = 'in_review' where id = ?").run(pick(ids));
      } catch (error) {
        expect(String(error)).toMatch(/UNIQUE/);
      }
    } else if (r < 0.85) sqlite.prepare("update cases set institution_id = ? where id = ?").run(pick(institutions), pick(ids));
    else if (r < 0.95) sqlite.prepare("delete from cases where id = ?").run(pick(ids));
    else db.transaction(() => sqlite.prepare("update cases set is_open = 0, status = 'closed' where institution_id = ?").run(pick(institutions)));
    // A change to other columns leaves the count alone.
    if (ids.length > 0) sqlite.prepare("update cases set severity_rank = ? where id = ?").run(Math.floor(random() * 5), pick(ids));
    expect(kept()).toEqual(counted());
  }
  expect(counted().length).toBeGreaterThan(0);
  sqlite.close();
});

test("the triggers that keep the counts are in place after migrating (a table rebuild by a later migration would drop them)", () => {
  const db = openDatabase(join(mkdtempSync(join(TMP_DIR, "counts-")), "upstream.db"));
  const triggers = db.$client.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'cases' order by name").pluck().all();
  expect(triggers).toEqual(["open_case_counts_delete", "open_case_counts_insert", "open_case_counts_update"]);
  db.$client.close();
});
