import type { Route } from "./+types/projects.$projectId.assessment.$sectionId.autosave";
import { formEntries, guardAction, idParam, requireActor, formDataOf } from "~/lib/http.server";
import { assessmentContext, saveSection, sectionView } from "~/modules/assessment/assessments.server";
import { db } from "~/modules/db.server";

/**
 * Autosave for the assessment pages when JavaScript runs: saves what is valid so far and
 * answers with the questions now visible, so the page refreshes only when branching changed.
 * A plain endpoint rather than a route action keeps it from racing the page's own navigation.
 */
export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  const submitted = formEntries(await formDataOf(request));
  const sequence = typeof submitted.seq === "string" && /^\d{1,16}$/.test(submitted.seq) ? Number(submitted.seq) : undefined;
  delete submitted.seq;
  delete submitted.intent;
  saveSection(db(), actor, projectId, params.sectionId, submitted, "autosave", sequence);
  const view = sectionView(assessmentContext(db(), actor, projectId), params.sectionId);
  return Response.json({ saved: new Date().toISOString(), visible: view.questions.map((q) => q.id) });
});
