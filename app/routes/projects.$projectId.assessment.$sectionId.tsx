import { data, Link, redirect } from "react-router";
import type { Route } from "./+types/projects.$projectId.assessment.$sectionId";
import { ErrorSummary } from "~/components/form";
import { QuestionField } from "~/components/question-field";
import { Notice } from "~/components/ui";
import assessmentScript from "~/enhance/assessment.ts?standalone";
import { formEntries, getActor, guardAction, guardLoader, idParam, readStash, redirectWithFlash, requireActor, stashCookie, formDataOf } from "~/lib/http.server";
import { loadAsDocument, type PageHandle } from "~/lib/page-scripts";
import { saveSection, sectionView } from "~/modules/assessment/assessments.server";
import { openAssessmentOrResult, orToResult } from "~/lib/assessment-pages.server";
import { db } from "~/modules/db.server";

// Served as plain HTML with one small script for autosave and follow-up questions, instead of
// React Router's runtime (docs/decisions/011-assessment-pages-without-hydration.md).
export const handle: PageHandle = { hydrate: false, scripts: [assessmentScript] };
export const clientLoader = loadAsDocument;

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.section.title} – Self-assessment – Upstream` : "Self-assessment – Upstream" }];
}

const stashKey = (projectId: number, sectionId: string) => `assessment:${projectId}:${sectionId}`;

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  const ctx = openAssessmentOrResult(actor, projectId);
  // Answers typed before a session ended come back here, to be checked and saved.
  const stash = readStash(request, stashKey(projectId, params.sectionId));
  const stashed = stash ? Object.fromEntries(Object.entries(stash.form).filter(([k]) => k !== "intent")) : null;
  const view = sectionView(ctx, params.sectionId, stashed ? { ...ctx.assessment.answers, ...stashed } : undefined);
  const body = {
    project: { id: ctx.view.project.id, title: ctx.view.project.title },
    section: { id: view.section.id, title: view.section.title, intro: view.section.intro, kind: view.section.kind ?? null },
    questions: view.questions,
    answers: stashed ? { ...ctx.assessment.answers, ...stashed } : ctx.assessment.answers,
    restored: Boolean(stashed),
    progress: view.progress,
    position: view.position,
    sectionCount: ctx.sections.length,
    previous: view.position > 1 ? ctx.sections[view.position - 2]!.id : null,
  };
  return stash ? data(body, { headers: { "Set-Cookie": stash.clear } }) : body;
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const projectId = idParam(params.projectId);
  const back = `/projects/${projectId}/assessment/${params.sectionId}`;
  // The form is read before the session: one that ended while the form was open, or while it
  // was on its way, keeps what was sent for after signing in.
  const submitted = formEntries(await formDataOf(request));
  if (!getActor(request)) {
    const cookie = stashCookie(stashKey(projectId, params.sectionId), submitted);
    return redirect(`/login?redirectTo=${encodeURIComponent(back)}`, cookie ? { headers: { "Set-Cookie": cookie } } : undefined);
  }
  const actor = requireActor(request, context, ["researcher"]);
  const intent = submitted.intent === "save-exit" ? "save-exit" : "continue";
  const sequence = typeof submitted.seq === "string" && /^\d{1,16}$/.test(submitted.seq) ? Number(submitted.seq) : undefined;
  delete submitted.intent;
  delete submitted.seq;
  const outcome = orToResult(projectId, () => saveSection(db(), actor, projectId, params.sectionId, submitted, intent, sequence));
  if (intent === "save-exit") return redirectWithFlash(`/projects/${projectId}`, "Your answers are saved. Continue the self-assessment whenever you like.");
  if (outcome.kind === "invalid") return data({ errors: outcome.errors, submitted }, { status: 400 });
  if (outcome.kind === "more-questions") return { more: true, submitted };
  return redirect(`/projects/${projectId}/assessment/${outcome.next}`);
});

export default function AssessmentSection({ loaderData, actionData }: Route.ComponentProps) {
  const { project, section, questions, answers, progress, position, sectionCount, previous, restored } = loaderData;
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  const values: Record<string, string | string[]> = actionData && "submitted" in actionData ? { ...answers, ...(actionData.submitted as Record<string, string | string[]>) } : answers;
  const sectionUrl = `/projects/${project.id}/assessment/${section.id}`;
  const labels = Object.fromEntries(questions.map((q) => [q.id, q.label]));
  return (
    <>
      <Link className="back-link" to={`/projects/${project.id}`}>
        {project.title}
      </Link>
      <div className="progress">
        <p className="muted">
          Part {position} of {sectionCount} · {progress.answered} of {progress.total} questions answered
        </p>
        <progress className="progress-bar" value={progress.answered} max={Math.max(progress.total, 1)} aria-label="Questions answered" />
      </div>
      <h1>{section.title}</h1>
      <p className="lead">{section.intro}</p>
      {restored ? (
        <Notice title="We kept what you typed">
          <p>Your session ended before these answers were saved. Check them and continue.</p>
        </Notice>
      ) : null}
      {actionData && "more" in actionData ? (
        <Notice title="A few more questions">
          <p>Your answers opened some follow-up questions below.</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />
      {/* app/enhance/assessment.ts saves every change to data-autosave and shows the questions it
          opens at once; the sequence it fills in lets the server drop a save that arrives late. */}
      <form method="post" action={sectionUrl} noValidate data-autosave={`${sectionUrl}/autosave`}>
        <input type="hidden" name="seq" defaultValue="" />
        {questions.map((q) => (
          <QuestionField key={q.id} question={q} value={values[q.id]} error={errors?.[q.id]} />
        ))}
        <p className="autosave-status muted" role="status" aria-live="polite" data-autosave-status="" />
        <div className="button-group">
          <button type="submit" name="intent" value="continue" className="button">
            Save and continue
          </button>
          <button type="submit" name="intent" value="save-exit" className="button secondary">
            Save and come back later
          </button>
          {previous ? <Link to={`/projects/${project.id}/assessment/${previous}`}>Back to the previous part</Link> : null}
        </div>
      </form>
    </>
  );
}
