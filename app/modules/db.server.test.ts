import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { cases, institutions, projects, sessions, users } from "../../db/schema";
import { ensureInstitution, ensureUser } from "../../tests/factories";
import { TMP_DIR } from "../../tests/support/paths";
import { createSession } from "./auth/session.server";
import { fastRows, preparedOnce } from "./db.server";

let db: Db;
let ownerId: number;
let loneUserId: number;

beforeAll(async () => {
  db = openDatabase(join(mkdtempSync(join(TMP_DIR, "fast-rows-")), "upstream.db"));
  const institution = await ensureInstitution(db, { name: "Rows University", country: "NL", domains: ["rows.example"] });
  const owner = await ensureUser(db, { email: "pi@rows.example", name: "Ama Owusu", role: "researcher", password: "a long enough password", institutionId: institution.id });
  ownerId = owner.id;
  loneUserId = (await ensureUser(db, { email: "lone@rows.example", name: "Lone Officer", role: "officer", password: "a long enough password", institutionId: institution.id })).id;
  createSession(db, owner.id, { ip: "192.0.2.1", userAgent: null });
  createSession(db, loneUserId, { ip: "192.0.2.2", userAgent: "Firefox" });
  const now = new Date("2026-11-02T09:30:00Z");
  const project = db
    .insert(projects)
    .values({ institutionId: institution.id, ownerId: owner.id, title: "Rows & <columns>", summary: "A project.", field: "Materials", trl: 2, status: "active", createdAt: now, updatedAt: now })
    .returning()
    .get();
  db.insert(cases)
    .values({ institutionId: institution.id, projectId: project.id, status: "new", isOpen: 1, severity: "high", severityRank: 1, dimensions: ",itt,", openedAt: now, dueAt: new Date("2026-11-16T00:00:00Z"), updatedAt: now })
    .run();
});

afterAll(() => db.$client.close());

describe("fastRows", () => {
  test("gives what drizzle's all gives for whole tables joined: nested objects, dates, nulls", () => {
    const prepared = db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(sql`1 = 1`).prepare();
    const expected = prepared.all();
    expect(expected).toHaveLength(2);
    expect(expected[0]!.session.createdAt).toBeInstanceOf(Date);
    expect(fastRows(prepared)()).toEqual(expected);
  });

  test("nulls a left-joined table that has no row, as drizzle does, and keeps one that has", () => {
    const prepared = db.select({ user: users, project: projects }).from(users).leftJoin(projects, eq(projects.ownerId, users.id)).orderBy(users.id).prepare();
    const expected = prepared.all();
    expect(expected.find((r) => r.user.id === loneUserId)!.project).toBeNull();
    expect(expected.find((r) => r.user.id === ownerId)!.project?.title).toBe("Rows & <columns>");
    expect(fastRows(prepared)()).toEqual(expected);
  });

  test("decodes chosen columns, sql expressions with their own decoders, and placeholders", () => {
    const prepared = db
      .select({
        id: cases.id,
        title: projects.title,
        openedAt: cases.openedAt,
        dueAt: cases.dueAt,
        assignee: sql<string | null>`(select name from users u where u.id = ${cases.assigneeId})`,
        owner: sql<string>`(select name from users u where u.id = ${projects.ownerId})`.mapWith((name: string) => name.toUpperCase()),
        institution: { name: institutions.name, createdAt: institutions.createdAt },
      })
      .from(cases)
      .innerJoin(projects, eq(projects.id, cases.projectId))
      .innerJoin(institutions, eq(institutions.id, cases.institutionId))
      .where(eq(cases.severity, sql.placeholder("severity")))
      .prepare();
    const expected = prepared.all({ severity: "high" });
    expect(expected).toHaveLength(1);
    expect(expected[0]).toMatchObject({ title: "Rows & <columns>", assignee: null, owner: "AMA OWUSU", dueAt: new Date("2026-11-16T00:00:00Z") });
    const rows = fastRows(prepared);
    expect(rows({ severity: "high" })).toEqual(expected);
    expect(rows({ severity: "low" })).toEqual([]);
  });
});

describe("preparedOnce", () => {
  test("keeps a query per database and key; inside a transaction it builds one for the call, which runs in it", () => {
    const prepare = (q: Parameters<typeof preparedOnce>[0]) => q.select({ id: users.id }).from(users).where(eq(users.id, sql.placeholder("id"))).prepare();
    const kept = preparedOnce(db, "test.user", () => prepare(db));
    expect(preparedOnce(db, "test.user", () => prepare(db))).toBe(kept);
    expect(kept.get({ id: ownerId })).toEqual({ id: ownerId });
    const inTransaction = db.transaction((tx) => {
      const first = preparedOnce(tx, "test.user", () => prepare(tx));
      expect(first).not.toBe(kept);
      expect(preparedOnce(tx, "test.user", () => prepare(tx))).not.toBe(first);
      return first.get({ id: loneUserId });
    });
    expect(inTransaction).toEqual({ id: loneUserId });
    expect(preparedOnce(db, "test.user", () => prepare(db))).toBe(kept);
  });
});
