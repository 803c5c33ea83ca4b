import { Form } from "react-router";
import type { Route } from "./+types/account.notifications";
import { ErrorSummary } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/ui";
import { guardAction, guardLoader, originOf, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { preferencesView, savePreferences } from "~/modules/nudges/nudges.server";

export function meta() {
  return [{ title: "E-mail notifications – Your account – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["researcher", "officer", "analyst", "admin"]);
  return preferencesView(db(), actor);
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["researcher", "officer", "analyst", "admin"]);
  savePreferences(db(), actor, await readForm(request), originOf(request, context));
  return redirectWithFlash("/account/notifications", "Your e-mail settings are saved.");
});

const modeLabels = { on: "As it happens", digest: "In the daily summary", off: "Off" } as const;

export default function Notifications({ loaderData, actionData }: Route.ComponentProps) {
  const { kinds, library } = loaderData;
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  return (
    <>
      <PageHeader
        title="E-mail notifications"
        lead="Choose what Upstream e-mails you about. Apart from urgent messages, you get at most one e-mail a day: everything else waits for a daily summary."
        back={{ to: "/account/sessions", label: "Your account" }}
      />
      <ErrorSummary errors={errors} />
      {kinds.length === 0 ? (
        <EmptyState title="Nothing to choose">
          <p>Upstream sends you only the e-mails your account needs (invitations, password resets).</p>
        </EmptyState>
      ) : (
        <Form method="post" className="preferences">
          {kinds.map((k) =>
            k.kind === "library-digest" ? (
              <fieldset key={k.kind} className="field" id={k.kind}>
                <legend>{k.label}</legend>
                {(["weekly", "monthly", "off"] as const).map((m) => (
                  <div className="radio" key={m}>
                    <input type="radio" name={k.kind} id={`${k.kind}-${m}`} value={m} defaultChecked={library === m} />
                    <label htmlFor={`${k.kind}-${m}`}>{m === "weekly" ? "Weekly" : m === "monthly" ? "Monthly" : "Off"}</label>
                  </div>
                ))}
              </fieldset>
            ) : (
              <fieldset key={k.kind} className="field" id={k.kind} disabled={!k.canTurnOff}>
                <legend>{k.label}</legend>
                {!k.canTurnOff ? (
                  <p className="hint">These are about your own project and need your attention, so they cannot be switched off.</p>
                ) : (
                  (["on", "digest", "off"] as const).map((m) => (
                    <div className="radio" key={m}>
                      <input type="radio" name={k.kind} id={`${k.kind}-${m}`} value={m} defaultChecked={k.mode === m} />
                      <label htmlFor={`${k.kind}-${m}`}>{modeLabels[m]}</label>
                    </div>
                  ))
                )}
              </fieldset>
            ),
          )}
          <button type="submit" className="button">
            Save the settings
          </button>
        </Form>
      )}
    </>
  );
}
