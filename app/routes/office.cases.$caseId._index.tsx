import { Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/office.cases.$caseId._index";
import { CaseStatusBadge, DecisionDetailsList, DueDate, Timeline } from "~/components/cases";
import { CaseFacts } from "~/components/case-facts";
import { ErrorSummary, SelectField, TextArea, TextField } from "~/components/form";
import { SeverityBadge } from "~/components/severity";
import { Badge, PageHeader, formatDateTime } from "~/components/ui";
import { caseView } from "~/lib/case-view.server";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { addNote, askResearcher, caseFor, assignCase, claimCase, confirmDecision, decideCase, declineDecision, moveCase, reopenCase } from "~/modules/cases/cases.server";
import { DECISION_KINDS, DIMENSION_LABELS, EXEMPTIONS, FOUR_EYES_KINDS, decisionHelp, decisionLabels, statusLabels } from "~/modules/cases/labels";
import { MITIGATION_ROWS, messageInput, noteInput, parseDecisionForm, reasonInput } from "~/modules/cases/schema";
import { ValidationError } from "~/modules/errors";
import { answerAgency, warningsForCase } from "~/modules/warnings/warnings.server";
import { agencyAnswerInput } from "~/modules/warnings/schema";
import { outcomeLabels, urgencyLabels, warningStatusLabels } from "~/modules/warnings/labels";
import type { CaseStatus } from "../../db/schema/cases";

export function meta({ data }: Route.MetaArgs) {
  const title = data && "case" in data ? `Case #${data.case.id}: ${data.project.title}` : "Case";
  return [{ title: `${title} – Compliance office – Upstream` }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const caseId = idParam(params.caseId);
  return { ...caseView(actor, caseId), warnings: warningsForCase(db(), actor, caseId), me: actor.userId, now: Date.now() };
});

const MOVES: Partial<Record<CaseStatus, { to: CaseStatus; label: string }[]>> = {
  new: [{ to: "in_review", label: "Start the review" }],
  in_review: [{ to: "new", label: "Put back in the queue" }],
  waiting_for_researcher: [{ to: "in_review", label: "Stop waiting and review" }],
  escalated: [{ to: "in_review", label: "Back to review" }],
};

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const caseId = idParam(params.caseId);
  // Another institution's case does not exist for this officer, whatever the form says.
  caseFor(db(), actor, caseId);
  const form = await readForm(request);
  const origin = originOf(request, context);
  const here = `/office/cases/${caseId}`;
  switch (form.intent) {
    case "claim":
      claimCase(db(), actor, caseId, origin);
      return redirectWithFlash(here, "The case is yours. It is now in review.");
    case "assign": {
      const value = form.assigneeId ?? "";
      assignCase(db(), actor, caseId, value === "" ? null : idParam(value), origin);
      return redirectWithFlash(here, value === "" ? "Nobody is assigned now." : "Assigned.");
    }
    case "move": {
      const move = Object.values(MOVES)
        .flat()
        .find((m) => m!.to === form.to);
      if (!move) throw new ValidationError({ to: "Choose a status." });
      moveCase(db(), actor, caseId, move.to, origin);
      return redirectWithFlash(here, `The case is now “${statusLabels[move.to]}”.`);
    }
    case "ask": {
      const { body } = parseInput(messageInput, form);
      askResearcher(db(), actor, caseId, body, origin);
      return redirectWithFlash(here, "Your question is on the researcher's project page. The case waits for their answer.");
    }
    case "note": {
      const { note } = parseInput(noteInput, form);
      addNote(db(), actor, caseId, note, origin);
      return redirectWithFlash(here, "Note added. Only your office can read it.");
    }
    case "decide": {
      const parsed = parseDecisionForm(form, new Date().toISOString().slice(0, 10));
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const outcome = decideCase(db(), actor, caseId, parsed.decision, origin);
      return redirectWithFlash(here, outcome.closed ? "Decision recorded. The case is closed." : "Decision proposed. Another officer must confirm it before it takes effect.");
    }
    case "confirm":
      confirmDecision(db(), actor, caseId, origin);
      return redirectWithFlash(here, "Decision confirmed. The case is closed.");
    case "decline": {
      const { reason } = parseInput(reasonInput, form);
      declineDecision(db(), actor, caseId, reason, origin);
      return redirectWithFlash(here, "The proposed decision was set aside. The case stays in review.");
    }
    case "reopen": {
      const { reason } = parseInput(reasonInput, form);
      reopenCase(db(), actor, caseId, reason, origin);
      return redirectWithFlash(here, "The case is open again, in review.");
    }
    case "agency-answer": {
      const { answer } = parseInput(agencyAnswerInput, form);
      answerAgency(db(), actor, idParam(form.warningId), answer, origin);
      return redirectWithFlash(`${here}#warnings`, "Your answer has been sent to the agency.");
    }
    default:
      throw new ValidationError({ intent: "Choose an action." });
  }
});

const fieldLabels: Record<string, string> = {
  body: "Question to the researcher",
  note: "Internal note",
  kind: "Decision",
  rationale: "Rationale",
  reviewOn: "Review date",
  controlEntry: "Control-list entry",
  exemption: "Exemption",
  duplicateOf: "Duplicate of case",
  reason: "Reason",
  assigneeId: "Assignee",
  answer: "Answer to the agency",
};

export default function CasePage({ loaderData, actionData }: Route.ComponentProps) {
  const view = loaderData;
  const c = view.case;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failed = actionData && "errors" in actionData ? actionData : null;
  const errors = failed?.errors;
  const values = failed?.values ?? {};
  const intent = values.intent;
  const open = c.isOpen === 1;
  const pending = view.pending;
  const mine = c.assigneeId === view.me;
  const openFlags = view.flags.filter((f) => f.status === "open");
  return (
    <>
      <PageHeader title={`Case #${c.id}: ${view.project.title}`} back={{ to: "/office/cases", label: "Cases" }} />
      <ErrorSummary errors={errors} labels={fieldLabels} />
      <dl className="summary case-summary">
        <dt>Status</dt>
        <dd>
          <CaseStatusBadge status={c.status} />
          {c.status === "waiting_for_researcher" ? <span className="muted"> The researcher owes an answer.</span> : null}
        </dd>
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={c.severity} /> {c.dimensions.map((d) => DIMENSION_LABELS[d] ?? d).join(", ")}
        </dd>
        <dt>Open flags</dt>
        <dd>
          {openFlags.length === 0 ? "none" : openFlags.map((f) => f.title).join("; ")} <a href="#flags">(evidence below)</a>
        </dd>
        <dt>Assignee</dt>
        <dd>{c.assigneeName ?? "Nobody yet"}</dd>
        <dt>Opened</dt>
        <dd>{formatDateTime(c.openedAt)}</dd>
        <dt>Due</dt>
        <dd>
          <DueDate dueAt={c.dueAt} status={c.status} now={view.now} />
        </dd>
        {c.closedAt ? (
          <>
            <dt>Closed</dt>
            <dd>
              {formatDateTime(c.closedAt)}
              {c.reviewOn ? ` · reopens for review on ${c.reviewOn}` : ""}
            </dd>
          </>
        ) : null}
        <dt>Principal investigator</dt>
        <dd>
          {view.project.owner.name} &lt;{view.project.owner.email}&gt;
        </dd>
      </dl>
      <p>
        <Link to={`/projects/${view.project.id}`}>The project page</Link> · <Link to={`/office/cases/${c.id}/record`}>Printable record</Link>
        {view.otherCases.length > 0 ? (
          <>
            {" "}
            · Earlier cases of this project:{" "}
            {view.otherCases.map((o, i) => (
              <span key={o.id}>
                {i > 0 ? ", " : ""}
                <Link to={`/office/cases/${o.id}`}>#{o.id}</Link> ({statusLabels[o.status]})
              </span>
            ))}
          </>
        ) : null}
      </p>

      {pending ? (
        <section className="panel notice-panel" aria-labelledby="pending-title">
          <h2 id="pending-title">A decision waits for a second officer</h2>
          <p>
            <strong>{decisionLabels[pending.kind]}</strong>, proposed by {view.decisions.find((d) => d.id === pending.id)?.requestedByName ?? "an officer"} on {formatDateTime(pending.requestedAt)}.
          </p>
          <blockquote className="message-body">{pending.rationale}</blockquote>
          <DecisionDetailsList kind={pending.kind} details={pending.details} reviewOn={pending.reviewOn} />
          {pending.requestedBy === view.me ? (
            <p className="muted">You proposed it, so another officer of your office must confirm it. You can withdraw it below.</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <button type="submit" className="button" disabled={busy}>
                Confirm the decision
              </button>
            </Form>
          )}
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="decline" />
            <TextField name="reason" label={pending.requestedBy === view.me ? "Why you withdraw it" : "Why you decline it"} error={intent === "decline" ? errors?.reason : undefined} defaultValue={intent === "decline" ? values.reason : undefined} />
            <button type="submit" className="button secondary" disabled={busy}>
              {pending.requestedBy === view.me ? "Withdraw the proposal" : "Decline"}
            </button>
          </Form>
        </section>
      ) : null}

      {open ? (
        <section className="panel" aria-labelledby="work-title">
          <h2 id="work-title">Work the case</h2>
          <div className="action-row">
            {c.assigneeId === null ? (
              <Form method="post">
                <input type="hidden" name="intent" value="claim" />
                <button type="submit" className="button" disabled={busy}>
                  Take this case
                </button>
              </Form>
            ) : null}
            {(MOVES[c.status] ?? []).map((m) => (
              <Form method="post" key={m.to}>
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="to" value={m.to} />
                <button type="submit" className="button secondary" disabled={busy}>
                  {m.label}
                </button>
              </Form>
            ))}
          </div>
          <Form method="post" className="inline-fields">
            <input type="hidden" name="intent" value="assign" />
            <SelectField
              name="assigneeId"
              label="Assignee"
              placeholder="Nobody"
              options={view.officers.map((o) => ({ value: String(o.id), label: o.id === view.me ? `${o.name} (me)` : o.name }))}
              defaultValue={c.assigneeId ? String(c.assigneeId) : ""}
              error={intent === "assign" ? errors?.assigneeId : undefined}
            />
            <button type="submit" className="button secondary" disabled={busy}>
              Assign
            </button>
          </Form>
          {!mine && c.assigneeId !== null ? <p className="muted">{c.assigneeName} is working this case; you can still add notes or help decide.</p> : null}
          <p>
            <Link to={`/office/cases/${c.id}/escalate`}>Escalate to an export-control agency</Link>{" "}
            <span className="muted">(you review exactly what is sent first)</span>
          </p>
        </section>
      ) : (
        <section className="panel" aria-labelledby="reopen-title">
          <h2 id="reopen-title">Reopen the case</h2>
          <p>The decision stays in the record, marked as reopened.</p>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="reopen" />
            <TextField name="reason" label="Why it needs another look" error={intent === "reopen" ? errors?.reason : undefined} defaultValue={intent === "reopen" ? values.reason : undefined} />
            <button type="submit" className="button secondary" disabled={busy}>
              Reopen
            </button>
          </Form>
        </section>
      )}

      {open ? (
        <div className="two-columns">
          <section className="panel" aria-labelledby="ask-title">
            <h2 id="ask-title">Ask the researcher</h2>
            <p className="muted">They see your question on their project page and can answer there. The case waits for them.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="ask" />
              <TextArea name="body" label="Question to the researcher" error={intent === "ask" ? errors?.body : undefined} defaultValue={intent === "ask" ? values.body : undefined} rows={4} />
              <button type="submit" className="button" disabled={busy}>
                Send the question
              </button>
            </Form>
          </section>
          <section className="panel" aria-labelledby="note-title">
            <h2 id="note-title">Internal note</h2>
            <p className="muted">For your office only; never shown to the researcher.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="note" />
              <TextArea name="note" label="Internal note" error={intent === "note" ? errors?.note : undefined} defaultValue={intent === "note" ? values.note : undefined} rows={4} />
              <button type="submit" className="button secondary" disabled={busy}>
                Add the note
              </button>
            </Form>
          </section>
        </div>
      ) : null}

      {open && !pending ? <DecisionForm errors={intent === "decide" ? errors : undefined} values={intent === "decide" ? values : {}} busy={busy} /> : null}

      {view.warnings.length > 0 ? (
        <section aria-labelledby="warnings">
          <h2 id="warnings">Early warnings</h2>
          <ul className="entity-list">
            {view.warnings.map((w) => (
              <li key={w.id} className="panel">
                <h3>
                  UPW-{w.id} to {w.agencyName} <Badge tone={w.status === "closed" ? "neutral" : w.status === "information_requested" ? "warning" : "active"}>{warningStatusLabels[w.status]}</Badge>
                </h3>
                <p className="muted">
                  {urgencyLabels[w.urgency]} · sent {formatDateTime(w.sentAt)}
                  {w.outcome ? ` · outcome: ${outcomeLabels[w.outcome]}` : ""}
                </p>
                <ol className="messages">
                  {w.events.map((e) => (
                    <li key={e.id} className={e.side === "agency" ? "from-office" : "from-researcher"}>
                      <p className="muted">
                        {formatDateTime(e.at)} · {e.summary}
                      </p>
                      {e.body ? <blockquote className="message-body">{e.body}</blockquote> : null}
                    </li>
                  ))}
                </ol>
                {w.status === "information_requested" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="agency-answer" />
                    <input type="hidden" name="warningId" value={w.id} />
                    <TextArea name="answer" label={`Your answer to ${w.agencyName}`} error={intent === "agency-answer" ? errors?.answer : undefined} defaultValue={intent === "agency-answer" ? values.answer : undefined} rows={4} />
                    <button type="submit" className="button" disabled={busy}>
                      Send the answer to the agency
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2 id="timeline">Timeline</h2>
      <Timeline items={view.timeline} />

      <CaseFacts view={view} />
    </>
  );
}

function DecisionForm({ errors, values, busy }: { errors?: Record<string, string>; values: Record<string, string>; busy: boolean }) {
  return (
    <section className="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">Record a decision</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="decide" />
        <fieldset className={`field${errors?.kind ? " has-error" : ""}`} id="kind">
          <legend>Decision</legend>
          {errors?.kind ? <span className="field-error">{errors.kind}</span> : null}
          {DECISION_KINDS.map((k) => (
            <div className="radio" key={k}>
              <input type="radio" name="kind" id={`kind-${k}`} value={k} defaultChecked={values.kind === k} aria-describedby={`kind-${k}-help`} />
              <label htmlFor={`kind-${k}`}>
                {decisionLabels[k]} {FOUR_EYES_KINDS.includes(k) ? <Badge tone="warning">second officer confirms</Badge> : null}
              </label>
              <span className="hint" id={`kind-${k}-help`}>
                {decisionHelp[k]}
              </span>
            </div>
          ))}
        </fieldset>
        <TextArea name="rationale" label="Rationale" hint="Why you decided so, in words an auditor can follow years from now." error={errors?.rationale} defaultValue={values.rationale} rows={5} />
        <fieldset className="field">
          <legend>Measures agreed (for “mitigations agreed”)</legend>
          <div className="mitigation-rows">
            {Array.from({ length: MITIGATION_ROWS }, (_, i) => i + 1).map((n) => (
              <div className="mitigation-row" key={n}>
                <TextField name={`measure_${n}`} label={`Measure ${n}`} error={errors?.[`measure_${n}`]} defaultValue={values[`measure_${n}`]} />
                <TextField name={`owner_${n}`} label={`Owner of measure ${n}`} error={errors?.[`owner_${n}`]} defaultValue={values[`owner_${n}`]} />
              </div>
            ))}
          </div>
        </fieldset>
        <TextField name="reviewOn" type="date" label="Review date" hint="The case reopens on this day. Required with mitigations; optional otherwise." error={errors?.reviewOn} defaultValue={values.reviewOn} />
        <TextField name="controlEntry" label="Control-list entry (for “licence required”)" hint="The EU dual-use list (Annex I) entry, e.g. 5A002." error={errors?.controlEntry} defaultValue={values.controlEntry} />
        <SelectField
          name="exemption"
          label="Exemption (for “exemption applies”)"
          placeholder="Choose…"
          options={Object.entries(EXEMPTIONS).map(([value, label]) => ({ value, label }))}
          error={errors?.exemption}
          defaultValue={values.exemption}
        />
        <TextField name="duplicateOf" label="Duplicate of case number (for “duplicate”)" inputMode="numeric" error={errors?.duplicateOf} defaultValue={values.duplicateOf} />
        <button type="submit" className="button" disabled={busy}>
          Record the decision
        </button>
      </Form>
    </section>
  );
}
