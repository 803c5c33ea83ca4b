import { Form } from "react-router";
import type { Route } from "./+types/office.cases.deadlines";
import { ErrorSummary, TextField } from "~/components/form";
import { PageHeader } from "~/components/ui";
import { guardAction, guardLoader, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { caseDeadlines, retentionYearsOf, saveCaseDeadlines } from "~/modules/cases/cases.server";
import { DEFAULT_DEADLINES, RANKED_SEVERITIES } from "~/modules/cases/labels";
import { deadlinesInput } from "~/modules/cases/schema";

export function meta() {
  return [{ title: "Deadlines – Cases – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return { deadlines: caseDeadlines(db(), actor.institutionId!), retentionYears: retentionYearsOf(db(), actor.institutionId!) };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const { retentionYears, ...deadlines } = parseInput(deadlinesInput, await readForm(request));
  saveCaseDeadlines(db(), actor, deadlines, retentionYears, originOf(request, context));
  return redirectWithFlash("/office/cases/deadlines", "Saved. New cases get the deadlines; open cases keep the due dates they have.");
});

export default function Deadlines({ loaderData, actionData }: Route.ComponentProps) {
  const failed = actionData && "errors" in actionData ? actionData : null;
  return (
    <>
      <PageHeader
        title="Deadlines and records"
        lead="How many working days (Monday to Friday) your office gives itself to decide a case, by its highest severity. A case past its deadline stands out in the queue."
        back={{ to: "/office/cases", label: "Cases" }}
      />
      <ErrorSummary errors={failed?.errors} />
      <Form method="post" className="narrow-form">
        {RANKED_SEVERITIES.map((s) => (
          <TextField
            key={s}
            name={s}
            type="number"
            inputMode="numeric"
            label={`${s[0]!.toUpperCase()}${s.slice(1)}`}
            hint={`Default ${DEFAULT_DEADLINES[s]} working days.`}
            error={failed?.errors[s]}
            defaultValue={failed?.values[s] ?? String(loaderData.deadlines[s])}
          />
        ))}
        <h2>How long personal data stays in closed cases</h2>
        <TextField
          name="retentionYears"
          type="number"
          inputMode="numeric"
          label="Years after a case closes"
          hint="Then the messages, notes and any researcher's name in it are removed; the decision and its reasons stay as the record. Check your country's rules for how long export-control records must be kept."
          error={failed?.errors.retentionYears}
          defaultValue={failed?.values.retentionYears ?? String(loaderData.retentionYears)}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </>
  );
}
