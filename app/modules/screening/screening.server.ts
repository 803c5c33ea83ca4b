// Owns the screening lists as loaded into the database (imports with their diff), the
// organisations each institution has screened, their matches over time, and the officers'
// decisions on them. The matching itself is the pure engine in match.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import {
  partnerOrganisations,
  screeningDecisions,
  screeningEntries,
  screeningImports,
  screeningLists,
  screeningMatches,
  users,
  type ScreeningDecisionKind,
} from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { buildIndex, MATCH_THRESHOLD, screen, type ScreenOptions, type ScreenQuery, type ScreeningCandidate, type ScreeningIndex } from "./match";
import { SCREENING_LISTS, screeningList, type ListFormat, type ScreeningListId } from "./lists";
import { listsDir } from "./lists.server";
import { retriageEverything, retriageInstitution } from "../triage/triage.server";
import { normaliseName } from "./normalise";
import { diffEntries, parseScreeningList, type ScreeningEntry } from "./parse";

// --- lists and imports ----------------------------------------------------------------------

export type ImportReport = {
  listId: string;
  listName: string;
  snapshotDate: string;
  added: number;
  removed: number;
  changed: number;
  total: number;
  /** A few names of each kind, so a person can check the import at a glance. */
  examples: { added: string[]; removed: string[]; changed: string[] };
  rescreen: RescreenReport;
};

export type RescreenReport = { organisations: number; newMatches: number; vanishedMatches: number };

function rowToEntry(row: typeof screeningEntries.$inferSelect): ScreeningEntry {
  return {
    listId: row.listId,
    entryId: row.entryId,
    name: row.name,
    aliases: row.aliases,
    country: row.country,
    ...(row.countries ? { countries: row.countries } : {}),
    ...(row.type ? { type: row.type } : {}),
    ...(row.programs ? { programs: row.programs } : {}),
    ...(row.source ? { source: row.source } : {}),
    ...(row.url ? { url: row.url } : {}),
  };
}

function entryToRow(entry: ScreeningEntry) {
  return {
    listId: entry.listId,
    entryId: entry.entryId,
    name: entry.name,
    aliases: entry.aliases,
    country: entry.country,
    countries: entry.countries ?? null,
    type: entry.type ?? null,
    programs: entry.programs ?? null,
    source: entry.source ?? null,
    url: entry.url ?? null,
  };
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Replaces a list's entries with a new snapshot, atomically: the file is parsed completely
 * first (a malformed file throws ImportFormatError naming the row and changes nothing), then
 * the entries, the list's row, the import record and the audit row are written in one
 * transaction. Every screened organisation is then screened again.
 */
export function importList(
  database: Db,
  input: { listId: string; format: ListFormat; text: string; fileName?: string | null; snapshotDate?: string | null; actor?: Actor | null; origin?: RequestOrigin | null },
): ImportReport {
  const list = screeningList(input.listId);
  if (!list) throw new ValidationError({ listId: `Unknown list "${input.listId}". Known lists: ${SCREENING_LISTS.map((l) => l.id).join(", ")}.` });
  if (input.actor && input.actor.role !== "admin") throw new ForbiddenError();
  const snapshotDate = input.snapshotDate ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(snapshotDate)) throw new ValidationError({ snapshotDate: "Give the snapshot date as YYYY-MM-DD." });

  const fresh = parseScreeningList(input.format, input.text, list.id, input.format === "csl-json" ? undefined : list.sourceUrl);
  if (fresh.length === 0) throw new ValidationError({ file: "The file holds no entries; the list was left as it was." });
  const previous = database.select().from(screeningEntries).where(eq(screeningEntries.listId, list.id)).all().map(rowToEntry);
  const diff = diffEntries(previous, fresh);
  const now = new Date();

  database.transaction((tx) => {
    const existing = tx.select().from(screeningLists).where(eq(screeningLists.id, list.id)).get();
    const listRow = {
      name: list.name,
      publisher: list.publisher,
      sourceUrl: list.sourceUrl,
      licence: list.licence,
      snapshotDate,
      entryCount: fresh.length,
      version: (existing?.version ?? 0) + 1,
      importedAt: now,
    };
    if (existing) tx.update(screeningLists).set(listRow).where(eq(screeningLists.id, list.id)).run();
    else tx.insert(screeningLists).values({ id: list.id, ...listRow }).run();
    tx.delete(screeningEntries).where(eq(screeningEntries.listId, list.id)).run();
    const rows = fresh.map(entryToRow);
    for (let i = 0; i < rows.length; i += 500) tx.insert(screeningEntries).values(rows.slice(i, i + 500)).run();
    tx.insert(screeningImports)
      .values({
        listId: list.id,
        importedAt: now,
        importedBy: input.actor?.userId ?? null,
        fileName: input.fileName ?? null,
        snapshotDate,
        added: diff.added.length,
        removed: diff.removed.length,
        changed: diff.changed.length,
        total: fresh.length,
      })
      .run();
    recordAudit(tx, {
      action: "screening.list-import",
      actor: input.actor ?? null,
      target: { type: "screening-list", id: list.id },
      origin: input.origin ?? null,
      details: { fileName: input.fileName ?? null, snapshotDate, added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, total: fresh.length },
    });
  });

  const rescreen = rescreenAll(database);
  // A new or vanished match changes what triage sees: every portfolio is evaluated again.
  if (rescreen.newMatches + rescreen.vanishedMatches > 0) retriageEverything(database);
  const lastImport = database.select({ id: screeningImports.id }).from(screeningImports).where(eq(screeningImports.listId, list.id)).orderBy(desc(screeningImports.id)).get()!;
  database.update(screeningImports).set({ newMatches: rescreen.newMatches, vanishedMatches: rescreen.vanishedMatches }).where(eq(screeningImports.id, lastImport.id)).run();

  const names = (entries: ScreeningEntry[]) => entries.slice(0, 5).map((e) => e.name);
  return {
    listId: list.id,
    listName: list.name,
    snapshotDate,
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    total: fresh.length,
    examples: { added: names(diff.added), removed: names(diff.removed), changed: diff.changed.slice(0, 5).map((c) => `${c.after.name} (${c.fields.join(", ")})`) },
    rescreen,
  };
}

/** Loads the snapshots shipped with the project for every list not yet in the database. */
export function ensureShippedLists(database: Db) {
  const loaded = new Set(database.select({ id: screeningLists.id }).from(screeningLists).all().map((l) => l.id));
  for (const list of SCREENING_LISTS) {
    if (loaded.has(list.id)) continue;
    const text = readFileSync(join(listsDir(), list.file), "utf8");
    importList(database, { listId: list.id, format: list.format, text, fileName: list.file, snapshotDate: list.snapshotDate });
  }
}

export function listScreeningLists(database: Db) {
  const lists = database.select().from(screeningLists).orderBy(asc(screeningLists.name)).all();
  const imports = database.select().from(screeningImports).orderBy(desc(screeningImports.id)).all();
  return lists.map((list) => ({
    ...list,
    registry: screeningList(list.id),
    lastImport: imports.find((i) => i.listId === list.id) ?? null,
  }));
}

// --- the index, and screening against it ------------------------------------------------

let cached: { stamp: string; index: ScreeningIndex } | undefined;

/** Which version of every loaded list an index must be built from. */
export function listsStamp(database: Queryable): string {
  return database
    .select({ id: screeningLists.id, version: screeningLists.version })
    .from(screeningLists)
    .orderBy(asc(screeningLists.id))
    .all()
    .map((l) => `${l.id}@${l.version}`)
    .join(",");
}

function indexFor(database: Queryable, stamp: string): ScreeningIndex {
  if (cached?.stamp === stamp) return cached.index;
  const entries = database.select().from(screeningEntries).all().map(rowToEntry);
  cached = { stamp, index: buildIndex(entries) };
  return cached.index;
}

/** The index over every loaded list, in this thread; rebuilt only when an import has changed a list. */
export function currentIndex(database: Queryable): ScreeningIndex {
  return indexFor(database, listsStamp(database));
}

export interface Screener {
  screen(query: ScreenQuery, options?: ScreenOptions): ScreeningCandidate[];
  screenMany(queries: readonly ScreenQuery[], options?: ScreenOptions): ScreeningCandidate[][];
}

export type ScreeningRequest = { stamp: string; queries: ScreenQuery[]; options: ScreenOptions };

/**
 * A thread that holds the index and screens for the server (`server/screening-worker.ts`):
 * it answers null when its database shows other list versions than `stamp`, undefined when it
 * cannot answer at all. Either way the server screens itself.
 */
export type ScreeningThread = (request: ScreeningRequest) => ScreeningCandidate[][] | null | undefined;
let thread: ScreeningThread | undefined;

/**
 * Hands screening to another thread. The index holds some hundred thousand small objects;
 * in the server's own heap every full collection would have to walk them while requests wait.
 */
export function screenThrough(screeningThread: ScreeningThread | undefined) {
  thread = screeningThread;
}

/** In the screening thread: one request, against this thread's index. */
export function answerScreening(database: Queryable, request: ScreeningRequest): ScreeningCandidate[][] | null {
  if (listsStamp(database) !== request.stamp) return null;
  const index = indexFor(database, request.stamp);
  return request.queries.map((query) => screen(index, query, request.options));
}

/**
 * Screens names against the lists as `database` sees them: in the screening thread when there
 * is one, here otherwise. Get it before opening a transaction, so that an index that has to be
 * built is built outside the write lock.
 */
export function currentScreener(database: Queryable): Screener {
  const stamp = listsStamp(database);
  const screenMany = (queries: readonly ScreenQuery[], options: ScreenOptions = {}) => {
    if (queries.length === 0) return [];
    const answer = thread?.({ stamp, queries: [...queries], options });
    if (answer) return answer;
    const index = indexFor(database, stamp);
    return queries.map((query) => screen(index, query, options));
  };
  return { screenMany, screen: (query, options) => screenMany([query], options)[0]! };
}

// --- organisations, matches and decisions ---------------------------------------------------

export function organisationKey(name: string, country: string | null) {
  const folded = normaliseName(name).folded;
  return `${(folded.length ? folded : [name.trim().toLowerCase()]).join(" ")}|${country ?? ""}`;
}

function requireOfficer(actor: Actor): number {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  return actor.institutionId;
}

/** Finds or records an organisation for an institution (spelling variants share one row). */
export function ensureOrganisation(database: Queryable, institutionId: number, name: string, country: string | null) {
  const nameKey = organisationKey(name, country);
  const existing = database
    .select()
    .from(partnerOrganisations)
    .where(and(eq(partnerOrganisations.institutionId, institutionId), eq(partnerOrganisations.nameKey, nameKey)))
    .get();
  if (existing) return existing;
  return database.insert(partnerOrganisations).values({ institutionId, name: name.trim(), country, nameKey, createdAt: new Date() }).returning().get();
}

/** Brings an organisation's stored matches up to date with its screening; returns what changed. */
function recordMatches(database: Queryable, organisation: typeof partnerOrganisations.$inferSelect, candidates: ScreeningCandidate[], now: Date) {
  const stored = database.select().from(screeningMatches).where(eq(screeningMatches.organisationId, organisation.id)).all();
  const byKey = new Map(stored.map((m) => [`${m.listId}:${m.entryId}`, m]));
  let newMatches = 0;
  let vanishedMatches = 0;
  const seen = new Set<string>();
  for (const c of candidates) {
    const key = `${c.listId}:${c.entryId}`;
    seen.add(key);
    const match = byKey.get(key);
    const values = { entryName: c.entryName, matchedName: c.matchedName, score: c.score, method: c.method, explanation: c.explanation, lastSeenAt: now };
    if (!match) {
      database.insert(screeningMatches).values({ institutionId: organisation.institutionId, organisationId: organisation.id, listId: c.listId, entryId: c.entryId, firstSeenAt: now, vanishedAt: null, ...values }).run();
      newMatches++;
    } else {
      // A match that had vanished and comes back is new again, from today.
      if (match.vanishedAt) newMatches++;
      database
        .update(screeningMatches)
        .set({ ...values, ...(match.vanishedAt ? { firstSeenAt: now, vanishedAt: null } : {}) })
        .where(eq(screeningMatches.id, match.id))
        .run();
    }
  }
  for (const match of stored) {
    if (!seen.has(`${match.listId}:${match.entryId}`) && !match.vanishedAt) {
      database.update(screeningMatches).set({ vanishedAt: now }).where(eq(screeningMatches.id, match.id)).run();
      vanishedMatches++;
    }
  }
  return { newMatches, vanishedMatches };
}

/** After a list changes: every stored organisation, of every institution, is screened again. */
export function rescreenAll(database: Db, now = new Date()): RescreenReport {
  const organisations = database.select().from(partnerOrganisations).all();
  const report = { organisations: organisations.length, newMatches: 0, vanishedMatches: 0 };
  if (organisations.length === 0) return report;
  const screened = currentScreener(database).screenMany(organisations.map((o) => ({ name: o.name, country: o.country })));
  database.transaction((tx) => {
    for (const [i, organisation] of organisations.entries()) {
      const changed = recordMatches(tx, organisation, screened[i]!, now);
      report.newMatches += changed.newMatches;
      report.vanishedMatches += changed.vanishedMatches;
    }
  });
  return report;
}

export type ScreeningResult = ScreeningCandidate & {
  listName: string;
  decision: { decision: ScreeningDecisionKind; reason: string; decidedAt: Date; decidedBy: string } | null;
};

/** Screens a name for an officer, showing any decision their office already took on each candidate. */
export function screenForInstitution(database: Db, actor: Actor, query: { name: string; country: string | null }): ScreeningResult[] {
  const institutionId = requireOfficer(actor);
  const candidates = currentScreener(database).screen(query);
  const organisation = database
    .select()
    .from(partnerOrganisations)
    .where(and(eq(partnerOrganisations.institutionId, institutionId), eq(partnerOrganisations.nameKey, organisationKey(query.name, query.country))))
    .get();
  const decisions = organisation
    ? database
        .select({ listId: screeningDecisions.listId, entryId: screeningDecisions.entryId, decision: screeningDecisions.decision, reason: screeningDecisions.reason, decidedAt: screeningDecisions.decidedAt, decidedBy: users.name })
        .from(screeningDecisions)
        .innerJoin(users, eq(users.id, screeningDecisions.decidedBy))
        .where(and(eq(screeningDecisions.institutionId, institutionId), eq(screeningDecisions.organisationId, organisation.id)))
        .all()
    : [];
  return candidates.map((c) => {
    const decision = decisions.find((d) => d.listId === c.listId && d.entryId === c.entryId);
    return { ...c, listName: screeningList(c.listId)?.shortName ?? c.listId, decision: decision ? { decision: decision.decision, reason: decision.reason, decidedAt: decision.decidedAt, decidedBy: decision.decidedBy } : null };
  });
}

/**
 * Records an officer's decision on one organisation against one list entry. It is kept for
 * the institution, audited, and shown instead of the question the next time.
 */
export function recordScreeningDecision(
  database: Db,
  actor: Actor,
  input: { name: string; country: string | null; listId: string; entryId: string; decision: ScreeningDecisionKind; reason: string },
  origin?: RequestOrigin,
) {
  const institutionId = requireOfficer(actor);
  const entry = database
    .select({ name: screeningEntries.name })
    .from(screeningEntries)
    .where(and(eq(screeningEntries.listId, input.listId), eq(screeningEntries.entryId, input.entryId)))
    .get();
  if (!entry) throw new NotFoundError("That list entry");
  const screener = currentScreener(database);
  const now = new Date();
  const saved = database.transaction((tx) => {
    const organisation = ensureOrganisation(tx, institutionId, input.name, input.country);
    recordMatches(tx, organisation, screener.screen({ name: organisation.name, country: organisation.country }), now);
    const values = { decision: input.decision, reason: input.reason, decidedBy: actor.userId, decidedAt: now };
    tx.insert(screeningDecisions)
      .values({ institutionId, organisationId: organisation.id, listId: input.listId, entryId: input.entryId, ...values })
      .onConflictDoUpdate({ target: [screeningDecisions.institutionId, screeningDecisions.organisationId, screeningDecisions.listId, screeningDecisions.entryId], set: values })
      .run();
    recordAudit(tx, {
      action: "screening.decision",
      actor,
      target: { type: "partner-organisation", id: organisation.id },
      origin,
      details: { organisation: organisation.name, country: organisation.country, listId: input.listId, entryId: input.entryId, entryName: entry.name, decision: input.decision, reason: input.reason },
    });
    return organisation;
  });
  // The decision changes what the partner's projects are flagged for.
  retriageInstitution(database, institutionId);
  return saved;
}

/** The decisions an office has recorded, newest first. */
export function listScreeningDecisions(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  return database
    .select({
      id: screeningDecisions.id,
      organisation: partnerOrganisations.name,
      country: partnerOrganisations.country,
      listId: screeningDecisions.listId,
      entryId: screeningDecisions.entryId,
      entryName: screeningEntries.name,
      decision: screeningDecisions.decision,
      reason: screeningDecisions.reason,
      decidedAt: screeningDecisions.decidedAt,
      decidedBy: users.name,
    })
    .from(screeningDecisions)
    .innerJoin(partnerOrganisations, eq(partnerOrganisations.id, screeningDecisions.organisationId))
    .innerJoin(users, eq(users.id, screeningDecisions.decidedBy))
    .leftJoin(screeningEntries, and(eq(screeningEntries.listId, screeningDecisions.listId), eq(screeningEntries.entryId, screeningDecisions.entryId)))
    .where(eq(screeningDecisions.institutionId, institutionId))
    .orderBy(desc(screeningDecisions.decidedAt))
    .limit(100)
    .all();
}

/** The matches of an institution's organisations that are current, or vanished since a date. */
export function listInstitutionMatches(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  return database
    .select({ match: screeningMatches, organisation: partnerOrganisations.name })
    .from(screeningMatches)
    .innerJoin(partnerOrganisations, eq(partnerOrganisations.id, screeningMatches.organisationId))
    .where(and(eq(screeningMatches.institutionId, institutionId), isNull(screeningMatches.vanishedAt)))
    .orderBy(desc(screeningMatches.score))
    .limit(200)
    .all();
}

export function knownListIds(): ScreeningListId[] {
  return SCREENING_LISTS.map((l) => l.id);
}


/**
 * Screens a partner as it is added to a project: the organisation is recorded for the
 * institution and its matches brought up to date. Get the screener before opening a transaction.
 */
export function screenOrganisation(database: Queryable, screener: Screener, institutionId: number, name: string, country: string | null) {
  const organisation = ensureOrganisation(database, institutionId, name, country);
  recordMatches(database, organisation, screener.screen({ name: organisation.name, country: organisation.country }), new Date());
  return organisation;
}

export type OrganisationMatch = {
  listId: string;
  listName: string;
  entryId: string;
  entryName: string;
  score: number;
  level: "strong" | "possible";
  explanation: string;
  decision: ScreeningDecisionKind | null;
};

/** The current matches of an institution's organisations, with the office's decision on each. */
export function matchesForOrganisations(database: Queryable, institutionId: number, organisationIds: number[]): Map<number, OrganisationMatch[]> {
  const result = new Map<number, OrganisationMatch[]>();
  if (organisationIds.length === 0) return result;
  const matches = database
    .select()
    .from(screeningMatches)
    .where(and(eq(screeningMatches.institutionId, institutionId), inArray(screeningMatches.organisationId, organisationIds), isNull(screeningMatches.vanishedAt)))
    .orderBy(desc(screeningMatches.score))
    .all();
  const decisions = database
    .select()
    .from(screeningDecisions)
    .where(and(eq(screeningDecisions.institutionId, institutionId), inArray(screeningDecisions.organisationId, organisationIds)))
    .all();
  for (const m of matches) {
    const decision = decisions.find((d) => d.organisationId === m.organisationId && d.listId === m.listId && d.entryId === m.entryId);
    const list = result.get(m.organisationId) ?? [];
    list.push({
      listId: m.listId,
      listName: screeningList(m.listId)?.shortName ?? m.listId,
      entryId: m.entryId,
      entryName: m.entryName,
      score: m.score,
      level: m.score >= MATCH_THRESHOLD ? "strong" : "possible",
      explanation: m.explanation,
      decision: decision?.decision ?? null,
    });
    result.set(m.organisationId, list);
  }
  return result;
}
