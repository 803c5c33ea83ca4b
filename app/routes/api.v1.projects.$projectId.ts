import type { Route } from "./+types/api.v1.projects.$projectId";
import { apiHandler, json, requireApiClient } from "~/lib/api.server";
import { idParam } from "~/lib/http.server";
import { institutionActor } from "~/modules/api/tokens.server";
import { getAssessmentResult } from "~/modules/assessment/assessments.server";
import { db } from "~/modules/db.server";
import { getProject } from "~/modules/projects/projects.server";
import { listFlags } from "~/modules/triage/triage.server";

export const loader = ({ request, params }: Route.LoaderArgs) =>
  apiHandler(request, () => {
    const actor = institutionActor(db(), requireApiClient(request));
    const view = getProject(db(), actor, idParam(params.projectId));
    const latest = view.assessments.find((a) => a.status === "submitted");
    const profile = latest ? getAssessmentResult(db(), actor, view.project.id, latest.id).profile : null;
    return json({
      id: view.project.id,
      externalId: view.project.externalId,
      title: view.project.title,
      status: view.project.status,
      trl: view.project.trl,
      technologyAreas: view.areas,
      assessedAt: latest?.submittedAt ?? null,
      profile,
      flags: listFlags(db(), actor, { projectId: view.project.id }, 500).flags,
    });
  });
