// The self-assessment's pages show the project's open self-assessment. A page reached when there
// is none (it was just submitted in another tab, or Back brought a page of it up again) takes
// the person to the latest result instead of a "not found".
import type { Actor } from "~/modules/auth/actor";
import { assessmentContext, NoOpenAssessmentError } from "~/modules/assessment/assessments.server";
import { db } from "~/modules/db.server";
import { redirectWithFlash } from "./http.server";

export function openAssessmentOrResult(actor: Actor, projectId: number) {
  return orToResult(projectId, () => assessmentContext(db(), actor, projectId));
}

/** Runs what needs the open self-assessment (a save, the submission); without one, to the result. */
export function orToResult<T>(projectId: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof NoOpenAssessmentError)) throw error;
    throw error.latestSubmittedId === null
      ? redirectWithFlash(`/projects/${projectId}`, "This project has no self-assessment in progress.")
      : redirectWithFlash(`/projects/${projectId}/assessments/${error.latestSubmittedId}`, "This self-assessment has been submitted: here is its result. To change an answer, use “Assess again” on the project page.");
  }
}
