import { Link } from "react-router";
import type { Route } from "./+types/projects.$projectId.assessments.$assessmentId";
import { LevelBadge } from "~/components/levels";
import { Recommendations } from "~/components/library";
import { Notice, PageHeader, formatDateTime } from "~/components/ui";
import { guardLoader, idParam, requireActor } from "~/lib/http.server";
import { getAssessmentResult } from "~/modules/assessment/assessments.server";
import { answerLabel, findQuestion } from "~/modules/assessment/questionnaire";
import { db } from "~/modules/db.server";
import { recommendForProfile } from "~/modules/library/library.server";
import { countryName } from "~/modules/reference/countries";

export function meta() {
  return [{ title: "Self-assessment result – Upstream" }];
}

// Listed here rather than imported, so the page does not ship the factor catalogue to the browser.
const DIMENSIONS = ["military", "human_rights", "itt", "partner"] as const;

const dimensionTitles = {
  military: "Military and weapons use",
  human_rights: "Human rights and surveillance",
  itt: "Transfer of know-how (intangible technology transfer)",
  partner: "Partners, funders and end users",
} as const;

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher", "officer"]);
  const { project, assessment, profile, questionnaire } = getAssessmentResult(db(), actor, idParam(params.projectId), idParam(params.assessmentId));
  const facts = (assessment.facts ?? {}) as { technologyAreas?: string[] };
  const answers = Object.entries(assessment.answers).flatMap(([id, value]) => {
    const question = findQuestion(questionnaire, id);
    if (!question) return [];
    const text = [value].flat().map((v) => (question.type === "country" && v !== "unsure" ? countryName(v) : answerLabel(question, v))).join("; ");
    return [{ id, label: question.label, answer: text }];
  });
  return {
    project: { id: project.id, title: project.title },
    submittedAt: assessment.submittedAt!,
    questionnaireVersion: assessment.questionnaireVersion,
    profile,
    answers,
    recommendations: recommendForProfile(db(), actor, profile, facts.technologyAreas ?? []),
    isResearcher: actor.role === "researcher",
  };
});

export default function AssessmentResult({ loaderData }: Route.ComponentProps) {
  const { project, submittedAt, profile, answers, recommendations, questionnaireVersion, isResearcher } = loaderData;
  return (
    <>
      <PageHeader title="Your project's profile" lead={`${project.title} — self-assessment submitted ${formatDateTime(submittedAt)}.`} back={{ to: `/projects/${project.id}`, label: project.title }} />
      {profile.needsOfficeReview ? (
        <Notice title="Your compliance office will look at this with you">
          <p>
            At least one area is above “low”. That is not a verdict: it means a second pair of eyes is worthwhile. {isResearcher ? "You do not need to do anything now; the office will contact you if it needs more information." : ""}
          </p>
        </Notice>
      ) : (
        <Notice tone="success" title="Nothing here needs the compliance office's attention now">
          <p>Keep the project up to date: a new partner, a new funder or a step up in readiness can change the picture.</p>
        </Notice>
      )}
      {DIMENSIONS.map((d) => {
        const dim = profile.dimensions[d];
        return (
          <section key={d} className={`dimension level-${dim.level}`} aria-labelledby={`dim-${d}`}>
            <h2 id={`dim-${d}`}>
              {dimensionTitles[d]} <LevelBadge level={dim.level} />
            </h2>
            <p>{dim.summary}</p>
            {dim.factors.filter((f) => f.weight > 0).length > 0 ? (
              <>
                <h3>Why</h3>
                <ul className="factor-list">
                  {dim.factors
                    .filter((f) => f.weight > 0)
                    .map((f) => (
                      <li key={f.id}>
                        <strong>{f.label}.</strong> {f.explanation} <span className="muted">(weight {f.weight}; source: {f.source})</span>
                      </li>
                    ))}
                </ul>
              </>
            ) : null}
            {dim.factors.filter((f) => f.weight < 0).length > 0 ? (
              <>
                <h3>What lowers it</h3>
                <ul className="factor-list">
                  {dim.factors
                    .filter((f) => f.weight < 0)
                    .map((f) => (
                      <li key={f.id}>
                        <strong>{f.label}.</strong> {f.explanation}
                      </li>
                    ))}
                </ul>
              </>
            ) : null}
            <h3>What it means in practice</h3>
            <p>{dim.meaning}</p>
            {dim.nextSteps.length > 0 ? (
              <>
                <h3>What to do next</h3>
                <ul>
                  {dim.nextSteps.map((step) => (
                    <li key={step}>{step}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
      {profile.followUps.length > 0 ? (
        <section aria-labelledby="follow-ups">
          <h2 id="follow-ups">Things you were not sure about</h2>
          <ul>
            {profile.followUps.map((f) => (
              <li key={f.questionId}>
                <strong>{f.question}</strong> {f.guidance}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {profile.beneficialPotential ? (
        <section aria-labelledby="benefits">
          <h2 id="benefits">The good it can do</h2>
          <p>{profile.beneficialPotential}</p>
        </section>
      ) : null}
      <Recommendations items={recommendations} />
      <details>
        <summary>Your answers (questionnaire {questionnaireVersion})</summary>
        <dl className="summary">
          {answers.map((a) => (
            <div key={a.id} className="answer-row">
              <dt>{a.label}</dt>
              <dd>{a.answer}</dd>
            </div>
          ))}
        </dl>
      </details>
      <p>
        <Link to={`/projects/${project.id}`}>Back to the project</Link>
      </p>
    </>
  );
}
