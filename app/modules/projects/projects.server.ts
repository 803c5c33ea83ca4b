// Owns research projects: registration, their facts, partners (screened as they are added),
// funders and team, their history, and what a change means for the self-assessment.
// Researchers reach their own projects; compliance officers their institution's.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  assessments,
  cases,
  institutions,
  projectEvents,
  projectFunders,
  projectMembers,
  projectPartners,
  projects,
  projectTechnologyAreas,
  users,
  type Project,
} from "../../../db/schema";
import { preparedOnce, type Db, type Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { currentScreener, matchesForOrganisations, screenOrganisation, type OrganisationMatch } from "../screening/screening.server";
import type { FunderInput, MemberInput, PartnerInput, ProjectInput } from "./schema";
import type { ProjectFacts } from "../assessment/questionnaire";
import { queueTriage, triageQueued } from "../triage/queue.server";
import { enqueueNudge } from "../nudges/nudges.server";
import { createHash } from "node:crypto";

// --- access ---------------------------------------------------------------------------------

/** Loads a project the actor may see, or throws NotFound (another institution's looks absent). */
function projectFor(database: Queryable, actor: Actor, projectId: number): Project {
  const institutionId = projectReaderInstitution(actor);
  return readableProject(actor, database.select().from(projects).where(and(eq(projects.id, projectId), eq(projects.institutionId, institutionId))).get());
}

/** Researchers and officers read their own institution's projects; nobody else does. */
function projectReaderInstitution(actor: Actor): number {
  if (actor.institutionId === null || (actor.role !== "researcher" && actor.role !== "officer")) throw new ForbiddenError();
  return actor.institutionId;
}

/** The project found in the actor's institution, if it is theirs to read: a researcher reads only their own. */
function readableProject(actor: Actor, project: Project | undefined): Project {
  if (!project || (actor.role === "researcher" && project.ownerId !== actor.userId)) throw new NotFoundError("That project");
  return project;
}

/** Only the principal investigator changes a project; officers read it. */
function editableProject(database: Queryable, actor: Actor, projectId: number): Project {
  const project = projectFor(database, actor, projectId);
  requireEditor(actor);
  return project;
}

/** After a check that the project is the actor's to read: only its PI changes it. */
export function requireEditor(actor: Actor) {
  if (actor.role !== "researcher") throw new ForbiddenError("Only the project's principal investigator can change it.");
}

function checkAreas(areaIds: string[]) {
  const known = new Set(loadTechnologyTaxonomy().areas.map((a) => a.id));
  const unknown = areaIds.filter((id) => !known.has(id));
  if (unknown.length) throw new ValidationError({ technologyAreas: "Choose technology areas from the list." });
  return [...new Set(areaIds)];
}

function logEvent(tx: Queryable, project: Project, actor: Actor, action: string, summary: string) {
  tx.insert(projectEvents).values({ projectId: project.id, institutionId: project.institutionId, at: new Date(), actorUserId: actor.userId, actorName: actor.name, action, summary }).run();
}

function hasSubmittedAssessment(tx: Queryable, projectId: number) {
  return Boolean(tx.select({ id: assessments.id }).from(assessments).where(and(eq(assessments.projectId, projectId), eq(assessments.status, "submitted"))).get());
}

/** A change that matters after an assessment asks the researcher to assess again. */
function askForReassessment(tx: Queryable, project: Project, reason: string) {
  if (!hasSubmittedAssessment(tx, project.id)) return;
  const reasons = project.reassessmentReason ? `${project.reassessmentReason}; ${reason}` : reason;
  tx.update(projects).set({ reassessmentReason: reasons.slice(0, 500) }).where(eq(projects.id, project.id)).run();
  const episode = createHash("sha256").update(reasons).digest("hex").slice(0, 16);
  enqueueNudge(tx, { userId: project.ownerId, kind: "reassessment-request", key: `reassessment-request/${project.id}/${episode}`, props: { projectTitle: project.title, reason: reasons.slice(0, 500) }, path: `/projects/${project.id}` });
}

function touch(tx: Queryable, projectId: number) {
  tx.update(projects).set({ updatedAt: new Date() }).where(eq(projects.id, projectId)).run();
}

// --- registering and changing ---------------------------------------------------------------

export function registerProject(database: Db, actor: Actor, input: ProjectInput, origin?: RequestOrigin) {
  if (actor.role !== "researcher" || actor.institutionId === null) throw new ForbiddenError("Only researchers register projects.");
  const areas = checkAreas(input.technologyAreas);
  const now = new Date();
  return database.transaction((tx) => {
    const project = tx
      .insert(projects)
      .values({ institutionId: actor.institutionId!, ownerId: actor.userId, title: input.title, summary: input.summary, field: input.field, trl: input.trl, startDate: input.startDate, endDate: input.endDate, status: "draft", createdAt: now, updatedAt: now })
      .returning()
      .get();
    tx.insert(projectTechnologyAreas).values(areas.map((areaId) => ({ projectId: project.id, areaId }))).run();
    logEvent(tx, project, actor, "project.create", `Registered the project at TRL ${input.trl}.`);
    recordAudit(tx, { action: "project.create", actor, target: { type: "project", id: project.id }, origin });
    return project;
  });
}

export function updateProject(database: Db, actor: Actor, projectId: number, input: ProjectInput, origin?: RequestOrigin) {
  const areas = checkAreas(input.technologyAreas);
  database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    const before = tx.select({ areaId: projectTechnologyAreas.areaId }).from(projectTechnologyAreas).where(eq(projectTechnologyAreas.projectId, projectId)).all().map((a) => a.areaId);
    const changes: string[] = [];
    if (project.title !== input.title) changes.push("title");
    if (project.summary !== input.summary) changes.push("summary");
    if (project.field !== input.field) changes.push("field");
    if (project.startDate !== input.startDate || project.endDate !== input.endDate) changes.push("dates");
    const added = areas.filter((a) => !before.includes(a));
    const removed = before.filter((a) => !areas.includes(a));
    if (added.length || removed.length) changes.push("technology areas");
    if (project.trl !== input.trl) changes.push(`TRL ${project.trl} → ${input.trl}`);
    if (changes.length === 0) return;
    tx.update(projects)
      .set({ title: input.title, summary: input.summary, field: input.field, trl: input.trl, startDate: input.startDate, endDate: input.endDate, updatedAt: new Date() })
      .where(eq(projects.id, projectId))
      .run();
    tx.delete(projectTechnologyAreas).where(eq(projectTechnologyAreas.projectId, projectId)).run();
    tx.insert(projectTechnologyAreas).values(areas.map((areaId) => ({ projectId, areaId }))).run();
    logEvent(tx, project, actor, "project.update", `Changed ${changes.join(", ")}.`);
    recordAudit(tx, { action: "project.update", actor, target: { type: "project", id: projectId }, origin, details: { changes } });
    if (project.trl !== input.trl) askForReassessment(tx, project, `the readiness level changed from ${project.trl} to ${input.trl}`);
    if (added.length) askForReassessment(tx, { ...project, reassessmentReason: tx.select().from(projects).where(eq(projects.id, projectId)).get()!.reassessmentReason }, "a new technology area was added");
    queueTriage(database, [projectId]);
  });
  triageQueued(database);
}

export function addPartner(database: Db, actor: Actor, projectId: number, input: PartnerInput, origin?: RequestOrigin) {
  // Get the screener (which may have to build its index) before taking the write lock.
  const screener = currentScreener(database);
  const added = database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    const organisation = screenOrganisation(tx, screener, project.institutionId, input.name, input.country);
    const partner = tx
      .insert(projectPartners)
      .values({ projectId, institutionId: project.institutionId, organisationId: organisation.id, name: input.name, country: input.country, kind: input.kind, role: input.role, createdAt: new Date() })
      .returning()
      .get();
    touch(tx, projectId);
    logEvent(tx, project, actor, "project.partner-add", `Added the partner ${input.name}${input.country ? ` (${input.country})` : ""}.`);
    recordAudit(tx, { action: "project.partner-add", actor, target: { type: "project", id: projectId }, origin, details: { partner: input.name, country: input.country, kind: input.kind } });
    askForReassessment(tx, project, `a new partner, ${input.name}, was added`);
    queueTriage(database, [projectId]);
    return partner;
  });
  triageQueued(database);
  return added;
}

export function removePartner(database: Db, actor: Actor, projectId: number, partnerId: number, origin?: RequestOrigin) {
  database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    const partner = tx.select().from(projectPartners).where(and(eq(projectPartners.id, partnerId), eq(projectPartners.projectId, projectId))).get();
    if (!partner) throw new NotFoundError("That partner");
    tx.delete(projectPartners).where(eq(projectPartners.id, partnerId)).run();
    touch(tx, projectId);
    logEvent(tx, project, actor, "project.partner-remove", `Removed the partner ${partner.name}.`);
    recordAudit(tx, { action: "project.partner-remove", actor, target: { type: "project", id: projectId }, origin, details: { partner: partner.name } });
    queueTriage(database, [projectId]);
  });
  triageQueued(database);
}

export function addFunder(database: Db, actor: Actor, projectId: number, input: FunderInput, origin?: RequestOrigin) {
  database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    tx.insert(projectFunders).values({ projectId, institutionId: project.institutionId, name: input.name, country: input.country, kind: input.kind, createdAt: new Date() }).run();
    touch(tx, projectId);
    logEvent(tx, project, actor, "project.funder-add", `Added the funder ${input.name}.`);
    recordAudit(tx, { action: "project.funder-add", actor, target: { type: "project", id: projectId }, origin, details: { funder: input.name, kind: input.kind } });
    askForReassessment(tx, project, `a new funder, ${input.name}, was added`);
    queueTriage(database, [projectId]);
  });
  triageQueued(database);
}

export function removeFunder(database: Db, actor: Actor, projectId: number, funderId: number, origin?: RequestOrigin) {
  database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    const funder = tx.select().from(projectFunders).where(and(eq(projectFunders.id, funderId), eq(projectFunders.projectId, projectId))).get();
    if (!funder) throw new NotFoundError("That funder");
    tx.delete(projectFunders).where(eq(projectFunders.id, funderId)).run();
    touch(tx, projectId);
    logEvent(tx, project, actor, "project.funder-remove", `Removed the funder ${funder.name}.`);
    recordAudit(tx, { action: "project.funder-remove", actor, target: { type: "project", id: projectId }, origin });
    queueTriage(database, [projectId]);
  });
  triageQueued(database);
}

export function addMember(database: Db, actor: Actor, projectId: number, input: MemberInput, origin?: RequestOrigin) {
  database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    tx.insert(projectMembers).values({ projectId, name: input.name, role: input.role, createdAt: new Date() }).run();
    touch(tx, projectId);
    logEvent(tx, project, actor, "project.member-add", `Added ${input.name} (${input.role}) to the team.`);
    recordAudit(tx, { action: "project.member-add", actor, target: { type: "project", id: projectId }, origin });
  });
}

export function removeMember(database: Db, actor: Actor, projectId: number, memberId: number, origin?: RequestOrigin) {
  database.transaction((tx) => {
    const project = editableProject(tx, actor, projectId);
    const member = tx.select().from(projectMembers).where(and(eq(projectMembers.id, memberId), eq(projectMembers.projectId, projectId))).get();
    if (!member) throw new NotFoundError("That team member");
    tx.delete(projectMembers).where(eq(projectMembers.id, memberId)).run();
    touch(tx, projectId);
    logEvent(tx, project, actor, "project.member-remove", `Removed ${member.name} from the team.`);
    recordAudit(tx, { action: "project.member-remove", actor, target: { type: "project", id: projectId }, origin });
  });
}

// --- reading --------------------------------------------------------------------------------

export type PartnerView = typeof projectPartners.$inferSelect & { matches: OrganisationMatch[] };

// The project page, the self-assessment's every save and its submission read a project with
// everything around it: these statements are prepared once per database.
function projectStatements(database: Db) {
  return preparedOnce(database, "projects.view", () => {
    const projectId = sql.placeholder("projectId");
    return {
      project: database
        .select()
        .from(projects)
        .where(and(eq(projects.id, projectId), eq(projects.institutionId, sql.placeholder("institutionId"))))
        .prepare(),
      areas: database.select({ areaId: projectTechnologyAreas.areaId }).from(projectTechnologyAreas).where(eq(projectTechnologyAreas.projectId, projectId)).prepare(),
      partners: database.select().from(projectPartners).where(eq(projectPartners.projectId, projectId)).orderBy(asc(projectPartners.id)).prepare(),
      funders: database.select().from(projectFunders).where(eq(projectFunders.projectId, projectId)).orderBy(asc(projectFunders.id)).prepare(),
      members: database.select().from(projectMembers).where(eq(projectMembers.projectId, projectId)).orderBy(asc(projectMembers.id)).prepare(),
      events: database.select().from(projectEvents).where(eq(projectEvents.projectId, projectId)).orderBy(desc(projectEvents.at), desc(projectEvents.id)).limit(100).prepare(),
      owner: database.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, sql.placeholder("ownerId"))).prepare(),
      institution: database.select({ country: institutions.country }).from(institutions).where(eq(institutions.id, sql.placeholder("institutionId"))).prepare(),
      assessments: database
        .select({ id: assessments.id, status: assessments.status, questionnaireVersion: assessments.questionnaireVersion, startedAt: assessments.startedAt, submittedAt: assessments.submittedAt, levelMilitary: assessments.levelMilitary, levelHumanRights: assessments.levelHumanRights, levelItt: assessments.levelItt, levelPartner: assessments.levelPartner })
        .from(assessments)
        .where(eq(assessments.projectId, projectId))
        .orderBy(desc(assessments.startedAt), desc(assessments.id))
        .prepare(),
    };
  });
}

/** A project with everything around it; `history: false` leaves out its latest events, for callers that only need the facts. */
export function getProject(database: Db, actor: Actor, projectId: number, options: { history?: boolean } = {}) {
  const statements = projectStatements(database);
  const project = readableProject(actor, statements.project.get({ projectId, institutionId: projectReaderInstitution(actor) }));
  const byProject = { projectId };
  const areas = statements.areas.all(byProject).map((a) => a.areaId);
  const partnerRows = statements.partners.all(byProject);
  const matches = matchesForOrganisations(database, project.institutionId, [...new Set(partnerRows.map((p) => p.organisationId))]);
  const partners: PartnerView[] = partnerRows.map((p) => ({ ...p, matches: matches.get(p.organisationId) ?? [] }));
  const funders = statements.funders.all(byProject);
  const members = statements.members.all(byProject);
  const events = options.history === false ? [] : statements.events.all(byProject);
  const owner = statements.owner.get({ ownerId: project.ownerId })!;
  const institution = statements.institution.get({ institutionId: project.institutionId })!;
  const assessmentRows = statements.assessments.all(byProject);
  return { project, areas, partners, funders, members, events, owner, institutionCountry: institution.country, assessments: assessmentRows, canEdit: actor.role === "researcher" };
}

export type ProjectView = ReturnType<typeof getProject>;

export function listProjects(database: Db, actor: Actor) {
  if (actor.institutionId === null || (actor.role !== "researcher" && actor.role !== "officer")) throw new ForbiddenError();
  const scope = actor.role === "researcher" ? and(eq(projects.institutionId, actor.institutionId), eq(projects.ownerId, actor.userId)) : eq(projects.institutionId, actor.institutionId);
  const rows = database
    .select({ id: projects.id, title: projects.title, trl: projects.trl, status: projects.status, updatedAt: projects.updatedAt, reassessmentReason: projects.reassessmentReason, owner: users.name })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(scope)
    .orderBy(desc(projects.updatedAt))
    .limit(200)
    .all();
  const latest = rows.length
    ? database
        .select({ projectId: assessments.projectId, status: assessments.status, submittedAt: assessments.submittedAt, military: assessments.levelMilitary, humanRights: assessments.levelHumanRights, itt: assessments.levelItt, partner: assessments.levelPartner })
        .from(assessments)
        .where(inArray(assessments.projectId, rows.map((r) => r.id)))
        .orderBy(desc(assessments.startedAt), desc(assessments.id))
        .all()
    : [];
  // Projects on which the compliance office waits for the researcher's answer (few at any time).
  const waiting = rows.length
    ? new Set(
        database
          .select({ projectId: cases.projectId })
          .from(cases)
          .where(and(eq(cases.institutionId, actor.institutionId), eq(cases.status, "waiting_for_researcher")))
          .all()
          .map((c) => c.projectId),
      )
    : new Set<number>();
  return rows.map((row) => ({ ...row, assessment: latest.find((a) => a.projectId === row.id) ?? null, questionWaiting: waiting.has(row.id) }));
}

/** The project's facts in the shape the self-assessment and the risk model read. */
export function projectFacts(view: ProjectView): ProjectFacts {
  return {
    title: view.project.title,
    summary: view.project.summary,
    field: view.project.field,
    technologyAreas: view.areas,
    trl: view.project.trl,
    funders: view.funders.map((f) => ({ name: f.name, country: f.country, kind: f.kind })),
    partners: view.partners.map((p) => ({
      name: p.name,
      country: p.country,
      kind: p.kind,
      role: p.role,
      screening: p.matches.map((m) => ({ listId: m.listId, entryName: m.entryName, score: m.score, level: m.level, decision: m.decision })),
    })),
    team: view.members.map((m) => ({ name: m.name, role: m.role })),
    previousAssessment: view.assessments.some((a) => a.status === "submitted"),
    institutionCountry: view.institutionCountry,
  };
}

/** For actions: refuse another person's or institution's project before reading any input. */
export function assertCanEditProject(database: Db, actor: Actor, projectId: number) {
  editableProject(database, actor, projectId);
}

export { logEvent, projectFor, editableProject, touch };

/** The technology areas a researcher picks from, in the taxonomy's order. */
export function areaOptions() {
  return loadTechnologyTaxonomy().areas.map((a) => ({ id: a.id, label: a.label, description: a.description }));
}

export function areaLabel(id: string) {
  return loadTechnologyTaxonomy().areas.find((a) => a.id === id)?.label ?? id;
}
