// Owns self-assessments: starting or resuming one, saving answers section by section (with
// or without JavaScript), submitting it for an explained risk profile, and reading results.
// Only the project's principal investigator answers; the institution's officers read.
import { and, desc, eq, sql } from "drizzle-orm";
import { DIMENSION_LABELS } from "../cases/labels";
import { assessments, projects, type Assessment } from "../../../db/schema";
import { preparedOnce, type Db } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { editableProject, getProject, logEvent, projectFacts, projectFor, requireEditor, type ProjectView } from "../projects/projects.server";
import { assessRisk, RISK_MODEL_VERSION, type RiskProfile } from "../risk/model";
import { loadCountryContext } from "../risk/country-context.server";
import {
  firstIncompleteSection,
  nextSection,
  progress,
  pruneAnswers,
  validateSection,
  visibleQuestions,
  visibleSections,
  type Answers,
  type ProjectFacts,
  type Questionnaire,
  type Section,
} from "./questionnaire";
import { latestQuestionnaireVersion, loadQuestionnaire } from "./questionnaire.server";
import { loadTaxonomyLookup } from "./taxonomy-lookup.server";
import { queueTriage, triageQueued } from "../triage/queue.server";

// Read on every save and submission: prepared once per database.
function openAssessment(database: Db, projectId: number) {
  const statement = preparedOnce(database, "assessments.open", () =>
    database
      .select()
      .from(assessments)
      .where(and(eq(assessments.projectId, sql.placeholder("projectId")), eq(assessments.status, "in_progress")))
      .orderBy(desc(assessments.id))
      .limit(1)
      .prepare(),
  );
  return statement.get({ projectId });
}

function lastSubmitted(database: Db, projectId: number) {
  return database
    .select()
    .from(assessments)
    .where(and(eq(assessments.projectId, projectId), eq(assessments.status, "submitted")))
    .orderBy(desc(assessments.submittedAt), desc(assessments.id))
    .get();
}

/**
 * Resumes the open assessment, or starts one on the newest questionnaire. A re-assessment
 * starts from the previous answers (where the questions are the same), so only what changed
 * needs a new answer.
 */
export function startAssessment(database: Db, actor: Actor, projectId: number, origin?: RequestOrigin): Assessment {
  const project = editableProject(database, actor, projectId);
  const open = openAssessment(database, projectId);
  if (open) return open;
  const version = latestQuestionnaireVersion();
  const previous = lastSubmitted(database, projectId);
  const view = getProject(database, actor, projectId);
  const facts = { ...projectFacts(view), previousAssessment: Boolean(previous) };
  const answers = previous ? pruneAnswers(loadQuestionnaire(version), facts, previous.answers, loadTaxonomyLookup()) : {};
  const now = new Date();
  return database.transaction((tx) => {
    const created = tx
      .insert(assessments)
      .values({ projectId, institutionId: project.institutionId, questionnaireVersion: version, status: "in_progress", answers, startedBy: actor.userId, startedAt: now, updatedAt: now })
      .returning()
      .get();
    logEvent(tx, project, actor, "assessment.start", previous ? "Started a new self-assessment, from the previous answers." : "Started the self-assessment.");
    recordAudit(tx, { action: "assessment.start", actor, target: { type: "assessment", id: created.id }, origin, details: { projectId, questionnaireVersion: version } });
    return created;
  });
}

export type AssessmentContext = {
  view: ProjectView;
  facts: ProjectFacts;
  assessment: Assessment;
  questionnaire: Questionnaire;
  sections: Section[];
};

/** The open assessment of a project the actor may answer, with everything needed to show it. */
/**
 * The project has no self-assessment in progress: it was submitted (perhaps in another tab, or
 * the page came back from the browser's history) or never started. Knows the latest result.
 */
export class NoOpenAssessmentError extends NotFoundError {
  constructor(readonly latestSubmittedId: number | null) {
    super("An open self-assessment for this project");
  }
}

function latestSubmittedId(database: Db, projectId: number): number | null {
  const row = database
    .select({ id: assessments.id })
    .from(assessments)
    .where(and(eq(assessments.projectId, projectId), eq(assessments.status, "submitted")))
    .orderBy(desc(assessments.id))
    .limit(1)
    .get();
  return row?.id ?? null;
}

export function assessmentContext(database: Db, actor: Actor, projectId: number): AssessmentContext {
  // getProject checks that the project is the actor's to read; only its PI answers.
  const view = getProject(database, actor, projectId, { history: false });
  requireEditor(actor);
  const assessment = openAssessment(database, projectId);
  if (!assessment) throw new NoOpenAssessmentError(latestSubmittedId(database, projectId));
  const facts = projectFacts(view);
  const questionnaire = loadQuestionnaire(assessment.questionnaireVersion);
  return { view, facts, assessment, questionnaire, sections: visibleSections(questionnaire, facts, assessment.answers, loadTaxonomyLookup()) };
}

export function sectionView(context: AssessmentContext, sectionId: string, answers: Answers = context.assessment.answers) {
  const section = context.sections.find((s) => s.id === sectionId);
  if (!section) throw new NotFoundError("That part of the self-assessment");
  const taxonomy = loadTaxonomyLookup();
  return {
    section,
    questions: visibleQuestions(section, context.facts, answers, taxonomy),
    progress: progress(context.questionnaire, context.facts, context.assessment.answers, taxonomy),
    position: context.sections.findIndex((s) => s.id === sectionId) + 1,
  };
}

/** Where to resume: the first section with an unanswered question, or the review page. */
export function resumeTarget(context: AssessmentContext): string {
  const open = firstIncompleteSection(context.questionnaire, context.facts, context.assessment.answers, loadTaxonomyLookup());
  return open ? open.id : "review";
}

/**
 * Pages number their saves; an autosave that reaches the server after a later save of the same
 * page (requests can overtake each other) is dropped instead of undoing newer answers.
 */
const lastSequence = new Map<number, number>();

function isStale(assessmentId: number, sequence: number | undefined) {
  if (sequence === undefined || !Number.isFinite(sequence)) return false;
  const last = lastSequence.get(assessmentId);
  if (last !== undefined && sequence <= last) return true;
  if (lastSequence.size > 10_000) lastSequence.clear();
  lastSequence.set(assessmentId, sequence);
  return false;
}

export type SaveOutcome =
  | { kind: "saved"; next: string }
  | { kind: "invalid"; errors: Record<string, string>; answers: Answers }
  | { kind: "more-questions"; answers: Answers };

/**
 * Saves one section's answers. `continue` checks that every visible question is answered and
 * moves on; `autosave` and `save-exit` keep whatever is valid so far. Valid answers are kept
 * even when others need correcting, so nothing typed is lost.
 */
export function saveSection(
  database: Db,
  actor: Actor,
  projectId: number,
  sectionId: string,
  submitted: Record<string, string | string[]>,
  mode: "continue" | "autosave" | "save-exit",
  sequence?: number,
): SaveOutcome {
  const context = assessmentContext(database, actor, projectId);
  if (isStale(context.assessment.id, sequence)) return { kind: "saved", next: sectionId };
  const { section } = sectionView(context, sectionId);
  const taxonomy = loadTaxonomyLookup();
  const before = new Set(visibleQuestions(section, context.facts, context.assessment.answers, taxonomy).map((q) => q.id));
  const { answers, errors } = validateSection(section, context.facts, context.assessment.answers, submitted, taxonomy);
  const kept = pruneAnswers(context.questionnaire, context.facts, answers, taxonomy);
  database.update(assessments).set({ answers: kept, updatedAt: new Date() }).where(eq(assessments.id, context.assessment.id)).run();
  if (mode !== "continue") return { kind: "saved", next: sectionId };
  const errorEntries = Object.entries(errors);
  // Questions this post revealed are not errors: they are shown, unanswered, to be answered now.
  const revealed = visibleQuestions(section, context.facts, kept, taxonomy).filter((q) => !before.has(q.id) && kept[q.id] === undefined);
  const realErrors = Object.fromEntries(errorEntries.filter(([id]) => !revealed.some((q) => q.id === id)));
  if (Object.keys(realErrors).length > 0) return { kind: "invalid", errors: realErrors, answers: kept };
  if (revealed.length > 0) return { kind: "more-questions", answers: kept };
  const next = nextSection(context.questionnaire, context.facts, kept, taxonomy, sectionId);
  return { kind: "saved", next: next ? next.id : "review" };
}

export type SubmittedAssessment = { assessment: Assessment; profile: RiskProfile };

/** What a submitted assessment stores of its answers and profile (a submission here, or an import). */
export function submittedColumns(facts: ProjectFacts, answers: Answers, profile: RiskProfile) {
  return {
    status: "submitted" as const,
    answers,
    facts: facts as unknown as Record<string, unknown>,
    profile: profile as unknown as Record<string, unknown>,
    modelVersion: RISK_MODEL_VERSION,
    levelMilitary: profile.dimensions.military.level,
    levelHumanRights: profile.dimensions.human_rights.level,
    levelItt: profile.dimensions.itt.level,
    levelPartner: profile.dimensions.partner.level,
    factorIds: Object.values(profile.dimensions).flatMap((d) => d.factors.map((f) => f.id)),
  };
}

export function submitAssessment(database: Db, actor: Actor, projectId: number, origin?: RequestOrigin): SubmittedAssessment {
  const context = assessmentContext(database, actor, projectId);
  const taxonomy = loadTaxonomyLookup();
  const open = firstIncompleteSection(context.questionnaire, context.facts, context.assessment.answers, taxonomy);
  if (open) throw new ValidationError({ [open.id]: `Some questions in “${open.title}” still need an answer.` }, "The self-assessment is not complete yet.");
  const answers = pruneAnswers(context.questionnaire, context.facts, context.assessment.answers, taxonomy);
  const profile = assessRisk(context.facts, answers, context.questionnaire, taxonomy, loadCountryContext());
  const now = new Date();
  const assessment = database.transaction((tx) => {
    const changes = { ...submittedColumns(context.facts, answers, profile), submittedAt: now, updatedAt: now };
    const result = tx
      .update(assessments)
      .set(changes)
      .where(and(eq(assessments.id, context.assessment.id), eq(assessments.status, "in_progress")))
      .run();
    if (result.changes !== 1) throw new ConflictError("This self-assessment was already submitted.");
    // The stored row is the one read above with these changes (not read back: its answers,
    // facts and profile are large and were just written).
    const updated: Assessment = { ...context.assessment, ...changes };
    tx.update(projects).set({ status: "active", reassessmentReason: null, updatedAt: now }).where(eq(projects.id, projectId)).run();
    const levels = Object.entries(profile.dimensions).map(([d, p]) => `${(DIMENSION_LABELS[d] ?? d).toLowerCase()}: ${p.level}`).join("; ");
    logEvent(tx, context.view.project, actor, "assessment.submit", `Submitted the self-assessment: ${levels}.`);
    recordAudit(tx, { action: "assessment.submit", actor, target: { type: "assessment", id: updated.id }, origin, details: { projectId, levels: Object.fromEntries(Object.entries(profile.dimensions).map(([d, p]) => [d, p.level])) } });
    // The submission is stored with its triage due; flags, case and the officers' e-mail follow
    // (at once, or in the server's next batch of triage).
    queueTriage(database, [projectId], now);
    return updated;
  });
  triageQueued(database);
  return { assessment, profile };
}

/** A submitted assessment with its profile, for the project's researcher and the institution's officers. */
export function getAssessmentResult(database: Db, actor: Actor, projectId: number, assessmentId: number) {
  const project = projectFor(database, actor, projectId);
  const assessment = database
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.projectId, project.id), eq(assessments.status, "submitted")))
    .get();
  if (!assessment?.profile) throw new NotFoundError("That self-assessment");
  return { project, assessment, profile: assessment.profile as unknown as RiskProfile, questionnaire: loadQuestionnaire(assessment.questionnaireVersion) };
}
