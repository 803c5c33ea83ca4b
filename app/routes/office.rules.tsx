import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/office.rules";
import { ErrorSummary } from "~/components/form";
import { SeverityBadge } from "~/components/severity";
import { Notice, PageHeader, formatDateTime } from "~/components/ui";
import { formEntries, guardAction, guardLoader, originOf, redirectWithFlash, requireActor, formDataOf } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { COUNTRY_GROUP_CODES, SEVERITIES } from "~/modules/triage/constants";
import type { InstitutionRuleSettings } from "~/modules/triage/settings";
import { settingsFromRuleForm } from "~/modules/triage/settings-form.server";
import { ruleSettingsView, saveRuleSettings, simulateRules } from "~/modules/triage/triage.server";

export function meta() {
  return [{ title: "Triage rules – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const { current, history, openByRule } = ruleSettingsView(db(), actor);
  return {
    label: current.label,
    baseline: current.ruleSet.version,
    settings: current.settings,
    rules: current.ruleSet.rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, dimension: r.dimension, rationale: r.rationale, source: r.source, open: openByRule.get(r.id) ?? 0 })),
    parameters: Object.entries(current.ruleSet.parameters).map(([name, p]) => ({ name, ...p })),
    history,
  };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  const form = formEntries(await formDataOf(request));
  const { current } = ruleSettingsView(db(), actor);
  const settings = settingsFromRuleForm(current.ruleSet, form);
  if (form.intent === "save") {
    const saved = saveRuleSettings(db(), actor, settings, originOf(request, context));
    const r = saved.retriage;
    return redirectWithFlash(
      "/office/rules",
      saved.changed && r ? `Saved as version ${saved.version}. Re-triage: ${r.opened} flags opened, ${r.updated} updated, ${r.closed} closed.` : "Nothing changed: the settings are the same as before.",
    );
  }
  const simulation = simulateRules(db(), actor.institutionId!, { settings });
  return data({ simulation, proposed: settings });
});

/** What the baseline's parameters are called on this page; a parameter a later rule set adds shows its own name. */
const PARAMETER_LABELS: Record<string, string> = {
  concernCountryGroups: "Country groups of concern",
  earlyStageMaxTrl: "Highest readiness level (TRL) counted as early-stage",
  profileEscalationLevel: "Profile level escalated on its own",
  redFlagCount: "Partner red flags that together make a flag",
};

export default function Rules({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { rules, parameters, history, label } = loaderData;
  const proposed = actionData && "proposed" in actionData ? (actionData.proposed as InstitutionRuleSettings) : loaderData.settings;
  const simulation = actionData && "simulation" in actionData ? actionData.simulation : null;
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const titleOf = (id: number) => simulation?.projects.find((p) => p.id === id)?.title ?? `Project ${id}`;
  const ruleTitle = (id: string) => rules.find((r) => r.id === id)?.title ?? id;
  return (
    <>
      <PageHeader
        title="Triage rules"
        lead={`The baseline rules, tuned for your institution (now: ${label}). Preview shows what a change would do to today's portfolio before you save it; saving creates a new version and re-triages every project.`}
        back={{ to: "/office/triage", label: "Triage" }}
      />
      <p>
        <Link to="/office/countries">Your institution's country tiers</Link> (used by rules that name I:concern or I:watch)
      </p>
      <ErrorSummary errors={errors} />
      {simulation ? (
        <section className="panel" aria-labelledby="preview-title">
          <h2 id="preview-title">If you save these settings</h2>
          {simulation.appear.length + simulation.disappear.length + simulation.severityChanged.length === 0 ? (
            <p>No flag would change on the current portfolio.</p>
          ) : (
            <>
              <p>
                {simulation.appear.length} flags would appear, {simulation.disappear.length} would disappear and {simulation.severityChanged.length} would change severity.
              </p>
              <ul>
                {simulation.appear.map((c) => (
                  <li key={`a-${c.projectId}-${c.ruleId}`}>
                    Appears: {ruleTitle(c.ruleId)} ({c.severity}) on <Link to={`/projects/${c.projectId}`}>{titleOf(c.projectId)}</Link>
                  </li>
                ))}
                {simulation.disappear.map((c) => (
                  <li key={`d-${c.projectId}-${c.ruleId}`}>
                    Disappears: {ruleTitle(c.ruleId)} ({c.severity}) on <Link to={`/projects/${c.projectId}`}>{titleOf(c.projectId)}</Link>
                  </li>
                ))}
                {simulation.severityChanged.map((c) => (
                  <li key={`s-${c.projectId}-${c.ruleId}`}>
                    Severity {c.from} → {c.to}: {ruleTitle(c.ruleId)} on <Link to={`/projects/${c.projectId}`}>{titleOf(c.projectId)}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}
      <Form method="post" key={JSON.stringify(proposed)}>
        <h2>Parameters</h2>
        {parameters.map((p) => {
          const value = (proposed.parameters as Record<string, unknown>)[p.name] ?? p.default;
          return (
            <fieldset key={p.name} className="field">
              <legend>{PARAMETER_LABELS[p.name] ?? p.name}</legend>
              <span className="hint">{p.description}</span>
              {p.type === "country-groups" ? (
                <div className="choices inline wrap">
                  {COUNTRY_GROUP_CODES.map((g) => (
                    <label className="choice" key={g}>
                      <input type="checkbox" name={`param:${p.name}`} value={g} defaultChecked={(value as string[]).includes(g)} /> {g === "WA" ? "Wassenaar" : g === "I:concern" ? "Your tier: concern" : g === "I:watch" ? "Your tier: watch" : g}
                    </label>
                  ))}
                </div>
              ) : p.type === "level" ? (
                <select name={`param:${p.name}`} defaultValue={String(value)} aria-label={PARAMETER_LABELS[p.name] ?? p.name}>
                  {["low", "medium", "high", "critical"].map((l) => (
                    <option key={l}>{l}</option>
                  ))}
                </select>
              ) : (
                <input type="number" name={`param:${p.name}`} defaultValue={String(value)} min={p.type === "trl" ? 1 : 0} max={p.type === "trl" ? 9 : 100} aria-label={PARAMETER_LABELS[p.name] ?? p.name} />
              )}
            </fieldset>
          );
        })}
        <h2>Rules</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">On</th>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col" className="numeric">
                  Open flags
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="checkbox" name={`enabled:${r.id}`} aria-label={`Use the rule: ${r.title}`} defaultChecked={!proposed.disabled.includes(r.id)} />
                  </td>
                  <td>
                    <strong>{r.title}</strong> <span className="muted">({r.id}, {r.dimension.replace("_", " ")})</span>
                    <br />
                    <span className="hint">{r.rationale}</span>
                  </td>
                  <td>
                    <select name={`severity:${r.id}`} defaultValue={proposed.severity[r.id] ?? r.severity} aria-label={`Severity of: ${r.title}`}>
                      {SEVERITIES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                          {s === r.severity ? " (baseline)" : ""}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="numeric">{r.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="button-group">
          <button type="submit" name="intent" value="preview" className="button secondary" disabled={navigation.state === "submitting"}>
            Preview the effect
          </button>
          <button type="submit" name="intent" value="save" className="button" disabled={navigation.state === "submitting"}>
            Save and re-triage
          </button>
        </div>
      </Form>
      <h2>Versions</h2>
      {history.length === 0 ? (
        <p className="muted">Your institution uses the baseline rules unchanged.</p>
      ) : (
        <ul>
          {history.map((h) => (
            <li key={h.version}>
              Version {h.version}, {formatDateTime(h.createdAt)} by {h.createdBy ?? "someone no longer registered"}
            </li>
          ))}
        </ul>
      )}
      <Notice>
        <p>
          Every change is recorded in the audit log. Flags keep the version of the rules they were raised under. <SeverityBadge severity="info" /> flags are for review only.
        </p>
      </Notice>
    </>
  );
}
