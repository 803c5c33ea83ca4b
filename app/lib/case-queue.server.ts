// The case queue's filters as the query string carries them, checked against the vocabularies;
// and the queue page's read, in the reading thread when the server has one
// (docs/decisions/021-the-queue-read-in-its-own-thread.md).
import { writeQueueRows, type WrittenRows } from "~/components/case-queue-rows";
import type { Actor } from "~/modules/auth/actor";
import { listQueue } from "~/modules/cases/cases.server";
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { parseQueueFilters, type QueueFilters } from "~/modules/cases/schema";
import type { Db } from "~/modules/db.server";
import { areaOptions } from "~/modules/projects/projects.server";

export function queueFiltersOf(url: URL) {
  return parseQueueFilters(url.searchParams, { areas: new Set(areaOptions().map((a) => a.id)), dimensions: new Set(Object.keys(DIMENSION_LABELS)) });
}

/** One page of the queue as the page shows it: the counts for paging, and the rows written. */
export type QueueView = { total: number; page: number; pageCount: number; rows: WrittenRows };

/** What the queue page asks the reading thread: `listQueue`'s arguments, the time as a number. */
export type QueueRead = { actor: Actor; filters: QueueFilters; now: number };

/** `listQueue` with its rows written (`writeQueueRows`): what the reading thread answers. */
export function queueView(database: Db, request: QueueRead): QueueView {
  const { total, page, pageCount, rows } = listQueue(database, request.actor, request.filters, new Date(request.now));
  return { total, page, pageCount, rows: writeQueueRows(rows, request.now) };
}

type QueueReader = { database: Db; read(request: QueueRead): Promise<QueueView | undefined> };
let queueReader: QueueReader | undefined;

/**
 * Where the server reads the queue page: a thread of its own with its own connection to
 * `database`, or, given undefined, here.
 */
export function readQueueThrough(reader: QueueReader | undefined) {
  queueReader = reader;
}

/**
 * `queueView`, read in the reading thread when the server has one for this database, so that
 * the event loop serves other requests meanwhile; here when it has none, or the thread could not
 * answer. The thread reads what this connection has committed: a change made before the call is
 * in the answer.
 */
export async function readQueueView(database: Db, actor: Actor, filters: QueueFilters, now: Date): Promise<QueueView> {
  const request = { actor, filters, now: now.getTime() };
  const answer = queueReader?.database === database ? await queueReader.read(request) : undefined;
  return answer ?? queueView(database, request);
}
