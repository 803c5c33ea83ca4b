import { Form } from "react-router";
import type { Route } from "./+types/agency.warnings.$warningId";
import { ErrorSummary, SelectField, TextArea } from "~/components/form";
import { Badge, PageHeader, formatDateTime } from "~/components/ui";
import { PacketView } from "~/components/warning-packet";
import { guardAction, guardLoader, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { ValidationError } from "~/modules/errors";
import { acknowledgeWarning, askInstitution, closeWarning, getWarning } from "~/modules/warnings/warnings.server";
import { agencyQuestionInput, closeInput } from "~/modules/warnings/schema";
import { outcomeLabels, warningStatusLabels } from "~/modules/warnings/labels";
import { warningOutcomes } from "../../db/schema/warnings";

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data && "id" in data ? `Warning UPW-${data.id} – Agency – Upstream` : "Warning – Agency – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const w = getWarning(db(), actor, idParam(params.warningId));
  return { id: w.id, status: w.status, outcome: w.outcome, outcomeNote: w.outcomeNote, packet: w.packet, events: w.events };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["analyst"]);
  const id = idParam(params.warningId);
  getWarning(db(), actor, id); // another agency's warning does not exist for this analyst
  const form = await readForm(request);
  const origin = originOf(request, context);
  const here = `/agency/warnings/${id}`;
  switch (form.intent) {
    case "acknowledge":
      acknowledgeWarning(db(), actor, id, origin);
      return redirectWithFlash(here, "Acknowledged. The institution sees it.");
    case "ask": {
      const { body } = parseInput(agencyQuestionInput, form);
      askInstitution(db(), actor, id, body, origin);
      return redirectWithFlash(here, "Your question has been sent to the institution's compliance office.");
    }
    case "close": {
      const { outcome, note } = parseInput(closeInput, form);
      closeWarning(db(), actor, id, outcome, note, origin);
      return redirectWithFlash(here, `Closed: ${outcomeLabels[outcome]}.`);
    }
    default:
      throw new ValidationError({ intent: "Choose an action." });
  }
});

export default function WarningPage({ loaderData, actionData }: Route.ComponentProps) {
  const { id, status, outcome, outcomeNote, packet, events } = loaderData;
  const failed = actionData && "errors" in actionData ? actionData : null;
  const intent = failed?.values.intent;
  const open = status !== "closed";
  return (
    <>
      <PageHeader title={`Warning UPW-${id}`} lead={`From ${packet.institution.name}`} back={{ to: "/agency/warnings", label: "Early warnings" }} />
      <ErrorSummary errors={failed?.errors} />
      <p>
        Status: <Badge tone={status === "closed" ? "neutral" : status === "new" ? "pending" : "active"}>{warningStatusLabels[status]}</Badge>
        {outcome ? ` · ${outcomeLabels[outcome]}` : ""}
        {outcomeNote ? ` · ${outcomeNote}` : ""}
      </p>
      {open ? (
        <section className="panel" aria-labelledby="act-title">
          <h2 id="act-title">Respond</h2>
          {status === "new" ? (
            <Form method="post" className="action-row">
              <input type="hidden" name="intent" value="acknowledge" />
              <button type="submit" className="button">
                Acknowledge
              </button>
            </Form>
          ) : null}
          <div className="two-columns">
            <Form method="post">
              <input type="hidden" name="intent" value="ask" />
              <TextArea name="body" label="Ask the institution for more information" error={intent === "ask" ? failed?.errors.body : undefined} defaultValue={intent === "ask" ? failed?.values.body : undefined} rows={4} />
              <button type="submit" className="button secondary">
                Send the question
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <SelectField name="outcome" label="Close with the outcome" placeholder="Choose…" options={warningOutcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))} error={intent === "close" ? failed?.errors.outcome : undefined} defaultValue={intent === "close" ? failed?.values.outcome : undefined} />
              <TextArea name="note" label="Note for the institution (optional)" error={intent === "close" ? failed?.errors.note : undefined} defaultValue={intent === "close" ? failed?.values.note : undefined} rows={3} />
              <button type="submit" className="button secondary">
                Close the warning
              </button>
            </Form>
          </div>
        </section>
      ) : null}
      <h2>The warning</h2>
      <PacketView packet={packet} />
      <h2>Thread</h2>
      <ol className="messages">
        {events.map((e) => (
          <li key={e.id} className={e.side === "agency" ? "from-researcher" : "from-office"}>
            <p className="muted">
              {formatDateTime(e.at)} · {e.summary}
            </p>
            {e.body ? <blockquote className="message-body">{e.body}</blockquote> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
