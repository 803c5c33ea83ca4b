import { redirect } from "react-router";
import type { Route } from "./+types/projects.$projectId.assessment._index";
import { guardAction, guardLoader, idParam, originOf, requireActor } from "~/lib/http.server";
import { assessmentContext, resumeTarget, startAssessment } from "~/modules/assessment/assessments.server";
import { db } from "~/modules/db.server";
import { openAssessmentOrResult } from "~/lib/assessment-pages.server";

// Resuming goes to the first part with an unanswered question (or the review).
export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  return redirect(`/projects/${projectId}/assessment/${resumeTarget(openAssessmentOrResult(actor, projectId))}`);
});

export const action = guardAction(({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  startAssessment(db(), actor, projectId, originOf(request, context));
  return redirect(`/projects/${projectId}/assessment/${resumeTarget(assessmentContext(db(), actor, projectId))}`);
});
