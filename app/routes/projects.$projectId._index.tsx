import { Form, Link } from "react-router";
import type { Route } from "./+types/projects.$projectId._index";
import { LevelBadge, type Level } from "~/components/levels";
import { Badge, EmptyState, InlinePostButton, Notice, PageHeader, formatDate, formatDateTime } from "~/components/ui";
import { guardLoader, idParam, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { areaLabel, getProject } from "~/modules/projects/projects.server";
import { funderKindLabels, partnerKindLabels, trlHelp } from "~/modules/projects/labels";
import { countryName } from "~/modules/reference/countries";
import { flagsForProject } from "~/modules/triage/triage.server";
import { getAssessmentResult } from "~/modules/assessment/assessments.server";
import { loadQuestionnaire } from "~/modules/assessment/questionnaire.server";
import { recommendArticles, recommendForProfile } from "~/modules/library/library.server";
import { Recommendations } from "~/components/library";
import { FlagList } from "~/components/flags";
import { Conversation } from "~/components/conversation";
import { openCaseOfProject, researcherConversation } from "~/modules/cases/cases.server";

function questionLabelsOf(questionnaire: { sections: { questions: { id: string; label: string }[] }[] }) {
  return Object.fromEntries(questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, q.label])));
}

export function meta() {
  return [{ title: "Project – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher", "officer"]);
  const view = getProject(db(), actor, idParam(params.projectId));
  // Flags are the compliance office's working material; researchers see their profile instead.
  const flags = actor.role === "officer" ? flagsForProject(db(), actor, view.project.id) : null;
  const latest = view.assessments.find((a) => a.status === "submitted");
  const profile = latest ? getAssessmentResult(db(), actor, view.project.id, latest.id).profile : null;
  const recommendations = actor.role === "researcher" ? (profile ? recommendForProfile(db(), actor, profile, view.areas) : recommendArticles(db(), actor, [], view.areas)) : [];
  const questionLabels = flags ? questionLabelsOf(loadQuestionnaire()) : {};
  const openCase = actor.role === "officer" ? openCaseOfProject(db(), actor.institutionId!, view.project.id) : null;
  const conversation = researcherConversation(db(), actor, view.project.id);
  return { ...view, areaLabels: view.areas.map(areaLabel), flags, recommendations, questionLabels, openCase, conversation };
});

export default function ProjectPage({ loaderData }: Route.ComponentProps) {
  const { project, areaLabels, partners, funders, members, events, owner, assessments, canEdit, flags, recommendations, questionLabels, openCase, conversation } = loaderData;
  const inProgress = assessments.find((a) => a.status === "in_progress");
  const latest = assessments.find((a) => a.status === "submitted");
  const base = `/projects/${project.id}`;
  return (
    <>
      <PageHeader title={project.title} back={canEdit ? { to: "/projects", label: "Your projects" } : { to: "/office/projects", label: "Projects" }} />
      <p>
        {project.status === "draft" ? <Badge tone="pending">Draft</Badge> : <Badge tone="active">Registered</Badge>} <span className="muted">Principal investigator: {owner.name}</span>
      </p>

      {project.reassessmentReason ? (
        <Notice title="Please assess this project again">
          <p>Something that matters has changed since the last self-assessment: {project.reassessmentReason}. Earlier assessments stay readable below.</p>
        </Notice>
      ) : null}

      {conversation ? <Conversation projectId={project.id} conversation={conversation} /> : null}

      {flags ? (
        <section aria-labelledby="flags" id="flags-section">
          <h2 id="flags">Flags</h2>
          {openCase ? (
            <p>
              <Link to={`/office/cases/${openCase.id}`}>Work these flags in case #{openCase.id}</Link>
            </p>
          ) : null}
          {flags.length === 0 ? (
            <p className="muted">No rule has fired for this project.</p>
          ) : (
            <FlagList flags={flags} labels={questionLabels} />
          )}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="assessment-title">
        <h2 id="assessment-title">Self-assessment</h2>
        {latest ? (
          <p>
            Submitted {formatDate(latest.submittedAt!)}:{" "}
            {(
              [
                ["Military", latest.levelMilitary],
                ["Human rights", latest.levelHumanRights],
                ["Transfer of know-how", latest.levelItt],
                ["Partners", latest.levelPartner],
              ] as const
            ).map(([label, level]) => (
              <span key={label} className="level-pair">
                {label} <LevelBadge level={(level ?? "none") as Level} />{" "}
              </span>
            ))}
            <br />
            <Link to={`${base}/assessments/${latest.id}`}>See the result and what to do</Link>
          </p>
        ) : (
          <p>A short questionnaire that asks only what matters for this project, and explains what it finds.</p>
        )}
        {canEdit ? (
          inProgress ? (
            <Link className="button" to={`${base}/assessment`}>
              Continue the self-assessment
            </Link>
          ) : (
            <Form method="post" action={`${base}/assessment`}>
              <button className="button" type="submit">
                {latest ? "Assess again" : "Start the self-assessment"}
              </button>
            </Form>
          )
        ) : null}
      </section>

      <h2>About the project</h2>
      <dl className="summary">
        <dt>Summary</dt>
        <dd>{project.summary}</dd>
        <dt>Field</dt>
        <dd>{project.field}</dd>
        <dt>Technology areas</dt>
        <dd>{areaLabels.join("; ")}</dd>
        <dt>Readiness level</dt>
        <dd>
          TRL {project.trl}: {trlHelp[project.trl]?.title}
        </dd>
        <dt>Dates</dt>
        <dd>{project.startDate || project.endDate ? `${project.startDate ?? "?"} to ${project.endDate ?? "?"}` : "not given"}</dd>
      </dl>
      {canEdit ? (
        <p>
          <Link to={`${base}/edit`}>Change these facts</Link>
        </p>
      ) : null}

      <h2>Partners</h2>
      {partners.length === 0 ? (
        <p className="muted">No partners yet. Add every organisation you share work, data, code or samples with, including end users.</p>
      ) : (
        <ul className="entity-list">
          {partners.map((p) => {
            const concerns = p.matches.filter((m) => m.decision !== "false_positive");
            return (
              <li key={p.id} className="panel">
                <h3>{p.name}</h3>
                <p>
                  {partnerKindLabels[p.kind]}
                  {p.country ? `, ${countryName(p.country)}` : ""} — {p.role}
                </p>
                {concerns.length > 0 ? (
                  <Notice title="Please check this partner with your compliance office">
                    <p>
                      The name resembles {concerns.length === 1 ? "an entry" : `${concerns.length} entries`} on public screening lists. This is
                      often a namesake and is not an accusation; your compliance office will look at it with you.
                    </p>
                    <ul>
                      {concerns.slice(0, 3).map((m) => (
                        <li key={`${m.listId}-${m.entryId}`}>
                          {m.listName}: {m.entryName}. {m.explanation}
                          {m.decision === "confirmed" ? " Your compliance office has confirmed this match." : ""}
                        </li>
                      ))}
                    </ul>
                    {concerns.length > 3 ? <p>And {concerns.length - 3 === 1 ? "one more entry" : `${concerns.length - 3} more entries`}, which your compliance office sees with the rest.</p> : null}
                  </Notice>
                ) : null}
                {canEdit ? <InlinePostButton action={`${base}/partners`} fields={{ intent: "remove", partnerId: p.id }} label="Remove" context={p.name} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit ? (
        <p>
          <Link to={`${base}/partners`}>Add a partner</Link>
        </p>
      ) : null}

      <h2>Funding</h2>
      {funders.length === 0 ? (
        <p className="muted">No funders yet. Include in-kind support such as equipment, data or staff time.</p>
      ) : (
        <ul>
          {funders.map((f) => (
            <li key={f.id}>
              {f.name} ({funderKindLabels[f.kind]}
              {f.country ? `, ${countryName(f.country)}` : ""})
              {canEdit ? (
                <>
                  {" "}
                  <InlinePostButton action={`${base}/funders`} fields={{ intent: "remove", funderId: f.id }} label="Remove" context={f.name} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <p>
          <Link to={`${base}/funders`}>Add a funder</Link>
        </p>
      ) : null}

      <h2>Team</h2>
      {members.length === 0 ? (
        <p className="muted">No team members listed. Names and roles are enough.</p>
      ) : (
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              {m.name}, {m.role}
              {canEdit ? (
                <>
                  {" "}
                  <InlinePostButton action={`${base}/team`} fields={{ intent: "remove", memberId: m.id }} label="Remove" context={m.name} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <p>
          <Link to={`${base}/team`}>Add a team member</Link>
        </p>
      ) : null}

      {assessments.filter((a) => a.status === "submitted").length > 1 ? (
        <>
          <h2>Earlier assessments</h2>
          <ul>
            {assessments
              .filter((a) => a.status === "submitted" && a.id !== latest?.id)
              .map((a) => (
                <li key={a.id}>
                  <Link to={`${base}/assessments/${a.id}`}>Submitted {formatDate(a.submittedAt!)}</Link> (questionnaire {a.questionnaireVersion})
                </li>
              ))}
          </ul>
        </>
      ) : null}

      <Recommendations items={recommendations} />

      <h2>History</h2>
      {events.length === 0 ? (
        <EmptyState title="No history yet" />
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <span className="date">{formatDateTime(e.at)}</span> — {e.actorName ?? "Upstream"}: {e.summary}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
