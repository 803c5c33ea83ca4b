// Owns cases: the flags of one project grouped into the compliance office's unit of work.
// Triage opens and updates them; officers claim, assign, ask the researcher, note, decide
// (four-eyes for the weightiest kinds) and reopen; every step lands in the case's timeline
// and, when a person did it, in the audit log. Status changes are conditional updates, so
// two officers acting at once cannot both win.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { caseDecisions, caseEvents, cases, caseSettings, openCaseCounts, projects, users, type CaseEventKind, type CaseStatus } from "../../../db/schema";
import { fastRows, preparedOnce, type Db, type Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { loadAnnexI } from "../reference/annex-i.server";
import { decisionLabels, DEFAULT_DEADLINES, FOUR_EYES_KINDS, RANKED_SEVERITIES, statusLabels } from "./labels";
import { addWorkingDays, deadlineFor, rankOf, severityOfRank, sourcesOf, type Deadlines } from "./policy";
import type { DecisionInput, QueueFilters } from "./schema";
import { enqueueNudge, officersToTell } from "../nudges/nudges.server";

export type CaseRow = typeof cases.$inferSelect;

// --- who may touch a case ------------------------------------------------------------------

function officerInstitution(actor: Actor): number {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  return actor.institutionId;
}

/** The case, if it belongs to the officer's institution; otherwise it does not exist for them. */
export function caseFor(database: Queryable, actor: Actor, caseId: number): CaseRow {
  const institutionId = officerInstitution(actor);
  const row = database.select().from(cases).where(and(eq(cases.id, caseId), eq(cases.institutionId, institutionId))).get();
  if (!row) throw new NotFoundError("That case");
  return row;
}

function addEvent(tx: Queryable, row: Pick<CaseRow, "id" | "institutionId">, input: { kind: CaseEventKind; summary: string; body?: string | null; actor?: Actor | null; internal?: boolean; at?: Date }) {
  return tx
    .insert(caseEvents)
    .values({
      caseId: row.id,
      institutionId: row.institutionId,
      at: input.at ?? new Date(),
      actorUserId: input.actor?.userId ?? null,
      actorName: input.actor?.name ?? null,
      kind: input.kind,
      summary: input.summary,
      body: input.body ?? null,
      internal: input.internal ? 1 : 0,
    })
    .returning({ id: caseEvents.id })
    .get();
}

function audit(tx: Queryable, actor: Actor, action: string, caseId: number, origin?: RequestOrigin, details?: Record<string, unknown>) {
  recordAudit(tx, { action, actor, target: { type: "case", id: caseId }, origin, details });
}

// --- deadlines -----------------------------------------------------------------------------

export function retentionYearsOf(database: Queryable, institutionId: number): number {
  return database.select({ years: caseSettings.retentionYears }).from(caseSettings).where(eq(caseSettings.institutionId, institutionId)).get()?.years ?? 10;
}

export function caseDeadlines(database: Queryable, institutionId: number): Deadlines {
  const row = database.select({ deadlines: caseSettings.deadlines }).from(caseSettings).where(eq(caseSettings.institutionId, institutionId)).get();
  return { ...DEFAULT_DEADLINES, ...(row?.deadlines ?? {}) } as Deadlines;
}

/** Saves the office's deadlines. Open cases keep the due dates they were given. */
export function saveCaseDeadlines(database: Db, actor: Actor, deadlines: Deadlines, retentionYears: number, origin?: RequestOrigin) {
  const institutionId = officerInstitution(actor);
  const before = { deadlines: caseDeadlines(database, institutionId), retentionYears: retentionYearsOf(database, institutionId) };
  const now = new Date();
  database.transaction((tx) => {
    tx.insert(caseSettings)
      .values({ institutionId, deadlines, retentionYears, updatedBy: actor.userId, updatedAt: now })
      .onConflictDoUpdate({ target: caseSettings.institutionId, set: { deadlines, retentionYears, updatedBy: actor.userId, updatedAt: now } })
      .run();
    recordAudit(tx, { action: "case.deadlines-change", actor, target: { type: "case-settings", id: institutionId }, origin, details: { before, after: { deadlines, retentionYears } } });
  });
}

// --- opening and updating cases from triage ------------------------------------------------

/** One open flag of a project, as much of it as its case needs. */
export type OpenFlag = { severity: string; dimension: string; title: string; openedAt: number };

/**
 * What a project's open flags amount to for its case: the highest severity (as a rank), the
 * dimensions (comma-framed, sorted), when the newest opened, and the titles of those opened by
 * the write at hand (null when none was).
 */
export type OpenFlagSummary = { projectId: number; rank: number; dimensions: string; newest: number; fresh: string | null };

/**
 * Sums up a project's open flags (at least one). `openedAtOf` says when each opened, and
 * `writtenAt` is the moment the flags were written.
 */
export function summariseOpenFlags<F extends Omit<OpenFlag, "openedAt">>(projectId: number, open: readonly F[], openedAtOf: (flag: F, index: number) => number, writtenAt: number): OpenFlagSummary {
  let rank = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  const dimensions: string[] = [];
  const fresh: string[] = [];
  for (let index = 0; index < open.length; index++) {
    const flag = open[index]!;
    const openedAt = openedAtOf(flag, index);
    rank = Math.min(rank, rankOf(flag.severity));
    newest = Math.max(newest, openedAt);
    if (!dimensions.includes(flag.dimension)) dimensions.push(flag.dimension);
    if (openedAt === writtenAt) fresh.push(flag.title);
  }
  return { projectId, rank, dimensions: `,${dimensions.sort().join(",")},`, newest, fresh: fresh.length > 0 ? fresh.join("; ") : null };
}

type OpenCase = { id: number; project_id: number; severity_rank: number; dimensions: string; status: CaseStatus; due_at: number; assignee_id: number | null };
type ClosedCase = { project_id: number; closed_at: number; severity_rank: number };

const RANK_SQL = "case severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end";

/**
 * Brings the cases of an institution (or some of its projects) in line with the open flags,
 * inside the caller's transaction: a project with open flags and no open case gets one,
 * unless a decision already covered those flags; a case whose severity rises gets the
 * earlier due date; a case left without flags says so, and closes itself if nobody has
 * touched it yet. `now` must be the moment the flags were written, to tell new flags apart.
 *
 * Triage passes the summaries of the open flags it has just written (`openFlags`, one per
 * project in scope that has any); without them they are read from the flags. For given
 * projects every read goes through an index led by project id, with `+institution_id` as the
 * tenant check that the planner must not use instead: syncing one project never walks the
 * whole institution.
 */
export function syncCases(database: Db, institutionId: number, projectIds: number[] | null, now: Date, openFlags?: readonly OpenFlagSummary[]) {
  const sqlite = database.$client;
  const at = now.getTime();
  const tenant = projectIds ? "+institution_id = ?" : "institution_id = ?";
  const scope = projectIds ? " and project_id in (select value from json_each(?))" : "";
  const args = (...rest: unknown[]) => (projectIds ? [...rest, JSON.stringify(projectIds)] : rest);
  // In project order, so that new cases are numbered the same way whoever summed up the flags.
  const flagged = (
    openFlags ??
    (
      sqlite
        .prepare(
          `select project_id, min(${RANK_SQL}) as rank, group_concat(distinct dimension) as dims, max(opened_at) as newest,
                  group_concat(case when opened_at = ? then title end, '; ') as fresh
           from flags where ${tenant} and status = 'open'${scope} group by project_id`,
        )
        .all(...args(at, institutionId)) as { project_id: number; rank: number; dims: string; newest: number; fresh: string | null }[]
    ).map((f): OpenFlagSummary => ({ projectId: f.project_id, rank: f.rank, dimensions: `,${f.dims.split(",").sort().join(",")},`, newest: f.newest, fresh: f.fresh }))
  ).toSorted((a, b) => a.projectId - b.projectId);
  const open = new Map<number, OpenCase>();
  for (const c of sqlite.prepare(`select id, project_id, severity_rank, dimensions, status, due_at, assignee_id from cases where ${tenant} and is_open = 1${scope}`).iterate(...args(institutionId)) as Iterable<OpenCase>) {
    open.set(c.project_id, c);
  }
  const lastClosed = new Map<number, ClosedCase>();
  for (const c of sqlite.prepare(`select project_id, closed_at, severity_rank from cases where ${tenant} and is_open = 0${scope} order by closed_at`).iterate(...args(institutionId)) as Iterable<ClosedCase>) {
    lastClosed.set(c.project_id, c);
  }
  const deadlines = caseDeadlines(database, institutionId);
  const insertCase = sqlite.prepare(
    "insert into cases (institution_id, project_id, status, is_open, severity, severity_rank, dimensions, opened_at, due_at, updated_at) values (?, ?, 'new', 1, ?, ?, ?, ?, ?, ?) returning id",
  );
  const updateCase = sqlite.prepare("update cases set severity = ?, severity_rank = ?, dimensions = ?, due_at = ?, updated_at = ? where id = ?");
  const closeUntouched = sqlite.prepare("update cases set status = 'closed', is_open = 0, dimensions = '', closed_at = ?, updated_at = ? where id = ? and status = 'new' and assignee_id is null");
  const insertEvent = sqlite.prepare("insert into case_events (case_id, institution_id, at, kind, summary, internal) values (?, ?, ?, ?, ?, 1)");
  const report = { opened: 0, raised: 0, emptied: 0 };
  const projectTitle = sqlite.prepare("select title from projects where id = ?");
  const titleOf = (projectId: number) => (projectTitle.get(projectId) as { title: string } | undefined)?.title ?? `Project ${projectId}`;
  let officerIds: number[] | undefined;
  const officers = () => (officerIds ??= officersToTell(database, institutionId, null));
  for (const f of flagged) {
    const dims = f.dimensions;
    const severity = severityOfRank(f.rank);
    const current = open.get(f.projectId);
    if (current) {
      // What is left in `open` afterwards are the cases whose project has no open flag.
      open.delete(f.projectId);
      const raised = f.rank < current.severity_rank;
      if (!raised && dims === current.dimensions && !f.fresh) continue;
      const rank = Math.min(f.rank, current.severity_rank);
      const due = raised ? Math.min(current.due_at, addWorkingDays(now, deadlineFor(deadlines, severity)).getTime()) : current.due_at;
      updateCase.run(severityOfRank(rank), rank, dims, due, at, current.id);
      if (raised) {
        insertEvent.run(current.id, institutionId, at, "flags_changed", `Severity raised from ${severityOfRank(current.severity_rank)} to ${severity}${f.fresh ? ` by new flags: ${f.fresh}` : ""}.`);
        report.raised++;
        for (const userId of officersToTell(database, institutionId, current.assignee_id)) {
          enqueueNudge(database, { userId, kind: "case-severity-raised", key: `case-severity/${current.id}/${severity}/${userId}`, props: { projectTitle: titleOf(f.projectId), caseNumber: current.id, from: severityOfRank(current.severity_rank), to: severity, dueOn: new Date(due).toISOString().slice(0, 10) }, path: `/office/cases/${current.id}` }, now);
        }
      } else if (f.fresh) {
        insertEvent.run(current.id, institutionId, at, "flags_changed", `New flags: ${f.fresh}.`);
      } else if (current.dimensions === "") {
        insertEvent.run(current.id, institutionId, at, "flags_changed", "Flags are open again on this project.");
      }
      continue;
    }
    const closed = lastClosed.get(f.projectId);
    // A decision covers the flags it saw; only a newer flag or a higher severity opens a new case.
    if (closed && f.newest <= closed.closed_at && f.rank >= closed.severity_rank) continue;
    const { id } = insertCase.get(institutionId, f.projectId, severity, f.rank, dims, at, addWorkingDays(now, deadlineFor(deadlines, severity)).getTime(), at) as { id: number };
    const titles = f.fresh ?? "the project's open flags";
    insertEvent.run(id, institutionId, at, "opened", `Case opened by triage at ${severity} severity: ${titles}.`);
    report.opened++;
    const dueOn = addWorkingDays(now, deadlineFor(deadlines, severity)).toISOString().slice(0, 10);
    for (const userId of officers()) {
      enqueueNudge(database, { userId, kind: "case-new", key: `case-new/${id}/${userId}`, props: { projectTitle: titleOf(f.projectId), caseNumber: id, severity, flags: (f.fresh ?? "").split("; ").filter(Boolean), dueOn }, path: `/office/cases/${id}` }, now);
    }
  }
  for (const current of open.values()) {
    if (current.dimensions === "") continue;
    const closed = closeUntouched.run(at, at, current.id).changes === 1;
    if (!closed) updateCase.run(severityOfRank(current.severity_rank), current.severity_rank, "", current.due_at, at, current.id);
    insertEvent.run(
      current.id,
      institutionId,
      at,
      "flags_changed",
      closed ? "Every flag on the project has closed and nobody had started on the case, so it closed itself." : "Every flag on the project has closed. The case stays open for your decision.",
    );
    report.emptied++;
  }
  return report;
}

// --- the queue -----------------------------------------------------------------------------

export const QUEUE_PAGE_SIZE = 50;


/**
 * The queue's conditions with placeholders for every value, so that one prepared statement
 * serves every request with the same combination of filters (see `queueStatements`).
 */
function queueWhere(filters: QueueFilters): SQL {
  const where: SQL[] = [eq(cases.institutionId, sql.placeholder("institutionId"))];
  if (filters.status === "open") where.push(eq(cases.isOpen, 1));
  else if (filters.status !== "all") where.push(eq(cases.status, sql.placeholder("status")));
  if (filters.severity) where.push(eq(cases.severityRank, sql.placeholder("severityRank")));
  if (filters.dimension) where.push(sql`${cases.dimensions} like ${sql.placeholder("dimension")}`);
  if (filters.assignee === "none") where.push(sql`${cases.assigneeId} is null`);
  else if (filters.assignee !== null) where.push(eq(cases.assigneeId, sql.placeholder("assigneeId")));
  if (filters.overdue) where.push(sql`${cases.dueAt} < ${sql.placeholder("now")}`, eq(cases.isOpen, 1));
  if (filters.area) where.push(sql`exists (select 1 from project_technology_areas a where a.project_id = ${cases.projectId} and a.area_id = ${sql.placeholder("area")})`);
  if (filters.country) where.push(sql`exists (select 1 from project_partners p where p.project_id = ${cases.projectId} and p.country = ${sql.placeholder("country")})`);
  if (filters.q) {
    where.push(
      sql`(exists (select 1 from projects p where p.id = ${cases.projectId} and p.title like ${sql.placeholder("like")} escape '\\')
        or exists (select 1 from project_partners pp where pp.project_id = ${cases.projectId} and pp.name like ${sql.placeholder("like")} escape '\\'))`,
    );
  }
  return and(...where)!;
}

/** The values for `queueWhere`'s placeholders. */
function queueParams(institutionId: number, actor: Actor, filters: QueueFilters, now: Date) {
  return {
    institutionId,
    status: filters.status,
    severityRank: filters.severity ? rankOf(filters.severity) : null,
    dimension: filters.dimension ? `%,${filters.dimension},%` : null,
    assigneeId: filters.assignee === "me" ? actor.userId : typeof filters.assignee === "number" ? filters.assignee : null,
    now: now.getTime(),
    area: filters.area,
    country: filters.country,
    like: filters.q ? `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
  };
}

/** Which conditions a request's filters use: requests with the same shape share statements. */
function queueShape(filters: QueueFilters) {
  const status = filters.status === "open" || filters.status === "all" ? filters.status : "one";
  const assignee = filters.assignee === null ? "any" : filters.assignee === "none" ? "none" : "one";
  const used = [filters.severity, filters.dimension, filters.overdue, filters.area, filters.country, filters.q].map((v) => (v ? "1" : "0")).join("");
  return `${status}:${assignee}:${used}:${filters.sort}`;
}

function queueOrder(sort: QueueFilters["sort"]) {
  switch (sort) {
    case "due":
      return [asc(cases.dueAt), asc(cases.severityRank)];
    case "age":
      return [asc(cases.openedAt), asc(cases.id)];
    case "updated":
      return [desc(cases.updatedAt), desc(cases.id)];
    default:
      return [asc(cases.severityRank), asc(cases.dueAt), asc(cases.id)];
  }
}

function prepareQueueStatements(database: Db, filters: QueueFilters) {
  const where = queueWhere(filters);
  const count = database.select({ n: sql<number>`count(*)` }).from(cases).where(where).prepare();
  const page = database
    .select({
      id: cases.id,
      projectTitle: projects.title,
      piName: users.name,
      severity: cases.severity,
      dimensions: cases.dimensions,
      status: cases.status,
      openedAt: cases.openedAt,
      dueAt: cases.dueAt,
      assigneeName: sql<string | null>`(select name from users u where u.id = ${cases.assigneeId})`,
      awaitingConfirmation: sql<number>`exists (select 1 from case_decisions d where d.case_id = ${cases.id} and d.status = 'awaiting_confirmation')`,
    })
    .from(cases)
    .innerJoin(projects, eq(projects.id, cases.projectId))
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(where)
    .orderBy(...queueOrder(filters.sort))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare();
  return { count, page: fastRows(page) };
}

// The queue is the office's most visited page: building its two statements costs more than
// running them, so they are prepared once per shape of filters.
function queueStatements(database: Db, filters: QueueFilters) {
  return preparedOnce(database, `cases.queue:${queueShape(filters)}`, () => prepareQueueStatements(database, filters));
}

function openCaseCount(database: Db, institutionId: number): number {
  const statement = preparedOnce(database, "cases.open-count", () =>
    database
      .select({ open: openCaseCounts.open })
      .from(openCaseCounts)
      .where(eq(openCaseCounts.institutionId, sql.placeholder("institutionId")))
      .prepare(),
  );
  return statement.get({ institutionId })?.open ?? 0;
}

export type QueueRow = {
  id: number;
  projectTitle: string;
  piName: string;
  severity: string;
  dimensions: string[];
  status: CaseStatus;
  openedAt: Date;
  dueAt: Date;
  assigneeName: string | null;
  awaitingConfirmation: boolean;
};

/** Every open case of the institution, whatever the order: the queue as it first opens. */
const allOpen = (f: QueueFilters) => f.status === "open" && f.assignee === null && !f.severity && !f.dimension && !f.overdue && !f.area && !f.country && !f.q;

export type QueuePage = { total: number; page: number; pageCount: number; rows: QueueRow[] };

/** One page of the office's queue, most pressing first, with the total for paging. */
export function listQueue(database: Db, actor: Actor, filters: QueueFilters, now = new Date()): QueuePage {
  const params = queueParams(officerInstitution(actor), actor, filters, now);
  const statements = queueStatements(database, filters);
  // Unfiltered, the total is the count the database keeps (open_case_counts); counting the
  // cases themselves would grow with the office's backlog.
  const total = allOpen(filters) ? openCaseCount(database, params.institutionId) : statements.count.get(params)!.n;
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  const rows = statements.page({ ...params, limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE });
  return {
    total,
    page,
    pageCount,
    rows: rows.map((r): QueueRow => ({ ...r, dimensions: r.dimensions.split(",").filter(Boolean), awaitingConfirmation: Boolean(r.awaitingConfirmation) })),
  };
}

/** Every case matching the filters, or the chosen ones, for the CSV export (capped). */
export function exportQueue(database: Db, actor: Actor, selection: { ids?: number[]; filters?: QueueFilters }, now = new Date(), cap = 10_000) {
  const institutionId = officerInstitution(actor);
  const where = selection.ids ? and(eq(cases.institutionId, institutionId), inArray(cases.id, selection.ids)) : queueWhere(selection.filters!);
  const rows = database
    .select({
      id: cases.id,
      projectId: cases.projectId,
      projectTitle: projects.title,
      piName: users.name,
      severity: cases.severity,
      dimensions: cases.dimensions,
      status: cases.status,
      openedAt: cases.openedAt,
      dueAt: cases.dueAt,
      closedAt: cases.closedAt,
      assigneeName: sql<string | null>`(select name from users u where u.id = ${cases.assigneeId})`,
      decision: sql<string | null>`(select kind from case_decisions d where d.case_id = ${cases.id} and d.status = 'in_force' order by d.id desc limit 1)`,
    })
    .from(cases)
    .innerJoin(projects, eq(projects.id, cases.projectId))
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(where)
    .orderBy(...queueOrder(selection.filters?.sort ?? "priority"))
    .limit(cap)
    .prepare()
    .all(selection.filters ? queueParams(institutionId, actor, selection.filters, now) : {});
  if (selection.ids && rows.length !== new Set(selection.ids).size) throw new NotFoundError("Some of those cases");
  return rows;
}

/** The numbers on the office's home page. */
export function caseCounts(database: Db, actor: Actor, now = new Date()) {
  const institutionId = officerInstitution(actor);
  const sqlite = database.$client;
  const row = sqlite
    .prepare(
      `select count(*) as open, coalesce(sum(assignee_id is null), 0) as unassigned, coalesce(sum(assignee_id = ?), 0) as mine, coalesce(sum(due_at < ?), 0) as overdue
       from cases where institution_id = ? and is_open = 1`,
    )
    .get(actor.userId, now.getTime(), institutionId) as { open: number; unassigned: number; mine: number; overdue: number };
  const toConfirm = (sqlite.prepare("select count(*) as n from case_decisions where institution_id = ? and status = 'awaiting_confirmation' and requested_by != ?").get(institutionId, actor.userId) as { n: number }).n;
  return { ...row, toConfirm };
}

/** The officers of the institution, for assigning (on every queue and case page). */
export function listOfficers(database: Db, actor: Actor) {
  const statement = preparedOnce(database, "cases.officers", () =>
    database
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.institutionId, sql.placeholder("institutionId")), eq(users.role, "officer"), eq(users.status, "active")))
      .orderBy(asc(users.name))
      .prepare(),
  );
  return statement.all({ institutionId: officerInstitution(actor) });
}

// --- verbs ---------------------------------------------------------------------------------

/** Takes a new or unassigned case. Exactly one of two officers claiming at once succeeds. */
export function claimCase(database: Db, actor: Actor, caseId: number, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  database.transaction((tx) => {
    const now = new Date();
    const result = tx
      .update(cases)
      .set({ assigneeId: actor.userId, status: sql`case when ${cases.status} = 'new' then 'in_review' else ${cases.status} end`, updatedAt: now })
      .where(and(eq(cases.id, row.id), eq(cases.isOpen, 1), sql`${cases.assigneeId} is null`))
      .run();
    if (result.changes !== 1) {
      const holder = tx.select({ name: users.name }).from(cases).innerJoin(users, eq(users.id, cases.assigneeId)).where(eq(cases.id, row.id)).get();
      throw new ConflictError("case already claimed", holder ? `${holder.name} has already taken this case.` : "This case can no longer be taken.");
    }
    addEvent(tx, row, { kind: "claimed", summary: `${actor.name} took the case${row.status === "new" ? " and started the review" : ""}.`, actor, at: now });
    audit(tx, actor, "case.claim", row.id, origin);
  });
}

function assignOne(tx: Queryable, actor: Actor, row: CaseRow, assignee: { id: number; name: string } | null, now: Date, origin?: RequestOrigin) {
  if (row.isOpen !== 1) return false;
  if ((row.assigneeId ?? null) === (assignee?.id ?? null)) return false;
  const result = tx
    .update(cases)
    .set({ assigneeId: assignee?.id ?? null, updatedAt: now })
    .where(and(eq(cases.id, row.id), eq(cases.isOpen, 1), row.assigneeId === null ? sql`${cases.assigneeId} is null` : eq(cases.assigneeId, row.assigneeId)))
    .run();
  if (result.changes !== 1) return false;
  addEvent(tx, row, { kind: "assigned", summary: assignee ? `${actor.name} assigned the case to ${assignee.name}.` : `${actor.name} removed the assignee.`, actor, at: now });
  audit(tx, actor, "case.assign", row.id, origin, { assigneeId: assignee?.id ?? null });
  return true;
}

function officerById(database: Db, actor: Actor, assigneeId: number | null) {
  if (assigneeId === null) return null;
  const officer = listOfficers(database, actor).find((o) => o.id === assigneeId);
  if (!officer) throw new ValidationError({ assigneeId: "Choose an officer of your office." });
  return officer;
}

export function assignCase(database: Db, actor: Actor, caseId: number, assigneeId: number | null, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  if (row.isOpen !== 1) throw new ConflictError("closed", "A closed case cannot be assigned. Reopen it first.");
  const assignee = officerById(database, actor, assigneeId);
  database.transaction((tx) => assignOne(tx, actor, row, assignee, new Date(), origin));
}

function moveOne(tx: Queryable, actor: Actor, row: CaseRow, to: CaseStatus, now: Date, origin?: RequestOrigin, reason?: string) {
  const from = sourcesOf(to);
  const result = tx
    .update(cases)
    .set({ status: to, updatedAt: now, ...(to === "new" ? { assigneeId: null } : {}) })
    .where(and(eq(cases.id, row.id), inArray(cases.status, from)))
    .run();
  if (result.changes !== 1) return false;
  addEvent(tx, row, { kind: "status_changed", summary: `${actor.name} moved the case from “${statusLabels[row.status]}” to “${statusLabels[to]}”${reason ? `: ${reason}` : "."}`, actor, at: now });
  audit(tx, actor, "case.status", row.id, origin, { from: row.status, to });
  return true;
}

/** A plain status change (start the review, put back in the queue, escalate, resume after escalation). */
export function moveCase(database: Db, actor: Actor, caseId: number, to: CaseStatus, origin?: RequestOrigin, reason?: string) {
  const row = caseFor(database, actor, caseId);
  const moved = database.transaction((tx) => moveOne(tx, actor, row, to, new Date(), origin, reason));
  if (!moved) throw new ConflictError("transition", `A case that is “${statusLabels[row.status]}” cannot move to “${statusLabels[to]}”. Reload the page to see its current state.`);
}

export type BulkResult = { changed: number; skipped: number };

/** Assigns or moves several cases at once; a case that cannot take the change is skipped and counted. */
export function bulkUpdate(database: Db, actor: Actor, ids: number[], change: { assigneeId?: number | null; status?: CaseStatus }, origin?: RequestOrigin): BulkResult {
  const institutionId = officerInstitution(actor);
  const assignee = change.assigneeId !== undefined ? officerById(database, actor, change.assigneeId) : undefined;
  return database.transaction((tx) => {
    const rows = tx.select().from(cases).where(and(eq(cases.institutionId, institutionId), inArray(cases.id, ids))).all();
    if (rows.length !== new Set(ids).size) throw new NotFoundError("Some of those cases");
    const now = new Date();
    let changed = 0;
    for (const row of rows) {
      const ok = assignee !== undefined ? assignOne(tx, actor, row, assignee, now, origin) : change.status ? moveOne(tx, actor, row, change.status, now, origin) : false;
      if (ok) changed++;
    }
    return { changed, skipped: ids.length - changed };
  });
}

/** A question to the researcher: the case waits for their answer. */
export function askResearcher(database: Db, actor: Actor, caseId: number, body: string, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  if (row.isOpen !== 1) throw new ConflictError("closed", "This case is closed. Reopen it to ask the researcher something.");
  const now = new Date();
  return database.transaction((tx) => {
    const result = tx
      .update(cases)
      .set({ status: "waiting_for_researcher", askedAt: now, updatedAt: now, ...(row.assigneeId === null ? { assigneeId: actor.userId } : {}) })
      .where(and(eq(cases.id, row.id), eq(cases.isOpen, 1), inArray(cases.status, ["new", "in_review", "waiting_for_researcher"])))
      .run();
    if (result.changes !== 1) throw new ConflictError("transition", `A case that is “${statusLabels[row.status]}” cannot wait for the researcher. Bring it back into review first.`);
    const event = addEvent(tx, row, { kind: "question", summary: `${actor.name} asked the researcher a question.`, body, actor, at: now });
    audit(tx, actor, "case.question", row.id, origin, { eventId: event.id });
    const project = projectOf(tx, row.projectId);
    enqueueNudge(tx, { userId: project.ownerId, kind: "case-question", key: `case-question/${event.id}`, props: { projectTitle: project.title, question: body, officerName: actor.name }, path: `/projects/${row.projectId}#conversation` }, now);
    return event.id;
  });
}

/** An internal note: the office's alone, never shown to the researcher. */
export function addNote(database: Db, actor: Actor, caseId: number, body: string, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  database.transaction((tx) => {
    const event = addEvent(tx, row, { kind: "note", summary: `${actor.name} added an internal note.`, body, actor, internal: true });
    tx.update(cases).set({ updatedAt: new Date() }).where(eq(cases.id, row.id)).run();
    audit(tx, actor, "case.note", row.id, origin, { eventId: event.id });
  });
}

/** The case of a project the researcher may answer on: the open one with a question in it. */
function caseForResearcher(database: Queryable, actor: Actor, projectId: number) {
  if (actor.role !== "researcher" || actor.institutionId === null) throw new ForbiddenError();
  const project = database.select({ id: projects.id, ownerId: projects.ownerId, institutionId: projects.institutionId }).from(projects).where(eq(projects.id, projectId)).get();
  if (!project || project.institutionId !== actor.institutionId || project.ownerId !== actor.userId) throw new NotFoundError("That project");
  return database.select().from(cases).where(and(eq(cases.projectId, projectId), eq(cases.institutionId, project.institutionId), eq(cases.isOpen, 1))).get() ?? null;
}

/** The researcher's answer: the case goes back into review. */
export function answerCase(database: Db, actor: Actor, projectId: number, body: string, origin?: RequestOrigin) {
  const row = caseForResearcher(database, actor, projectId);
  if (!row) throw new ConflictError("no open case", "Your compliance office has no open question on this project.");
  const asked = database.select({ id: caseEvents.id }).from(caseEvents).where(and(eq(caseEvents.caseId, row.id), eq(caseEvents.kind, "question"))).get();
  if (!asked) throw new ConflictError("no question", "Your compliance office has not asked anything on this project yet.");
  const now = new Date();
  database.transaction((tx) => {
    tx.update(cases)
      .set({ status: sql`case when ${cases.status} = 'waiting_for_researcher' then 'in_review' else ${cases.status} end`, updatedAt: now })
      .where(eq(cases.id, row.id))
      .run();
    const event = addEvent(tx, row, { kind: "answer", summary: `${actor.name} answered.`, body, actor, at: now });
    recordAudit(tx, { action: "case.answer", actor, target: { type: "case", id: row.id }, origin, details: { eventId: event.id } });
    const project = projectOf(tx, row.projectId);
    for (const userId of officersToTell(tx, row.institutionId, row.assigneeId)) {
      enqueueNudge(tx, { userId, kind: "researcher-answer", key: `researcher-answer/${event.id}/${userId}`, props: { projectTitle: project.title, caseNumber: row.id, researcherName: actor.name, answer: body }, path: `/office/cases/${row.id}` }, now);
    }
  });
}

/** What the researcher sees of the office's work on a project: the conversation and decisions in force. */
export function researcherConversation(database: Db, actor: Actor, projectId: number) {
  if (actor.role !== "researcher") return null;
  const project = database.select({ ownerId: projects.ownerId, institutionId: projects.institutionId }).from(projects).where(eq(projects.id, projectId)).get();
  if (!project || project.ownerId !== actor.userId || project.institutionId !== actor.institutionId) return null;
  const rows = database.select({ id: cases.id, status: cases.status, isOpen: cases.isOpen }).from(cases).where(and(eq(cases.projectId, projectId), eq(cases.institutionId, project.institutionId))).orderBy(asc(cases.openedAt)).all();
  if (rows.length === 0) return null;
  const ids = rows.map((r) => r.id);
  const messages = database
    .select({ id: caseEvents.id, caseId: caseEvents.caseId, at: caseEvents.at, kind: caseEvents.kind, actorName: caseEvents.actorName, body: caseEvents.body })
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, ids), inArray(caseEvents.kind, ["question", "answer"])))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .all();
  const decisions = database
    .select({ kind: caseDecisions.kind, details: caseDecisions.details, reviewOn: caseDecisions.reviewOn, at: caseDecisions.confirmedAt })
    .from(caseDecisions)
    .where(and(inArray(caseDecisions.caseId, ids), eq(caseDecisions.status, "in_force")))
    .orderBy(desc(caseDecisions.id))
    .all();
  const open = rows.find((r) => r.isOpen === 1) ?? null;
  if (messages.length === 0 && decisions.length === 0) return null;
  return { messages, decisions, waiting: open?.status === "waiting_for_researcher", canAnswer: open !== null && messages.some((m) => m.caseId === open.id && m.kind === "question") };
}

// --- decisions -----------------------------------------------------------------------------

function checkDecision(database: Queryable, row: CaseRow, decision: DecisionInput) {
  if (decision.kind === "licence_required") {
    const entry = loadAnnexI().entry(decision.details.controlEntry!);
    if (!entry) throw new ValidationError({ controlEntry: `“${decision.details.controlEntry}” is not an entry of the EU dual-use list (Annex I). Give a code such as 5A002.` });
  }
  if (decision.kind === "duplicate") {
    const other = database.select({ id: cases.id }).from(cases).where(and(eq(cases.id, decision.details.duplicateOf!), eq(cases.institutionId, row.institutionId))).get();
    if (!other || other.id === row.id) throw new ValidationError({ duplicateOf: other ? "A case cannot duplicate itself." : "There is no case with that number in your office." });
  }
}

function closeWithDecision(tx: Queryable, row: CaseRow, decisionId: number, decision: { kind: string; reviewOn: string | null }, actor: Actor, now: Date) {
  const result = tx
    .update(cases)
    .set({ status: "closed", isOpen: 0, closedAt: now, reviewOn: decision.reviewOn, updatedAt: now })
    .where(and(eq(cases.id, row.id), eq(cases.isOpen, 1)))
    .run();
  if (result.changes !== 1) throw new ConflictError("closed", "This case was closed in the meantime. Reload the page.");
  tx.update(caseDecisions).set({ status: "in_force", confirmedBy: actor.userId, confirmedAt: now }).where(eq(caseDecisions.id, decisionId)).run();
  const decided = tx.select({ details: caseDecisions.details }).from(caseDecisions).where(eq(caseDecisions.id, decisionId)).get()!;
  const project = projectOf(tx, row.projectId);
  enqueueNudge(
    tx,
    { userId: project.ownerId, kind: "case-decision", key: `case-decision/${decisionId}`, props: { projectTitle: project.title, decision: decisionLabels[decision.kind as keyof typeof decisionLabels], measures: decided.details.mitigations ?? [], reviewOn: decision.reviewOn }, path: `/projects/${row.projectId}#conversation` },
    now,
  );
}

function projectOf(tx: Queryable, projectId: number) {
  return tx.select({ title: projects.title, ownerId: projects.ownerId }).from(projects).where(eq(projects.id, projectId)).get()!;
}

/**
 * Records a decision. Most kinds take effect at once and close the case; licence required and
 * not to proceed wait for a second officer.
 */
export function decideCase(database: Db, actor: Actor, caseId: number, decision: DecisionInput, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  if (row.isOpen !== 1) throw new ConflictError("closed", "This case is already closed. Reopen it to decide again.");
  checkDecision(database, row, decision);
  const fourEyes = FOUR_EYES_KINDS.includes(decision.kind);
  const now = new Date();
  return database.transaction((tx) => {
    const pending = tx.select({ id: caseDecisions.id }).from(caseDecisions).where(and(eq(caseDecisions.caseId, row.id), eq(caseDecisions.status, "awaiting_confirmation"))).get();
    if (pending) throw new ConflictError("pending", "A decision on this case is waiting for a second officer. Confirm or decline it first.");
    const { id } = tx
      .insert(caseDecisions)
      .values({
        caseId: row.id,
        institutionId: row.institutionId,
        kind: decision.kind,
        status: "awaiting_confirmation",
        rationale: decision.rationale,
        details: decision.details,
        reviewOn: decision.reviewOn,
        requestedBy: actor.userId,
        requestedAt: now,
      })
      .returning({ id: caseDecisions.id })
      .get();
    if (fourEyes) {
      tx.update(cases).set({ updatedAt: now, ...(row.status === "new" ? { status: "in_review" as const } : {}) }).where(eq(cases.id, row.id)).run();
      addEvent(tx, row, { kind: "decision_requested", summary: `${actor.name} proposed “${decisionLabels[decision.kind]}”; a second officer must confirm it.`, body: decision.rationale, actor, internal: true, at: now });
      audit(tx, actor, "case.decision-request", row.id, origin, { decisionId: id, kind: decision.kind });
      const project = projectOf(tx, row.projectId);
      for (const userId of officersToTell(tx, row.institutionId, null, actor.userId)) {
        enqueueNudge(tx, { userId, kind: "four-eyes-waiting", key: `four-eyes/${id}/${userId}`, props: { projectTitle: project.title, caseNumber: row.id, proposerName: actor.name, decision: decisionLabels[decision.kind] }, path: `/office/cases/${row.id}` }, now);
      }
      return { decisionId: id, closed: false };
    }
    closeWithDecision(tx, row, id, decision, actor, now);
    addEvent(tx, row, { kind: "decision", summary: `${actor.name} decided: ${decisionLabels[decision.kind]}${decision.reviewOn ? `, to be reviewed on ${decision.reviewOn}` : ""}. The case is closed.`, body: decision.rationale, actor, internal: true, at: now });
    audit(tx, actor, "case.decision", row.id, origin, { decisionId: id, kind: decision.kind });
    return { decisionId: id, closed: true };
  });
}

function pendingDecision(database: Queryable, row: CaseRow) {
  const pending = database.select().from(caseDecisions).where(and(eq(caseDecisions.caseId, row.id), eq(caseDecisions.status, "awaiting_confirmation"))).get();
  if (!pending) throw new ConflictError("none pending", "No decision on this case is waiting for confirmation.");
  return pending;
}

/** The second officer's confirmation of a four-eyes decision; the officer who proposed it cannot give it. */
export function confirmDecision(database: Db, actor: Actor, caseId: number, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  const pending = pendingDecision(database, row);
  if (pending.requestedBy === actor.userId) {
    recordAudit(database, { action: "case.decision-confirm", outcome: "denied", actor, target: { type: "case", id: row.id }, origin, details: { decisionId: pending.id, reason: "own proposal" } });
    throw new ConflictError("own proposal", "You proposed this decision, so another officer must confirm it.");
  }
  const now = new Date();
  database.transaction((tx) => {
    const claimed = tx.update(caseDecisions).set({ confirmedBy: actor.userId }).where(and(eq(caseDecisions.id, pending.id), eq(caseDecisions.status, "awaiting_confirmation"))).run();
    if (claimed.changes !== 1) throw new ConflictError("gone", "This decision was confirmed or declined in the meantime. Reload the page.");
    closeWithDecision(tx, row, pending.id, pending, actor, now);
    addEvent(tx, row, { kind: "decision_confirmed", summary: `${actor.name} confirmed “${decisionLabels[pending.kind]}”${pending.reviewOn ? `, to be reviewed on ${pending.reviewOn}` : ""}. The case is closed.`, actor, internal: true, at: now });
    audit(tx, actor, "case.decision-confirm", row.id, origin, { decisionId: pending.id, kind: pending.kind });
  });
}

/** The second officer declines the proposal, with a reason; the case stays in review. */
export function declineDecision(database: Db, actor: Actor, caseId: number, reason: string, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  const pending = pendingDecision(database, row);
  const now = new Date();
  database.transaction((tx) => {
    const result = tx
      .update(caseDecisions)
      .set({ status: "declined", endedReason: reason, endedBy: actor.userId, endedAt: now })
      .where(and(eq(caseDecisions.id, pending.id), eq(caseDecisions.status, "awaiting_confirmation")))
      .run();
    if (result.changes !== 1) throw new ConflictError("gone", "This decision was confirmed or declined in the meantime. Reload the page.");
    const who = pending.requestedBy === actor.userId ? "withdrew" : "declined";
    addEvent(tx, row, { kind: "decision_declined", summary: `${actor.name} ${who} the proposed “${decisionLabels[pending.kind]}”.`, body: reason, actor, internal: true, at: now });
    audit(tx, actor, "case.decision-decline", row.id, origin, { decisionId: pending.id });
  });
}

function reopenOne(tx: Queryable, row: CaseRow, reason: string, actor: Actor | null, now: Date) {
  const result = tx
    .update(cases)
    .set({ status: "in_review", isOpen: 1, closedAt: null, reviewOn: null, updatedAt: now })
    .where(and(eq(cases.id, row.id), eq(cases.isOpen, 0)))
    .run();
  if (result.changes !== 1) return false;
  tx.update(caseDecisions)
    .set({ status: "reopened", endedReason: reason, endedBy: actor?.userId ?? null, endedAt: now })
    .where(and(eq(caseDecisions.caseId, row.id), eq(caseDecisions.status, "in_force")))
    .run();
  addEvent(tx, row, { kind: "reopened", summary: actor ? `${actor.name} reopened the case.` : "The review date was reached, so the case reopened.", body: reason, actor, internal: true, at: now });
  return true;
}

/** Reopens a closed case with a reason; the decision in force is kept in the record, marked reopened. */
export function reopenCase(database: Db, actor: Actor, caseId: number, reason: string, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  if (row.isOpen === 1) throw new ConflictError("open", "This case is open already.");
  database.transaction((tx) => {
    const other = tx.select({ id: cases.id }).from(cases).where(and(eq(cases.projectId, row.projectId), eq(cases.isOpen, 1))).get();
    if (other) throw new ConflictError("other open", `Case #${other.id} is open for this project; work it there.`);
    if (!reopenOne(tx, row, reason, actor, new Date())) throw new ConflictError("open", "This case was reopened in the meantime.");
    audit(tx, actor, "case.reopen", row.id, origin, { reason });
  });
}

/** Reopens every closed case whose review date has come (all institutions); safe to run at any time. */
export function reopenDueReviews(database: Db, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const due = database
    .select()
    .from(cases)
    .where(and(eq(cases.status, "closed"), sql`${cases.reviewOn} is not null`, sql`${cases.reviewOn} <= ${today}`))
    .limit(1000)
    .all();
  let reopened = 0;
  for (const row of due) {
    database.transaction((tx) => {
      // Another case opened for the project since: leave this one closed and note the review there.
      const other = tx.select({ id: cases.id }).from(cases).where(and(eq(cases.projectId, row.projectId), eq(cases.isOpen, 1))).get();
      if (other) {
        tx.update(cases).set({ reviewOn: null }).where(eq(cases.id, row.id)).run();
        addEvent(tx, { id: other.id, institutionId: row.institutionId }, { kind: "flags_changed", summary: `The review date of case #${row.id} (${row.reviewOn}) was reached; review its measures here.`, internal: true, at: now });
        return;
      }
      if (reopenOne(tx, row, `Review date ${row.reviewOn}: check that the agreed measures are in place.`, null, now)) {
        recordAudit(tx, { action: "case.review-reopen", institutionId: row.institutionId, target: { type: "case", id: row.id }, details: { reviewOn: row.reviewOn } });
        reopened++;
      }
    });
  }
  return { reopened };
}

// --- reading one case ----------------------------------------------------------------------

export type TimelineEntry = { id: string; at: Date; kind: CaseEventKind | "project"; who: string | null; summary: string; body: string | null; internal: boolean; highlight: boolean };

/** The case record: the case, its decisions and the full timeline (case events and project changes, oldest first). */
export function caseRecord(database: Db, actor: Actor, caseId: number) {
  const row = caseFor(database, actor, caseId);
  const assignee = row.assigneeId ? (database.select({ name: users.name }).from(users).where(eq(users.id, row.assigneeId)).get()?.name ?? null) : null;
  const decisions = database
    .select()
    .from(caseDecisions)
    .where(eq(caseDecisions.caseId, row.id))
    .orderBy(asc(caseDecisions.requestedAt), asc(caseDecisions.id))
    .all();
  const names = new Map(
    database
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, [...new Set(decisions.flatMap((d) => [d.requestedBy, d.confirmedBy, d.endedBy]).filter((id): id is number => id !== null))].concat(-1)))
      .all()
      .map((u) => [u.id, u.name]),
  );
  const events = database.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.at), asc(caseEvents.id)).all();
  const projectChanges = database.$client
    .prepare("select id, at, actor_name, summary from project_events where project_id = ? and institution_id = ? and at >= ? order by at, id")
    .all(row.projectId, row.institutionId, row.openedAt.getTime()) as { id: number; at: number; actor_name: string | null; summary: string }[];
  const asked = row.askedAt?.getTime() ?? Infinity;
  const timeline: TimelineEntry[] = [
    ...events.map((e) => ({ id: `c${e.id}`, at: e.at, kind: e.kind, who: e.actorName, summary: e.summary, body: e.body, internal: e.internal === 1, highlight: e.kind === "answer" && e.at.getTime() >= asked })),
    ...projectChanges.map((p) => ({ id: `p${p.id}`, at: new Date(p.at), kind: "project" as const, who: p.actor_name, summary: p.summary, body: null, internal: false, highlight: p.at >= asked })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  const otherCases = database
    .select({ id: cases.id, status: cases.status, openedAt: cases.openedAt, closedAt: cases.closedAt })
    .from(cases)
    .where(and(eq(cases.projectId, row.projectId), eq(cases.institutionId, row.institutionId)))
    .orderBy(desc(cases.openedAt))
    .all()
    .filter((c) => c.id !== row.id);
  return {
    case: { ...row, dimensions: row.dimensions.split(",").filter(Boolean), assigneeName: assignee },
    decisions: decisions.map((d) => ({ ...d, requestedByName: names.get(d.requestedBy) ?? null, confirmedByName: d.confirmedBy ? (names.get(d.confirmedBy) ?? null) : null, endedByName: d.endedBy ? (names.get(d.endedBy) ?? null) : null })),
    pending: decisions.find((d) => d.status === "awaiting_confirmation") ?? null,
    timeline,
    otherCases,
  };
}

/** The open case of a project, for links from the project page and triage. */
export function openCaseOfProject(database: Queryable, institutionId: number, projectId: number) {
  return database.select({ id: cases.id, status: cases.status }).from(cases).where(and(eq(cases.projectId, projectId), eq(cases.institutionId, institutionId), eq(cases.isOpen, 1))).get() ?? null;
}

export const CASE_SEVERITIES = RANKED_SEVERITIES;
