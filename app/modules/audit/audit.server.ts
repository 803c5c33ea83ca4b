// Owns the audit trail: an append-only record of sign-ins, failures, administrative changes
// and every denied access. Writers pass the transaction of the change they record, so the
// change fails when its audit row cannot be written.
import { and, desc, eq, lt } from "drizzle-orm";
import { auditEvents } from "../../../db/schema";
import type { Db } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { ForbiddenError } from "../errors";

type Writer = Pick<Db, "insert">;

export type AuditInput = {
  action: string;
  outcome?: "success" | "failure" | "denied";
  actor?: Pick<Actor, "userId" | "role" | "email" | "institutionId" | "agencyId"> | null;
  /** For events without a signed-in actor, e.g. a failed sign-in. */
  email?: string | null;
  institutionId?: number | null;
  agencyId?: number | null;
  target?: { type: string; id: string | number } | null;
  origin?: RequestOrigin | null;
  details?: Record<string, unknown> | null;
  at?: Date;
};

export function recordAudit(writer: Writer, input: AuditInput) {
  writer
    .insert(auditEvents)
    .values({
      at: input.at ?? new Date(),
      actorUserId: input.actor?.userId ?? null,
      actorRole: input.actor?.role ?? null,
      actorEmail: input.actor?.email ?? input.email ?? null,
      institutionId: input.institutionId ?? input.actor?.institutionId ?? null,
      agencyId: input.agencyId ?? input.actor?.agencyId ?? null,
      action: input.action,
      outcome: input.outcome ?? "success",
      targetType: input.target?.type ?? null,
      targetId: input.target ? String(input.target.id) : null,
      ip: input.origin?.ip ?? null,
      userAgent: input.origin?.userAgent?.slice(0, 300) ?? null,
      details: input.details ?? null,
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit trail, newest first, for administrators; keyset-paginated by id. */
export function listAuditEvents(database: Db, actor: Actor, options: { before?: number; action?: string } = {}) {
  if (actor.role !== "admin") throw new ForbiddenError();
  const filters = [];
  if (options.before) filters.push(lt(auditEvents.id, options.before));
  if (options.action) filters.push(eq(auditEvents.action, options.action));
  return database
    .select()
    .from(auditEvents)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE)
    .all();
}
