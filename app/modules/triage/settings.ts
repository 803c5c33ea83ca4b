// An institution's tuning of a rule set without code: rules switched off, severities changed,
// parameters overridden. Validated against the rule set it tunes, and digested so that every
// flag can record exactly which tuning produced it.
import { z } from "zod";
import type { ParameterValue, Rule, RuleSet, Severity } from "./rules";
import { SEVERITIES, parameterValueProblem } from "./rules";

export type InstitutionRuleSettings = {
  disabled: string[];
  severity: Record<string, Severity>;
  parameters: Record<string, ParameterValue>;
};

export const EMPTY_SETTINGS: InstitutionRuleSettings = Object.freeze({ disabled: [], severity: {}, parameters: {} }) as InstitutionRuleSettings;

export const ruleSettingsSchema = z
  .object({
    disabled: z.array(z.string().min(1)).default([]),
    severity: z.record(z.string().min(1), z.enum(SEVERITIES)).default({}),
    parameters: z.record(z.string().min(1), z.unknown()).default({}),
  })
  .strict();

export class RuleSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The rule settings cannot be used: ${problems.join("; ")}`);
    this.name = "RuleSettingsError";
  }
}

/** Every problem with settings for this rule set, in plain words; empty when they fit. */
export function ruleSettingsProblems(settings: InstitutionRuleSettings, ruleSet: RuleSet): string[] {
  const ids = new Set(ruleSet.rules.map((rule) => rule.id));
  const problems: string[] = [];
  for (const id of settings.disabled) {
    if (!ids.has(id)) problems.push(`cannot switch off rule "${id}": rule set ${ruleSet.version} has no such rule`);
  }
  for (const [id, severity] of Object.entries(settings.severity)) {
    if (!ids.has(id)) problems.push(`cannot change the severity of rule "${id}": rule set ${ruleSet.version} has no such rule`);
    else if (!(SEVERITIES as readonly string[]).includes(severity)) problems.push(`rule "${id}": "${severity}" is not a severity (${SEVERITIES.join(", ")})`);
  }
  for (const [name, value] of Object.entries(settings.parameters)) {
    const definition = Object.hasOwn(ruleSet.parameters, name) ? ruleSet.parameters[name] : undefined;
    if (!definition) {
      problems.push(`parameter "${name}" does not exist in rule set ${ruleSet.version}`);
      continue;
    }
    const problem = parameterValueProblem(definition.type, value);
    if (problem) problems.push(`parameter "${name}" ${problem}`);
  }
  return problems;
}

/** Parses stored or submitted settings and checks them against the rule set; throws RuleSettingsError listing every problem. */
export function parseRuleSettings(data: unknown, ruleSet: RuleSet): InstitutionRuleSettings {
  const parsed = ruleSettingsSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new RuleSettingsError(parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "settings"}: ${issue.message}`));
  }
  const settings: InstitutionRuleSettings = {
    disabled: [...new Set(parsed.data.disabled)].sort(),
    severity: parsed.data.severity,
    parameters: parsed.data.parameters as Record<string, ParameterValue>,
  };
  const problems = ruleSettingsProblems(settings, ruleSet);
  if (problems.length > 0) throw new RuleSettingsError(problems);
  return settings;
}

export type EffectiveRule = Rule & { defaultSeverity: Severity };

export type EffectiveRules = {
  version: string;
  /** The rules that apply, in file order, with the institution's severity. */
  rules: EffectiveRule[];
  /** Switched-off rule ids, sorted. */
  disabled: string[];
  /** Every parameter with the institution's value, or the default. */
  parameters: Record<string, ParameterValue>;
};

/** What applies for an institution. Throws RuleSettingsError when the settings do not fit the rule set. */
export function effectiveRules(ruleSet: RuleSet, settings: InstitutionRuleSettings = EMPTY_SETTINGS): EffectiveRules {
  const problems = ruleSettingsProblems(settings, ruleSet);
  if (problems.length > 0) throw new RuleSettingsError(problems);
  const off = new Set(settings.disabled);
  const parameters: Record<string, ParameterValue> = {};
  for (const [name, definition] of Object.entries(ruleSet.parameters)) {
    parameters[name] = Object.hasOwn(settings.parameters, name) ? settings.parameters[name]! : definition.default;
  }
  return {
    version: ruleSet.version,
    rules: ruleSet.rules
      .filter((rule) => !off.has(rule.id))
      .map((rule) => ({
        ...rule,
        defaultSeverity: rule.severity,
        severity: Object.hasOwn(settings.severity, rule.id) ? settings.severity[rule.id]! : rule.severity,
      })),
    disabled: [...off].sort(),
    parameters,
  };
}

/** JSON with object keys sorted, so equal settings always serialise alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A short fingerprint of the settings (16 hex digits), stable across key order and the order of
 * disabled ids. Two 32-bit FNV-1a passes with different seeds keep accidental collisions rare
 * enough for telling versions apart; it is not a security hash.
 */
export function settingsDigest(settings: InstitutionRuleSettings): string {
  const canonical = canonicalJson({
    disabled: [...new Set(settings.disabled)].sort(),
    severity: settings.severity,
    parameters: settings.parameters,
  });
  const fnv = (seed: number) => {
    let hash = seed >>> 0;
    for (let i = 0; i < canonical.length; i++) {
      hash ^= canonical.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, "0");
  };
  return fnv(0x811c9dc5) + fnv(0x9747b28c);
}
