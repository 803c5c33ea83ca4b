// Owns early warnings: an officer escalates a case to the agencies covering the institution's
// country as a reviewed `upstream.warning/v1` packet; the agency's analysts acknowledge it, ask
// the institution for more and close it with an outcome. Each step is a thread row both sides
// see, a line in the case's timeline, and an audit row. An agency sees only what was sent to it.
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { agencies, agencyCountries, caseDecisions, caseEvents, cases, institutions, users, warningEvents, warnings, type WarningOutcome, type WarningStatus, type WarningUrgency } from "../../../db/schema";
import type { Db, Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { caseFor } from "../cases/cases.server";
import { getProject } from "../projects/projects.server";
import { partnerKindLabels } from "../projects/labels";
import { flagsForProject } from "../triage/triage.server";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { euCriticalTechnologyLabel } from "../reference/technology-areas";
import { loadAnnexI } from "../reference/annex-i.server";
import { URGENCY_RANK, WARNING_FORMAT, warningPacketSchema, type WarningPacket } from "./packet";
import { outcomeLabels, urgencyLabels, warningStatusLabels } from "./labels";
import { analystsOf, enqueueNudge } from "../nudges/nudges.server";

export type EscalationInput = { agencyIds: number[]; urgency: WarningUrgency; concern: string; includePi: boolean; piReason: string | null };

// --- the institution's side ----------------------------------------------------------------

/** The agencies whose jurisdiction covers the institution's country. */
export function agenciesFor(database: Queryable, institutionId: number) {
  const institution = database.select({ country: institutions.country }).from(institutions).where(eq(institutions.id, institutionId)).get();
  if (!institution) return [];
  return database
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .innerJoin(agencyCountries, eq(agencyCountries.agencyId, agencies.id))
    .where(eq(agencyCountries.country, institution.country))
    .orderBy(asc(agencies.name))
    .all();
}

/** What the escalation form offers: the agencies (those already warned marked), and a draft of the concern. */
export function escalationOptions(database: Db, actor: Actor, caseId: number) {
  const row = caseFor(database, actor, caseId);
  const sent = new Set(database.select({ agencyId: warnings.agencyId }).from(warnings).where(and(eq(warnings.caseId, row.id), eq(warnings.institutionId, row.institutionId))).all().map((w) => w.agencyId));
  const open = flagsForProject(database, actor, row.projectId).filter((f) => f.status === "open");
  return {
    case: row,
    agencies: agenciesFor(database, row.institutionId).map((a) => ({ ...a, alreadyWarned: sent.has(a.id) })),
    draftConcern: open.length ? `The compliance office is concerned about: ${open.map((f) => f.title.toLowerCase()).join("; ")}.` : "",
  };
}

/** Builds the packet exactly as it would be sent, for the officer to review. Nothing is stored. */
export function buildPacket(database: Db, actor: Actor, caseId: number, input: Omit<EscalationInput, "agencyIds">, at = new Date(), id = "UPW-0"): WarningPacket {
  const row = caseFor(database, actor, caseId);
  const view = getProject(database, actor, row.projectId);
  const institution = database.select().from(institutions).where(eq(institutions.id, row.institutionId)).get()!;
  const flags = flagsForProject(database, actor, row.projectId).filter((f) => f.status === "open");
  const taxonomy = loadTechnologyTaxonomy();
  const annex = loadAnnexI();
  const areas = view.areas.map((id) => taxonomy.areas.find((a) => a.id === id)).filter((a) => a !== undefined);
  const categories = [...new Set(areas.flatMap((a) => a.controlList.categories))].sort();
  const groups = [...new Set(areas.flatMap((a) => a.controlList.productGroups))].sort();
  const licence = database
    .select({ details: caseDecisions.details })
    .from(caseDecisions)
    .where(and(eq(caseDecisions.caseId, row.id), eq(caseDecisions.kind, "licence_required"), inArray(caseDecisions.status, ["awaiting_confirmation", "in_force"])))
    .all()
    .map((d) => d.details.controlEntry)
    .filter((code): code is string => Boolean(code));
  const entries = new Map<string, "technology-area" | "office-decision">();
  for (const code of licence) entries.set(code, "office-decision");
  for (const code of areas.flatMap((a) => a.controlList.exampleEntries)) if (!entries.has(code)) entries.set(code, "technology-area");
  const packet: WarningPacket = {
    format: WARNING_FORMAT,
    id,
    sentAt: at.toISOString(),
    urgency: input.urgency,
    severity: row.severity as WarningPacket["severity"],
    dimensions: row.dimensions.split(",").filter(Boolean) as WarningPacket["dimensions"],
    concern: input.concern,
    institution: { name: institution.name, country: institution.country, reference: `case ${row.id}`, contact: { name: actor.name, email: actor.email, role: "Compliance officer" } },
    technology: {
      trl: view.project.trl,
      areas: areas.map((a) => ({ id: a.id, label: a.label, euCriticalTechnologyArea: a.euCriticalTechnology ? euCriticalTechnologyLabel(a.euCriticalTechnology.area) : null })),
      controlList: {
        scheme: "EU Annex I (Regulation (EU) 2021/821), Wassenaar Arrangement numbering",
        categories: categories.map((code) => ({ code, name: annex.category(code)?.name ?? `Category ${code}` })),
        productGroups: groups.map((code) => ({ code, name: annex.productGroup(code)?.name ?? `Group ${code}` })),
        entries: [...entries].map(([code, basis]) => ({ code, heading: annex.entry(code)?.heading ?? code, basis })),
      },
    },
    partners: view.partners.map((p) => ({
      name: p.name,
      country: p.country,
      kind: partnerKindLabels[p.kind],
      role: p.role,
      screening: p.matches.map((m) => ({ list: m.listName, entry: m.entryName, score: Math.round(m.score * 1000) / 1000, explanation: m.explanation, officeDecision: m.decision })),
    })),
    flags: flags.map((f) => ({ ruleId: f.ruleId, title: f.title, severity: f.severity as WarningPacket["severity"], dimension: f.dimension as WarningPacket["dimensions"][number], rationale: f.rationale, ruleSetVersion: f.ruleSetVersion })),
    personalData: {
      included: input.includePi ? ["institution-contact", "principal-investigator-name"] : ["institution-contact"],
      principalInvestigator: input.includePi ? { name: view.owner.name, reason: input.piReason ?? "" } : null,
    },
  };
  return packet;
}

/** Sends the reviewed packet to each chosen agency; the case becomes escalated. */
export function escalateCase(database: Db, actor: Actor, caseId: number, input: EscalationInput, origin?: RequestOrigin) {
  const row = caseFor(database, actor, caseId);
  if (row.isOpen !== 1) throw new ConflictError("closed", "A closed case cannot be escalated. Reopen it first.");
  const allowed = new Map(agenciesFor(database, row.institutionId).map((a) => [a.id, a.name]));
  const chosen = [...new Set(input.agencyIds)];
  if (chosen.length === 0) throw new ValidationError({ agencyIds: "Choose the agency to warn." });
  if (chosen.some((id) => !allowed.has(id))) throw new ValidationError({ agencyIds: "Choose an agency that covers your institution's country." });
  if (input.includePi && (!input.piReason || input.piReason.trim().length < 10)) throw new ValidationError({ piReason: "Say why the agency needs the principal investigator's name (at least 10 characters)." });
  const now = new Date();
  return database.transaction((tx) => {
    const ids: number[] = [];
    for (const agencyId of chosen) {
      const exists = tx.select({ id: warnings.id }).from(warnings).where(and(eq(warnings.caseId, row.id), eq(warnings.agencyId, agencyId))).get();
      if (exists) throw new ConflictError("already sent", `This case has already been escalated to ${allowed.get(agencyId)}; continue in that warning's thread.`);
      const { id } = tx
        .insert(warnings)
        .values({ institutionId: row.institutionId, agencyId, caseId: row.id, status: "new", urgency: input.urgency, urgencyRank: URGENCY_RANK[input.urgency], packet: {}, sentBy: actor.userId, sentAt: now, updatedAt: now })
        .returning({ id: warnings.id })
        .get();
      const packet = warningPacketSchema.parse(buildPacket(database, actor, row.id, input, now, `UPW-${id}`));
      tx.update(warnings).set({ packet }).where(eq(warnings.id, id)).run();
      tx.insert(warningEvents).values({ warningId: id, institutionId: row.institutionId, agencyId, at: now, actorUserId: actor.userId, actorName: actor.name, side: "institution", kind: "sent", summary: `${actor.name} sent the warning (${urgencyLabels[input.urgency].toLowerCase()}).` }).run();
      tx.insert(caseEvents)
        .values({ caseId: row.id, institutionId: row.institutionId, at: now, actorUserId: actor.userId, actorName: actor.name, kind: "escalated", summary: `${actor.name} escalated the case to ${allowed.get(agencyId)} as warning UPW-${id} (${urgencyLabels[input.urgency].toLowerCase()}${input.includePi ? ", with the principal investigator's name" : ""}).`, body: input.concern, internal: 0 })
        .run();
      recordAudit(tx, { action: "warning.send", actor, target: { type: "warning", id }, origin, details: { caseId: row.id, agencyId, urgency: input.urgency, principalInvestigatorIncluded: input.includePi } });
      for (const userId of analystsOf(tx, agencyId)) {
        enqueueNudge(tx, { userId, kind: "warning-new", key: `warning-new/${id}/${userId}`, props: { warningId: `UPW-${id}`, institutionName: packet.institution.name, urgency: urgencyLabels[input.urgency], severity: packet.severity, concern: input.concern }, path: `/agency/warnings/${id}` }, now);
      }
      ids.push(id);
    }
    tx.update(cases)
      .set({ status: "escalated", updatedAt: now, ...(row.assigneeId === null ? { assigneeId: actor.userId } : {}) })
      .where(and(eq(cases.id, row.id), eq(cases.isOpen, 1)))
      .run();
    return ids;
  });
}

/** The warnings of a case with their threads, for the case page. */
export function warningsForCase(database: Db, actor: Actor, caseId: number) {
  const row = caseFor(database, actor, caseId);
  const rows = database
    .select({ id: warnings.id, agencyName: agencies.name, status: warnings.status, urgency: warnings.urgency, sentAt: warnings.sentAt, outcome: warnings.outcome, outcomeNote: warnings.outcomeNote, packet: warnings.packet })
    .from(warnings)
    .innerJoin(agencies, eq(agencies.id, warnings.agencyId))
    .where(and(eq(warnings.caseId, row.id), eq(warnings.institutionId, row.institutionId)))
    .orderBy(asc(warnings.sentAt))
    .all();
  const threads = eventsOf(database, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, events: threads.get(r.id) ?? [] }));
}

/** The officer answers the agency's question from the case; the warning goes back to the agency. */
export function answerAgency(database: Db, actor: Actor, warningId: number, body: string, origin?: RequestOrigin) {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  const row = database.select().from(warnings).where(and(eq(warnings.id, warningId), eq(warnings.institutionId, actor.institutionId))).get();
  if (!row) throw new NotFoundError("That warning");
  const now = new Date();
  database.transaction((tx) => {
    const result = tx.update(warnings).set({ status: "acknowledged", updatedAt: now }).where(and(eq(warnings.id, row.id), eq(warnings.status, "information_requested"))).run();
    if (result.changes !== 1) throw new ConflictError("not asked", "The agency has no open question on this warning.");
    const event = tx
      .insert(warningEvents)
      .values({ warningId: row.id, institutionId: row.institutionId, agencyId: row.agencyId, at: now, actorUserId: actor.userId, actorName: actor.name, side: "institution", kind: "answer", summary: `${actor.name} answered the agency.`, body })
      .returning({ id: warningEvents.id })
      .get();
    const institutionName = tx.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, row.institutionId)).get()?.name ?? "The institution";
    for (const userId of analystsOf(tx, row.agencyId)) {
      enqueueNudge(tx, { userId, kind: "warning-answer", key: `warning-answer/${event.id}/${userId}`, props: { warningId: `UPW-${row.id}`, institutionName, answer: body }, path: `/agency/warnings/${row.id}` }, now);
    }
    tx.insert(caseEvents).values({ caseId: row.caseId, institutionId: row.institutionId, at: now, actorUserId: actor.userId, actorName: actor.name, kind: "agency", summary: `${actor.name} answered the agency on warning UPW-${row.id}.`, body, internal: 0 }).run();
    recordAudit(tx, { action: "warning.answer", actor, target: { type: "warning", id: row.id }, origin });
  });
}

// --- the agency's side ---------------------------------------------------------------------

function analystAgency(actor: Actor): number {
  if (actor.role !== "analyst" || actor.agencyId === null) throw new ForbiddenError();
  return actor.agencyId;
}

function eventsOf(database: Queryable, ids: number[]) {
  const map = new Map<number, (typeof warningEvents.$inferSelect)[]>();
  if (ids.length === 0) return map;
  for (const e of database.select().from(warningEvents).where(inArray(warningEvents.warningId, ids)).orderBy(asc(warningEvents.at), asc(warningEvents.id)).all()) {
    map.set(e.warningId, [...(map.get(e.warningId) ?? []), e]);
  }
  return map;
}

export const INBOX_PAGE_SIZE = 50;

/** The analyst's inbox: open warnings first (new before the rest), most urgent first, newest first. */
export function listInbox(database: Db, actor: Actor, filters: { status?: WarningStatus | "open" | "all" } = {}) {
  const agencyId = analystAgency(actor);
  const where = [eq(warnings.agencyId, agencyId)];
  const status = filters.status ?? "open";
  if (status === "open") where.push(sql`${warnings.status} != 'closed'`);
  else if (status !== "all") where.push(eq(warnings.status, status));
  return database
    .select({ id: warnings.id, status: warnings.status, urgency: warnings.urgency, sentAt: warnings.sentAt, updatedAt: warnings.updatedAt, institution: institutions.name, packet: warnings.packet })
    .from(warnings)
    .innerJoin(institutions, eq(institutions.id, warnings.institutionId))
    .where(and(...where))
    .orderBy(sql`case ${warnings.status} when 'new' then 0 when 'information_requested' then 2 when 'closed' then 3 else 1 end`, asc(warnings.urgencyRank), desc(warnings.sentAt))
    .limit(INBOX_PAGE_SIZE)
    .all()
    .map((w) => {
      const packet = w.packet as WarningPacket;
      return { id: w.id, status: w.status, urgency: w.urgency, sentAt: w.sentAt, updatedAt: w.updatedAt, institution: w.institution, severity: packet.severity, areas: packet.technology.areas.map((a) => a.label), countries: [...new Set(packet.partners.map((p) => p.country).filter(Boolean))] as string[] };
    });
}

/** Counts for the agency's home page. */
export function inboxCounts(database: Db, actor: Actor) {
  const agencyId = analystAgency(actor);
  return database.$client
    .prepare("select coalesce(sum(status = 'new'), 0) as fresh, coalesce(sum(status != 'closed'), 0) as open, coalesce(sum(status = 'information_requested'), 0) as waiting from warnings where agency_id = ?")
    .get(agencyId) as { fresh: number; open: number; waiting: number };
}

function warningForAgency(database: Queryable, agencyId: number, warningId: number) {
  const row = database.select().from(warnings).where(and(eq(warnings.id, warningId), eq(warnings.agencyId, agencyId))).get();
  if (!row) throw new NotFoundError("That warning");
  return row;
}

/** One warning as the analyst reads it: the packet, its status and the thread. */
export function getWarning(database: Db, actor: Actor, warningId: number) {
  const row = warningForAgency(database, analystAgency(actor), warningId);
  return { ...row, packet: row.packet as WarningPacket, events: eventsOf(database, [row.id]).get(row.id) ?? [] };
}

function agencyStep(
  database: Db,
  actor: Actor,
  warningId: number,
  step: { from: WarningStatus[]; to: WarningStatus; kind: "acknowledged" | "question" | "closed"; summary: string; body?: string | null; set?: Partial<typeof warnings.$inferInsert>; caseSummary: string },
  origin?: RequestOrigin,
) {
  const agencyId = analystAgency(actor);
  const row = warningForAgency(database, agencyId, warningId);
  const now = new Date();
  database.transaction((tx) => {
    const result = tx
      .update(warnings)
      .set({ status: step.to, updatedAt: now, ...step.set })
      .where(and(eq(warnings.id, row.id), inArray(warnings.status, step.from)))
      .run();
    if (result.changes !== 1) throw new ConflictError("transition", `This warning is “${warningStatusLabels[row.status]}”; reload the page to see what changed.`);
    tx.insert(warningEvents).values({ warningId: row.id, institutionId: row.institutionId, agencyId, at: now, actorUserId: actor.userId, actorName: actor.name, side: "agency", kind: step.kind, summary: step.summary, body: step.body ?? null }).run();
    tx.insert(caseEvents).values({ caseId: row.caseId, institutionId: row.institutionId, at: now, actorUserId: null, actorName: null, kind: "agency", summary: step.caseSummary, body: step.body ?? null, internal: 0 }).run();
    recordAudit(tx, { action: `warning.${step.kind === "question" ? "ask" : step.kind === "acknowledged" ? "acknowledge" : "close"}`, actor, target: { type: "warning", id: row.id }, origin, details: { institutionId: row.institutionId, status: step.to } });
  });
}

function agencyName(database: Queryable, actor: Actor) {
  return database.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, actor.agencyId ?? -1)).get()?.name ?? "The agency";
}

export function acknowledgeWarning(database: Db, actor: Actor, warningId: number, origin?: RequestOrigin) {
  const agency = agencyName(database, actor);
  agencyStep(database, actor, warningId, { from: ["new"], to: "acknowledged", kind: "acknowledged", summary: `${actor.name} acknowledged the warning.`, set: { acknowledgedAt: new Date() }, caseSummary: `${agency} acknowledged warning UPW-${warningId}.` }, origin);
}

export function askInstitution(database: Db, actor: Actor, warningId: number, body: string, origin?: RequestOrigin) {
  const agency = agencyName(database, actor);
  agencyStep(
    database,
    actor,
    warningId,
    { from: ["new", "acknowledged", "information_requested"], to: "information_requested", kind: "question", summary: `${actor.name} asked the institution for more information.`, body, set: {}, caseSummary: `${agency} asks for more information on warning UPW-${warningId}. Answer it in the warning's thread below.` },
    origin,
  );
}

export function closeWarning(database: Db, actor: Actor, warningId: number, outcome: WarningOutcome, note: string | null, origin?: RequestOrigin) {
  const agency = agencyName(database, actor);
  agencyStep(
    database,
    actor,
    warningId,
    {
      from: ["new", "acknowledged", "information_requested"],
      to: "closed",
      kind: "closed",
      summary: `${actor.name} closed the warning: ${outcomeLabels[outcome]}.`,
      body: note,
      set: { outcome, outcomeNote: note, closedAt: new Date() },
      caseSummary: `${agency} closed warning UPW-${warningId}: ${outcomeLabels[outcome]}.`,
    },
    origin,
  );
}

// --- the feed for agencies' systems --------------------------------------------------------

/** Warnings for an agency's API token: newest first, filtered by status and sending date, keyset-paged by id. */
export function listWarningsForAgency(database: Db, agencyId: number, filters: { status?: WarningStatus; since?: Date; until?: Date; before?: number }, limit = 100) {
  const where = [eq(warnings.agencyId, agencyId)];
  if (filters.status) where.push(eq(warnings.status, filters.status));
  if (filters.since) where.push(sql`${warnings.sentAt} >= ${filters.since.getTime()}`);
  if (filters.until) where.push(sql`${warnings.sentAt} < ${filters.until.getTime()}`);
  if (filters.before) where.push(lt(warnings.id, filters.before));
  const rows = database.select().from(warnings).where(and(...where)).orderBy(desc(warnings.id)).limit(limit).all();
  return {
    warnings: rows.map((r) => ({ packet: r.packet as WarningPacket, status: r.status, outcome: r.outcome, updatedAt: r.updatedAt.toISOString() })),
    next: rows.length === limit ? rows.at(-1)!.id : null,
  };
}

export function officerName(database: Queryable, userId: number) {
  return database.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? null;
}
