import { Link, redirect } from "react-router";
import type { Route } from "./+types/projects.$projectId.assessment.review";
import { ErrorSummary } from "~/components/form";
import { PageHeader } from "~/components/ui";
import assessmentScript from "~/enhance/assessment.ts?standalone";
import { guardAction, guardLoader, idParam, originOf, requireActor } from "~/lib/http.server";
import { loadAsDocument, type PageHandle } from "~/lib/page-scripts";
import { resumeTarget, submitAssessment } from "~/modules/assessment/assessments.server";
import { openAssessmentOrResult, orToResult } from "~/lib/assessment-pages.server";
import { answerLabel, visibleQuestions } from "~/modules/assessment/questionnaire";
import { loadTaxonomyLookup } from "~/modules/assessment/taxonomy-lookup.server";
import { db } from "~/modules/db.server";
import { countryName } from "~/modules/reference/countries";

// Plain HTML like the parts before it; the assessment pages' script keeps the submission from
// being sent twice (docs/decisions/011-assessment-pages-without-hydration.md).
export const handle: PageHandle = { hydrate: false, scripts: [assessmentScript] };
export const clientLoader = loadAsDocument;

export function meta() {
  return [{ title: "Check your answers – Self-assessment – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  const ctx = openAssessmentOrResult(actor, projectId);
  const target = resumeTarget(ctx);
  if (target !== "review") throw redirect(`/projects/${projectId}/assessment/${target}`);
  const taxonomy = loadTaxonomyLookup();
  const show = (value: string | string[], question: Parameters<typeof answerLabel>[0]) =>
    [value]
      .flat()
      .map((v) => (question.type === "country" && v !== "unsure" ? countryName(v) : answerLabel(question, v)))
      .join("; ");
  return {
    project: { id: ctx.view.project.id, title: ctx.view.project.title },
    sections: ctx.sections.map((section) => ({
      id: section.id,
      title: section.title,
      answers: visibleQuestions(section, ctx.facts, ctx.assessment.answers, taxonomy)
        .filter((q) => ctx.assessment.answers[q.id] !== undefined)
        .map((q) => ({ id: q.id, label: q.label, answer: show(ctx.assessment.answers[q.id]!, q) })),
    })),
  };
});

export const action = guardAction(({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher"]);
  const projectId = idParam(params.projectId);
  const { assessment } = orToResult(projectId, () => submitAssessment(db(), actor, projectId, originOf(request, context)));
  return redirect(`/projects/${projectId}/assessments/${assessment.id}`);
});

export default function Review({ loaderData, actionData }: Route.ComponentProps) {
  const { project, sections } = loaderData;
  return (
    <>
      <PageHeader title="Check your answers" lead="Change anything that is not right, then submit to see your project's profile." back={{ to: `/projects/${project.id}`, label: project.title }} />
      <ErrorSummary errors={actionData?.errors} />
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={`review-${section.id}`}>
          <h2 id={`review-${section.id}`}>{section.title}</h2>
          <dl className="answers">
            {section.answers.map((a) => (
              <div key={a.id} className="answer-row">
                <dt>{a.label}</dt>
                <dd>{a.answer}</dd>
                <dd>
                  <Link to={`/projects/${project.id}/assessment/${section.id}#${a.id}`}>
                    Change<span className="visually-hidden"> your answer to: {a.label}</span>
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <form method="post" action={`/projects/${project.id}/assessment/review`}>
        <button type="submit" className="button">
          Submit the self-assessment
        </button>
      </form>
    </>
  );
}
