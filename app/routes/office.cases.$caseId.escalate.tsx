import { data, Form, Link } from "react-router";
import type { Route } from "./+types/office.cases.$caseId.escalate";
import { ErrorSummary, TextArea, TextField } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/ui";
import { PacketView } from "~/components/warning-packet";
import { formEntries, guardAction, guardLoader, idParam, originOf, parseInput, redirectWithFlash, requireActor, formDataOf } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { ValidationError } from "~/modules/errors";
import { buildPacket, escalateCase, escalationOptions } from "~/modules/warnings/warnings.server";
import { escalationFromForm, escalationInput } from "~/modules/warnings/schema";
import { urgencyHelp, urgencyLabels } from "~/modules/warnings/labels";
import { warningUrgencies } from "../../db/schema/warnings";

export function meta() {
  return [{ title: "Escalate to an agency – Case – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const caseId = idParam(params.caseId);
  const options = escalationOptions(db(), actor, caseId);
  const values = { agencyIds: options.agencies.filter((a) => !a.alreadyWarned).map((a) => String(a.id)), urgency: "priority", concern: options.draftConcern, includePi: false, piReason: "" };
  return {
    caseId,
    isOpen: options.case.isOpen === 1,
    agencies: options.agencies,
    values,
    packet: buildPacket(db(), actor, caseId, { urgency: "priority", concern: options.draftConcern || "(the concern in your words)", includePi: false, piReason: null }),
  };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const caseId = idParam(params.caseId);
  escalationOptions(db(), actor, caseId); // another institution's case does not exist for this officer
  const form = formEntries(await formDataOf(request));
  const raw = escalationFromForm(form);
  let input;
  try {
    input = parseInput(escalationInput, raw);
  } catch (error) {
    if (error instanceof ValidationError) return data({ errors: error.fieldErrors, values: raw, packet: null }, { status: 400 });
    throw error;
  }
  if (form.intent === "send") {
    try {
      const ids = escalateCase(db(), actor, caseId, input, originOf(request, context));
      return redirectWithFlash(`/office/cases/${caseId}#warnings`, `Sent as ${ids.map((id) => `UPW-${id}`).join(", ")}. The agency's answers will appear on this case.`);
    } catch (error) {
      if (error instanceof ValidationError) return data({ errors: error.fieldErrors, values: raw, packet: null }, { status: 400 });
      throw error;
    }
  }
  return { errors: undefined, values: raw, packet: buildPacket(db(), actor, caseId, input) };
});

export default function Escalate({ loaderData, actionData }: Route.ComponentProps) {
  const { caseId, agencies, isOpen } = loaderData;
  const ours = actionData && "packet" in actionData ? actionData : null;
  const values = ours?.values ?? loaderData.values;
  const errors = ours?.errors ?? (actionData && "errors" in actionData ? actionData.errors : undefined);
  const packet = ours ? ours.packet : loaderData.packet;
  const chosen = new Set(values.agencyIds.map(String));
  return (
    <>
      <PageHeader
        title="Escalate to an export-control agency"
        lead="Review exactly what the agency will receive. By default it names no researcher: only you, as the institution's contact."
        back={{ to: `/office/cases/${caseId}`, label: `Case #${caseId}` }}
      />
      {!isOpen ? (
        <EmptyState title="This case is closed">
          <p>Reopen the case to escalate it.</p>
        </EmptyState>
      ) : agencies.length === 0 ? (
        <EmptyState title="No agency covers your institution's country yet">
          <p>Ask the Upstream administrator to add the export-control agency for your country.</p>
        </EmptyState>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <Form method="post">
            <fieldset className={`field${errors?.agencyIds ? " has-error" : ""}`} id="agencyIds">
              <legend>Agency</legend>
              {errors?.agencyIds ? <span className="field-error">{errors.agencyIds}</span> : null}
              {agencies.map((a) => (
                <div className="checkbox-field" key={a.id}>
                  <input type="checkbox" id={`agency-${a.id}`} name="agencyIds" value={a.id} defaultChecked={chosen.has(String(a.id))} disabled={a.alreadyWarned} />
                  <label htmlFor={`agency-${a.id}`}>
                    {a.name}
                    {a.alreadyWarned ? " (already warned about this case)" : ""}
                  </label>
                </div>
              ))}
            </fieldset>
            <fieldset className={`field${errors?.urgency ? " has-error" : ""}`} id="urgency">
              <legend>Urgency</legend>
              {errors?.urgency ? <span className="field-error">{errors.urgency}</span> : null}
              {warningUrgencies.map((u) => (
                <div className="radio" key={u}>
                  <input type="radio" id={`urgency-${u}`} name="urgency" value={u} defaultChecked={values.urgency === u} aria-describedby={`urgency-${u}-help`} />
                  <label htmlFor={`urgency-${u}`}>{urgencyLabels[u]}</label>
                  <span className="hint" id={`urgency-${u}-help`}>
                    {urgencyHelp[u]}
                  </span>
                </div>
              ))}
            </fieldset>
            <TextArea name="concern" label="The concern, in your words" hint="What could go where, and why it matters. The agency reads this first." error={errors?.concern} defaultValue={values.concern} rows={6} />
            <div className="checkbox-field">
              <input type="checkbox" id="includePi" name="includePi" value="yes" defaultChecked={values.includePi} />
              <label htmlFor="includePi">Include the principal investigator's name</label>
            </div>
            <TextField name="piReason" label="Why the agency needs the name" hint="Only when the agency cannot act without it. Required if you include the name." error={errors?.piReason} defaultValue={values.piReason ?? ""} />
            <div className="action-row">
              <button type="submit" name="intent" value="preview" className="button secondary">
                Update the preview
              </button>
              <button type="submit" name="intent" value="send" className="button">
                Send to the agency
              </button>
            </div>
          </Form>
          <section className="panel" aria-labelledby="preview-title">
            <h2 id="preview-title">What the agency will receive</h2>
            {packet ? <PacketView packet={packet} /> : <p className="muted">Correct the form to see the preview.</p>}
          </section>
          <p>
            <Link to={`/office/cases/${caseId}`}>Back to the case without sending</Link>
          </p>
        </>
      )}
    </>
  );
}
