// Turns the rule-settings form into institution settings: only what differs from the
// baseline is kept, so a later baseline change still reaches untouched rules.
import { ValidationError } from "../errors";
import type { ParameterValue, RuleSet } from "./rules";
import { parseRuleSettings, type InstitutionRuleSettings } from "./settings";

export function settingsFromForm(ruleSet: RuleSet, form: Record<string, string | string[]>): InstitutionRuleSettings {
  const one = (key: string) => {
    const v = form[key];
    return Array.isArray(v) ? v[v.length - 1] : v;
  };
  const disabled = ruleSet.rules.filter((r) => one(`enabled:${r.id}`) !== "on").map((r) => r.id);
  const severity: Record<string, string> = {};
  for (const rule of ruleSet.rules) {
    const chosen = one(`severity:${rule.id}`);
    if (chosen && chosen !== rule.severity) severity[rule.id] = chosen;
  }
  const parameters: Record<string, ParameterValue> = {};
  for (const [name, def] of Object.entries(ruleSet.parameters)) {
    let value: ParameterValue | undefined;
    if (def.type === "country-groups") value = [form[`param:${name}`] ?? []].flat().filter(Boolean);
    else if (def.type === "level") value = one(`param:${name}`) as ParameterValue;
    else {
      const text = one(`param:${name}`);
      value = text === undefined || text === "" ? undefined : Number(text);
    }
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(def.default)) parameters[name] = value;
  }
  return { disabled, severity, parameters } as InstitutionRuleSettings;
}

/** The form's settings, validated against the rule set; a problem is a form error. */
export function settingsFromRuleForm(ruleSet: RuleSet, form: Record<string, string | string[]>): InstitutionRuleSettings {
  try {
    return parseRuleSettings(settingsFromForm(ruleSet, form), ruleSet);
  } catch (error) {
    throw new ValidationError({ settings: error instanceof Error ? error.message : String(error) });
  }
}
