// The researcher answers the compliance office's question on a project. The conversation
// itself is shown on the project page; this route takes the answer and, without JavaScript,
// shows the form again with the error if something needs correcting.
import { redirect } from "react-router";
import type { Route } from "./+types/projects.$projectId.conversation";
import { Conversation } from "~/components/conversation";
import { ErrorSummary } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { answerCase, researcherConversation } from "~/modules/cases/cases.server";
import { messageInput } from "~/modules/cases/schema";
import { NotFoundError } from "~/modules/errors";
import { getProject } from "~/modules/projects/projects.server";

export function meta() {
  return [{ title: "Answer your compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const view = getProject(db(), actor, idParam(params.projectId));
  const conversation = researcherConversation(db(), actor, view.project.id);
  if (!conversation) throw redirect(`/projects/${view.project.id}`);
  return { project: { id: view.project.id, title: view.project.title }, conversation };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  const view = getProject(db(), actor, projectId);
  if (!view.canEdit) throw new NotFoundError("That project");
  const { body } = parseInput(messageInput, await readForm(request));
  answerCase(db(), actor, projectId, body, originOf(request, context));
  return redirectWithFlash(`/projects/${projectId}#conversation`, "Your answer has been sent to your compliance office.");
});

export default function ConversationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { project, conversation } = loaderData;
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  return (
    <>
      <PageHeader title="Answer your compliance office" lead={project.title} back={{ to: `/projects/${project.id}`, label: project.title }} />
      <ErrorSummary errors={errors} />
      <Conversation projectId={project.id} conversation={conversation} />
    </>
  );
}
