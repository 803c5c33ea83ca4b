// The facts behind a case, shared by the case page and its printable record: decisions, the
// project, its self-assessment (profile and answers), flags with evidence, screening matches
// and the portfolio patterns it belongs to.
import { Link } from "react-router";
import { DecisionDetailsList } from "./cases";
import { FlagList, type FlagItem } from "./flags";
import { LevelBadge, type Level } from "./levels";
import { SeverityBadge } from "./severity";
import { Badge, formatDate, formatDateTime } from "./ui";
import { decisionLabels, DIMENSION_LABELS } from "~/modules/cases/labels";
import { partnerKindLabels, trlHelp } from "~/modules/projects/labels";
import { countryName } from "~/modules/reference/countries";
import type { CaseView } from "~/lib/case-view.server";

const decisionStatus = { awaiting_confirmation: "waiting for a second officer", in_force: "in force", declined: "declined", reopened: "reopened" } as const;

export function CaseFacts({ view, print = false }: { view: CaseView; print?: boolean }) {
  const p = view.project;
  const matched = p.partners.filter((x) => x.matches.length > 0);
  return (
    <>
      <h2 id="decisions">Decisions</h2>
      {view.decisions.length === 0 ? (
        <p className="muted">No decision yet.</p>
      ) : (
        <ol className="entity-list">
          {view.decisions.map((d) => (
            <li key={d.id} className="panel">
              <h3>
                {decisionLabels[d.kind]} <Badge tone={d.status === "in_force" ? "success" : "neutral"}>{decisionStatus[d.status]}</Badge>
              </h3>
              <p className="muted">
                Proposed by {d.requestedByName} on {formatDateTime(d.requestedAt)}
                {d.confirmedAt && d.status !== "declined" ? ` · in force from ${formatDateTime(d.confirmedAt)}${d.confirmedBy !== d.requestedBy ? `, confirmed by ${d.confirmedByName}` : ""}` : ""}
                {d.endedAt ? ` · ${d.status} by ${d.endedByName ?? "Upstream"} on ${formatDateTime(d.endedAt)}: ${d.endedReason}` : ""}
              </p>
              <blockquote className="message-body">{d.rationale}</blockquote>
              <DecisionDetailsList kind={d.kind} details={d.details} reviewOn={d.reviewOn} />
            </li>
          ))}
        </ol>
      )}

      <h2 id="project">The project</h2>
      <dl className="summary">
        <dt>Title</dt>
        <dd>{print ? p.title : <Link to={`/projects/${p.id}`}>{p.title}</Link>}</dd>
        <dt>Summary</dt>
        <dd>{p.summary}</dd>
        <dt>Field</dt>
        <dd>{p.field}</dd>
        <dt>Technology areas</dt>
        <dd>{p.areas.join("; ")}</dd>
        <dt>Readiness level</dt>
        <dd>
          TRL {p.trl}: {trlHelp[p.trl]?.title}
        </dd>
        <dt>Dates</dt>
        <dd>{p.startDate || p.endDate ? `${p.startDate ?? "?"} to ${p.endDate ?? "?"}` : "not given"}</dd>
        <dt>Partners</dt>
        <dd>
          {p.partners.length === 0
            ? "none"
            : p.partners.map((x) => `${x.name} (${partnerKindLabels[x.kind]}${x.country ? `, ${countryName(x.country)}` : ""}; ${x.role})`).join("; ")}
        </dd>
        <dt>Funders</dt>
        <dd>{p.funders.length === 0 ? "none" : p.funders.map((f) => `${f.name}${f.country ? ` (${countryName(f.country)})` : ""}`).join("; ")}</dd>
        <dt>Team</dt>
        <dd>{p.members.length === 0 ? "not listed" : p.members.map((m) => `${m.name}, ${m.role}`).join("; ")}</dd>
      </dl>
      {p.reassessmentReason ? <p className="muted">The researcher was asked to assess again: {p.reassessmentReason}.</p> : null}

      <h2 id="profile">Self-assessment</h2>
      {view.profile ? (
        <>
          <p className="muted">
            Submitted {formatDateTime(view.profile.submittedAt!)} · questionnaire {view.profile.questionnaireVersion} · risk model {view.profile.modelVersion}
          </p>
          <div className="table-wrap">
            <table>
              <caption>Risk profile</caption>
              <thead>
                <tr>
                  <th scope="col">Dimension</th>
                  <th scope="col">Level</th>
                  <th scope="col">What raised it</th>
                </tr>
              </thead>
              <tbody>
                {view.profile.dimensions.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{DIMENSION_LABELS[d.id] ?? d.id}</th>
                    <td>
                      <LevelBadge level={d.level as Level} />
                    </td>
                    <td>{d.factors.length ? d.factors.join("; ") : <span className="muted">nothing</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details className="answers-details" open={print}>
            <summary>The researcher's answers</summary>
            {view.answers.map((s) => (
              <section key={s.id}>
                <h3>{s.title}</h3>
                <dl className="answers">
                  {s.answers.map((a) => (
                    <div key={a.id}>
                      <dt>{a.label}</dt>
                      <dd>{a.answer}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </details>
        </>
      ) : (
        <p className="muted">The researcher has not submitted a self-assessment for this project yet.</p>
      )}

      <h2 id="flags">Flags</h2>
      {view.flags.length === 0 ? <p className="muted">No rule has fired for this project.</p> : <FlagList flags={view.flags as FlagItem[]} labels={view.questionLabels} />}

      <h2 id="screening">Screening matches</h2>
      {matched.length === 0 ? (
        <p className="muted">No partner resembles an entry on the screening lists.</p>
      ) : (
        <ul className="entity-list">
          {matched.map((x) => (
            <li key={x.id} className="panel">
              <h3>{x.name}</h3>
              <ul>
                {x.matches.map((m) => (
                  <li key={`${m.listId}-${m.entryId}`}>
                    {m.listName}: {m.entryName} (score {m.score.toFixed(2)}). {m.explanation}
                    {m.decision === "false_positive" ? " Your office marked this a false positive." : m.decision === "confirmed" ? " Your office confirmed this match." : ""}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}

      <h2 id="patterns">Portfolio patterns</h2>
      {view.patterns.length === 0 ? (
        <p className="muted">This project is not part of a pattern across the portfolio.</p>
      ) : (
        <ul className="entity-list">
          {view.patterns.map((pt) => (
            <li key={pt.id} className="panel">
              <h3>
                {pt.title} <SeverityBadge severity={pt.severity} />
              </h3>
              <p>{pt.explanation}</p>
              <p className="muted">
                Raised {formatDate(pt.openedAt)} · projects {pt.projectIds.map((id) => `#${id}`).join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
