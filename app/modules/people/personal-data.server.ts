// Owns a person's rights over their data: a researcher downloads everything the portal holds
// about them, and can have their account deleted. Deletion keeps what the institution must keep
// for its compliance records (projects that became cases, with their decisions) but takes the
// person out of them; everything else is removed. A retention period per institution removes
// the personal data of closed cases after some years. What is kept, and why, is in
// docs/personal-data.md.
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import {
  assessments,
  auditEvents,
  caseDecisions,
  caseEvents,
  cases,
  caseSettings,
  emailOutbox,
  institutions,
  libraryFeedback,
  libraryReads,
  mfaRecoveryCodes,
  notificationPreferences,
  projectEvents,
  projectFunders,
  projectMembers,
  projectPartners,
  projects,
  projectTechnologyAreas,
  sessions,
  userTokens,
  users,
  warnings,
} from "../../../db/schema";
import type { Db } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { verifyPassword } from "../auth/password.server";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";

export const EXPORT_FORMAT = "upstream.personal-data/v1";
const REMOVED = "[removed: personal data past the retention period]";

/** Everything the portal holds about the researcher, as one JSON document. */
export function exportPersonalData(database: Db, actor: Actor) {
  if (actor.role !== "researcher") throw new ForbiddenError("Ask your administrator for a copy of your data.");
  const user = database.select().from(users).where(eq(users.id, actor.userId)).get()!;
  const institution = user.institutionId ? database.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, user.institutionId)).get() : null;
  const own = database.select().from(projects).where(and(eq(projects.institutionId, user.institutionId ?? -1), eq(projects.ownerId, user.id))).all();
  const ids = own.map((p) => p.id);
  const inProjects = <T,>(rows: (T & { projectId: number })[]) => (projectId: number) => rows.filter((r) => r.projectId === projectId);
  const areas = inProjects(ids.length ? database.select().from(projectTechnologyAreas).where(inArray(projectTechnologyAreas.projectId, ids)).all() : []);
  const partners = inProjects(ids.length ? database.select().from(projectPartners).where(inArray(projectPartners.projectId, ids)).all() : []);
  const funders = inProjects(ids.length ? database.select().from(projectFunders).where(inArray(projectFunders.projectId, ids)).all() : []);
  const members = inProjects(ids.length ? database.select().from(projectMembers).where(inArray(projectMembers.projectId, ids)).all() : []);
  const history = inProjects(ids.length ? database.select().from(projectEvents).where(inArray(projectEvents.projectId, ids)).all() : []);
  const selfAssessments = inProjects(ids.length ? database.select().from(assessments).where(inArray(assessments.projectId, ids)).all() : []);
  const caseRows = ids.length ? database.select({ id: cases.id, projectId: cases.projectId, status: cases.status, openedAt: cases.openedAt, closedAt: cases.closedAt }).from(cases).where(inArray(cases.projectId, ids)).all() : [];
  const caseIds = caseRows.map((c) => c.id);
  // The conversation with the office, and the decisions that apply; the office's internal notes are its working papers (see docs/personal-data.md).
  const messages = caseIds.length
    ? database
        .select({ caseId: caseEvents.caseId, at: caseEvents.at, kind: caseEvents.kind, from: caseEvents.actorName, text: caseEvents.body })
        .from(caseEvents)
        .where(and(inArray(caseEvents.caseId, caseIds), inArray(caseEvents.kind, ["question", "answer"])))
        .all()
    : [];
  const decisions = caseIds.length
    ? database.select({ caseId: caseDecisions.caseId, kind: caseDecisions.kind, details: caseDecisions.details, reviewOn: caseDecisions.reviewOn, inForceFrom: caseDecisions.confirmedAt }).from(caseDecisions).where(and(inArray(caseDecisions.caseId, caseIds), eq(caseDecisions.status, "in_force"))).all()
    : [];
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    account: { name: user.name, email: user.email, role: user.role, institution: institution?.name ?? null, status: user.status, createdAt: user.createdAt, emailVerifiedAt: user.emailVerifiedAt, twoStepSignIn: user.mfaEnabledAt !== null },
    sessions: database.select({ createdAt: sessions.createdAt, lastActiveAt: sessions.lastActiveAt, ip: sessions.ip, userAgent: sessions.userAgent }).from(sessions).where(eq(sessions.userId, user.id)).all(),
    projects: own.map((p) => ({
      title: p.title,
      summary: p.summary,
      field: p.field,
      trl: p.trl,
      status: p.status,
      startDate: p.startDate,
      endDate: p.endDate,
      createdAt: p.createdAt,
      technologyAreas: areas(p.id).map((a) => a.areaId),
      partners: partners(p.id).map((x) => ({ name: x.name, country: x.country, kind: x.kind, role: x.role })),
      funders: funders(p.id).map((x) => ({ name: x.name, country: x.country, kind: x.kind })),
      team: members(p.id).map((x) => ({ name: x.name, role: x.role })),
      selfAssessments: selfAssessments(p.id).map((a) => ({ status: a.status, questionnaireVersion: a.questionnaireVersion, answers: a.answers, startedAt: a.startedAt, submittedAt: a.submittedAt, levels: { military: a.levelMilitary, humanRights: a.levelHumanRights, itt: a.levelItt, partner: a.levelPartner } })),
      history: history(p.id).map((e) => ({ at: e.at, by: e.actorName, what: e.summary })),
      complianceOffice: caseRows
        .filter((c) => c.projectId === p.id)
        .map((c) => ({ case: c.id, status: c.status, openedAt: c.openedAt, closedAt: c.closedAt, conversation: messages.filter((m) => m.caseId === c.id), decisions: decisions.filter((d) => d.caseId === c.id) })),
    })),
    library: {
      reads: database.select({ article: libraryReads.slug, at: libraryReads.at }).from(libraryReads).where(eq(libraryReads.userId, user.id)).all(),
      feedback: database.select({ article: libraryFeedback.slug, useful: libraryFeedback.useful, comment: libraryFeedback.comment, at: libraryFeedback.at }).from(libraryFeedback).where(eq(libraryFeedback.userId, user.id)).all(),
    },
    notificationSettings: database.select({ kind: notificationPreferences.kind, mode: notificationPreferences.mode }).from(notificationPreferences).where(eq(notificationPreferences.userId, user.id)).all(),
    emailsSent: database.select({ subject: emailOutbox.subject, kind: emailOutbox.kind, status: emailOutbox.status, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt }).from(emailOutbox).where(or(eq(emailOutbox.userId, user.id), eq(emailOutbox.toAddress, user.email))).all(),
    activityLog: database.select({ at: auditEvents.at, action: auditEvents.action, outcome: auditEvents.outcome, ip: auditEvents.ip }).from(auditEvents).where(eq(auditEvents.actorUserId, user.id)).all(),
  };
}

/**
 * Deletes the researcher's account after they confirm with their password. Projects with no
 * case are deleted whole. Projects that became cases stay with the institution, which must keep
 * its compliance records, but name the researcher no more: the account is kept as an empty,
 * disabled shell ("Former researcher") so the record still holds together.
 */
export async function deleteOwnAccount(database: Db, actor: Actor, password: string, origin?: RequestOrigin) {
  if (actor.role !== "researcher") throw new ForbiddenError("Ask your administrator to close your account.");
  const checked = database.select().from(users).where(eq(users.id, actor.userId)).get()!;
  if (!checked.passwordHash || !(await verifyPassword(checked.passwordHash, password))) throw new ValidationError({ password: "That is not your password." });
  return database.transaction((tx) => {
    // Other requests ran while the password was checked: the account is taken as it is now, and
    // only if that password is still its own and it is still a researcher's.
    const user = tx.select().from(users).where(and(eq(users.id, checked.id), eq(users.status, "active"), eq(users.role, "researcher"))).get();
    if (!user) throw new ConflictError("Your account changed while this was being checked. Reload the page to see it as it is now.");
    if (user.passwordHash !== checked.passwordHash) throw new ValidationError({ password: "That is not your password." });
    const pseudonym = `Former researcher ${user.id}`;
    const formerAddress = `former-${user.id}@invalid`;
    const institutionId = user.institutionId ?? -1;
    const own = tx.select({ id: projects.id }).from(projects).where(and(eq(projects.institutionId, institutionId), eq(projects.ownerId, user.id))).all().map((p) => p.id);
    const withCases = new Set(own.length ? tx.select({ projectId: cases.projectId }).from(cases).where(inArray(cases.projectId, own)).all().map((c) => c.projectId) : []);
    const removable = own.filter((id) => !withCases.has(id));
    if (removable.length) tx.delete(projects).where(inArray(projects.id, removable)).run();
    const kept = own.filter((id) => withCases.has(id));
    if (kept.length) {
      tx.update(projectEvents).set({ actorName: pseudonym }).where(and(inArray(projectEvents.projectId, kept), eq(projectEvents.actorUserId, user.id))).run();
      tx.update(caseEvents).set({ actorName: pseudonym }).where(and(inArray(caseEvents.caseId, tx.select({ id: cases.id }).from(cases).where(inArray(cases.projectId, kept))), eq(caseEvents.actorUserId, user.id))).run();
      // A name added to a warning's packet with a stated reason is the researcher's too.
      for (const w of tx.select({ id: warnings.id, packet: warnings.packet }).from(warnings).innerJoin(cases, eq(cases.id, warnings.caseId)).where(inArray(cases.projectId, kept)).all()) {
        const packet = w.packet as { personalData?: { principalInvestigator: unknown; included: string[] } };
        if (packet.personalData?.principalInvestigator) {
          packet.personalData.principalInvestigator = null;
          packet.personalData.included = packet.personalData.included.filter((i) => i !== "principal-investigator-name");
          tx.update(warnings).set({ packet: packet as Record<string, unknown> }).where(eq(warnings.id, w.id)).run();
        }
      }
    }
    // Where the name or the address was written into text (timelines, e-mails to others, the audit log's details), it becomes the pseudonym.
    // Only in the records of the person's own institution: another institution's text is not theirs to change.
    const sqlite = database.$client;
    for (const [table, columns, scope] of SWEPT_TEXT) {
      for (const column of columns) {
        for (const [from, to] of [[user.email, formerAddress], [user.name, pseudonym]] as const) {
          if (from.length < 3) continue;
          sqlite.prepare(`update ${table} set ${column} = replace(${column}, ?, ?) where ${scope} and instr(${column}, ?) > 0`).run(from, to, institutionId, from);
        }
      }
    }
    tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
    tx.delete(userTokens).where(eq(userTokens.userId, user.id)).run();
    tx.delete(libraryReads).where(eq(libraryReads.userId, user.id)).run();
    tx.delete(libraryFeedback).where(eq(libraryFeedback.userId, user.id)).run();
    tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, user.id)).run();
    tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id)).run();
    // A message still waiting to go is not sent to an account that no longer exists. Marking it
    // skipped also stops a sender that holds it at this moment from writing what it rendered
    // back into the row: a sender records an outcome only for a row that is still queued.
    const toThePerson = or(eq(emailOutbox.userId, user.id), eq(emailOutbox.toAddress, user.email));
    tx.update(emailOutbox)
      .set({ status: "skipped", lastError: "The account was deleted before this was sent." })
      .where(and(eq(emailOutbox.status, "queued"), toThePerson))
      .run();
    tx.update(emailOutbox).set({ toAddress: formerAddress, subject: null, html: null, text: null, props: null }).where(toThePerson).run();
    tx.update(auditEvents).set({ actorEmail: formerAddress, ip: null, userAgent: null }).where(eq(auditEvents.actorUserId, user.id)).run();
    tx.update(auditEvents).set({ actorEmail: formerAddress, ip: null, userAgent: null }).where(and(eq(auditEvents.institutionId, institutionId), eq(auditEvents.actorEmail, user.email))).run();
    tx.update(users)
      .set({ name: pseudonym, email: formerAddress, passwordHash: null, status: "disabled", totpKey: null, mfaEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, user.id))
      .run();
    recordAudit(tx, { action: "account.delete", actor: { ...actor, email: formerAddress }, target: { type: "user", id: user.id }, origin, details: { projectsDeleted: removable.length, projectsKeptForRecords: kept.length } });
    return { projectsDeleted: removable.length, projectsKept: kept.length };
  });
}

/** Free-text columns that may carry a person's name or address, written by the portal itself. */
const SWEPT_TEXT: [table: string, columns: string[], scope: string][] = [
  ["case_events", ["summary", "body", "actor_name"], "institution_id = ?"],
  ["case_decisions", ["rationale"], "institution_id = ?"],
  ["project_events", ["summary", "actor_name"], "institution_id = ?"],
  ["warning_events", ["summary", "body", "actor_name"], "institution_id = ?"],
  ["warnings", ["packet"], "institution_id = ?"],
  ["email_outbox", ["subject", "html", "text", "props", "to_address"], "user_id in (select id from users where institution_id = ?)"],
  ["audit_events", ["details", "actor_email"], "institution_id = ?"],
];

const YEAR = 365.25 * 86_400_000;

/**
 * Removes the personal data of cases closed longer ago than their institution's retention
 * period: the conversation and internal notes lose their text and authors, warnings lose a
 * named researcher. The decision, its kind, rationale and dates stay as the record.
 */
export function applyRetention(database: Db, now = new Date()) {
  const settings = database.select({ institutionId: institutions.id, years: sql<number>`coalesce(${caseSettings.retentionYears}, 10)` }).from(institutions).leftJoin(caseSettings, eq(caseSettings.institutionId, institutions.id)).all();
  let cleared = 0;
  for (const { institutionId, years } of settings) {
    const cutoff = new Date(now.getTime() - years * YEAR);
    const due = (reader: Pick<Db, "select">) =>
      reader
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.institutionId, institutionId), eq(cases.isOpen, 0), lt(cases.closedAt, cutoff)))
        .all()
        .map((c) => c.id);
    if (due(database).length === 0) continue;
    database.transaction((tx) => {
      // Chosen again under the write lock: a case another connection reopened meanwhile keeps its conversation.
      const old = due(tx);
      let changed = 0;
      for (let i = 0; i < old.length; i += 500) {
        const chunk = old.slice(i, i + 500);
        const result = tx
          .update(caseEvents)
          .set({ body: REMOVED, actorName: null, actorUserId: null })
          .where(and(inArray(caseEvents.caseId, chunk), inArray(caseEvents.kind, ["question", "answer", "note"]), sql`${caseEvents.body} is not ${REMOVED}`))
          .run();
        cleared += result.changes;
        changed += result.changes;
        for (const w of tx.select({ id: warnings.id, packet: warnings.packet }).from(warnings).where(inArray(warnings.caseId, chunk)).all()) {
          const packet = w.packet as { personalData?: { principalInvestigator: unknown; included: string[] } };
          if (!packet.personalData?.principalInvestigator) continue;
          packet.personalData.principalInvestigator = null;
          packet.personalData.included = packet.personalData.included.filter((x) => x !== "principal-investigator-name");
          tx.update(warnings).set({ packet: packet as Record<string, unknown> }).where(eq(warnings.id, w.id)).run();
          changed++;
        }
      }
      if (changed > 0) recordAudit(tx, { action: "retention.apply", institutionId, details: { cases: old.length, years, entries: changed } });
    });
  }
  return { cleared };
}
