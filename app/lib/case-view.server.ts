// Everything an officer (or an auditor reading the printed record) needs about one case, put
// together from the modules that own each part: the case and its timeline, the project, its
// latest self-assessment with answers and profile, flags with evidence, screening matches of
// its partners, and the portfolio patterns it belongs to.
import type { Actor } from "~/modules/auth/actor";
import { db } from "~/modules/db.server";
import { caseRecord, listOfficers } from "~/modules/cases/cases.server";
import { getAssessmentResult } from "~/modules/assessment/assessments.server";
import { answerLabel } from "~/modules/assessment/questionnaire";
import { loadQuestionnaire } from "~/modules/assessment/questionnaire.server";
import { areaLabel, getProject } from "~/modules/projects/projects.server";
import { flagsForProject, listPatterns } from "~/modules/triage/triage.server";
import { DIMENSIONS } from "~/modules/risk/factors";

export function caseView(actor: Actor, caseId: number) {
  const database = db();
  const record = caseRecord(database, actor, caseId);
  const projectId = record.case.projectId;
  const project = getProject(database, actor, projectId);
  const latest = project.assessments.find((a) => a.status === "submitted");
  const result = latest ? getAssessmentResult(database, actor, projectId, latest.id) : null;
  const answers = result
    ? result.questionnaire.sections
        .map((section) => ({
          id: section.id,
          title: section.title,
          answers: section.questions
            .filter((q) => result.assessment.answers[q.id] !== undefined)
            .map((q) => {
              const value = result.assessment.answers[q.id]!;
              return { id: q.id, label: q.label, answer: (Array.isArray(value) ? value : [value]).map((v) => answerLabel(q, v)).join("; ") };
            }),
        }))
        .filter((s) => s.answers.length > 0)
    : [];
  const profile = result
    ? {
        submittedAt: result.assessment.submittedAt,
        questionnaireVersion: result.assessment.questionnaireVersion,
        modelVersion: result.assessment.modelVersion,
        dimensions: DIMENSIONS.map((d) => ({
          id: d,
          level: result.profile.dimensions[d]?.level ?? "none",
          summary: result.profile.dimensions[d]?.summary ?? "",
          factors: (result.profile.dimensions[d]?.factors ?? []).map((f) => f.label),
        })),
      }
    : null;
  const questionLabels = Object.fromEntries(loadQuestionnaire().sections.flatMap((s) => s.questions.map((q) => [q.id, q.label])));
  return {
    ...record,
    project: {
      id: project.project.id,
      title: project.project.title,
      summary: project.project.summary,
      field: project.project.field,
      trl: project.project.trl,
      status: project.project.status,
      startDate: project.project.startDate,
      endDate: project.project.endDate,
      areas: project.areas.map(areaLabel),
      owner: project.owner,
      partners: project.partners,
      funders: project.funders,
      members: project.members,
      reassessmentReason: project.project.reassessmentReason,
    },
    answers,
    profile,
    flags: flagsForProject(database, actor, projectId),
    patterns: listPatterns(database, actor).filter((p) => p.projectIds.includes(projectId)),
    questionLabels,
    officers: listOfficers(database, actor),
  };
}
export type CaseView = ReturnType<typeof caseView>;
