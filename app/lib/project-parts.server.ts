// The shared edge of the pages that add or remove a project's partners, funders and team
// members: who may, which project, and the answer after the change.
import type { AppLoadContext } from "react-router";
import type { Actor, RequestOrigin } from "~/modules/auth/actor";
import { db } from "~/modules/db.server";
import { assertCanEditProject, getProject } from "~/modules/projects/projects.server";
import { idParam, originOf, readForm, redirectWithFlash, requireActor } from "./http.server";

type Args = { request: Request; url: URL; context: AppLoadContext; params: { projectId?: string } };

/** For the loader: the project's id and title, if the actor is its principal investigator. */
export function editableProjectHeading({ request, context, params }: Args) {
  const actor = requireActor(request, context, ["researcher"]);
  const { project } = getProject(db(), actor, idParam(params.projectId));
  return { project: { id: project.id, title: project.title } };
}

type PartChange = {
  /** Removes the item named by the form's id field; returns the confirmation. */
  remove(actor: Actor, projectId: number, form: Record<string, string>, origin: RequestOrigin): string;
  /** Validates and adds; returns the confirmation and where to go next. */
  add(actor: Actor, projectId: number, form: Record<string, string>, origin: RequestOrigin): { message: string; stay?: boolean };
};

/** For the action: the access check comes before any input is read. */
export async function changeProjectPart({ request, url, context, params }: Args, change: PartChange) {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  assertCanEditProject(db(), actor, projectId);
  const form = await readForm(request);
  const origin = originOf(request, context);
  if (form.intent === "remove") return redirectWithFlash(`/projects/${projectId}`, change.remove(actor, projectId, form, origin));
  const { message, stay } = change.add(actor, projectId, form, origin);
  return redirectWithFlash(stay ? url.pathname : `/projects/${projectId}`, message);
}
