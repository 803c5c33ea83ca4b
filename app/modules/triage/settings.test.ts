// Institution tuning: switching rules off, changing severity and parameters, refusing what does
// not fit the rule set, and a digest that tells tunings apart.
import { describe, expect, it } from "vitest";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import type { Context } from "./__fixtures__/subjects";
import { partner, subjectFrom } from "./__fixtures__/subjects";
import { evaluateRuleSet } from "./evaluate";
import { loadBaselineRuleSet } from "./rules.server";
import { EMPTY_SETTINGS, effectiveRules, parseRuleSettings, RuleSettingsError, ruleSettingsProblems, settingsDigest } from "./settings";

const ruleSet = loadBaselineRuleSet();
const GROUPS: Record<string, string[]> = { CN: ["D:1", "D:3", "D:4", "D:5"], RU: ["D:1", "D:2", "D:3", "D:4", "D:5"], IN: ["A:1", "A:2", "A:3", "A:5", "B"] };
const context: Context = { taxonomy: loadTaxonomyLookup(), countryGroups: (iso2) => GROUPS[iso2] ?? [] };
const ids = (flags: { ruleId: string }[]) => flags.map((f) => f.ruleId);

describe("effectiveRules", () => {
  it("applies every rule with its defaults when nothing is tuned", () => {
    const effective = effectiveRules(ruleSet, EMPTY_SETTINGS);
    expect(effective.rules.map((r) => r.id)).toEqual(ruleSet.rules.map((r) => r.id));
    expect(effective.parameters).toEqual(Object.fromEntries(Object.entries(ruleSet.parameters).map(([k, v]) => [k, v.default])));
    expect(effective.disabled).toEqual([]);
  });

  it("leaves out disabled rules and applies changed severities", () => {
    const effective = effectiveRules(ruleSet, { disabled: ["end-use-unknown"], severity: { "funding-source-unclear": "high" }, parameters: {} });
    expect(effective.rules.map((r) => r.id)).not.toContain("end-use-unknown");
    const changed = effective.rules.find((r) => r.id === "funding-source-unclear")!;
    expect(changed).toMatchObject({ severity: "high", defaultSeverity: "medium" });
  });
});

describe("tuning changes the flags", () => {
  const unsure = subjectFrom({ note: "", answers: { "end-use": ["unsure"], "funding-source-clear": "unsure" } }, context);

  it("a disabled rule no longer fires", () => {
    expect(ids(evaluateRuleSet(ruleSet, unsure))).toContain("end-use-unknown");
    expect(ids(evaluateRuleSet(ruleSet, unsure, { disabled: ["end-use-unknown"], severity: {}, parameters: {} }))).toEqual(["funding-source-unclear"]);
  });

  it("a severity change shows on the flag and in the order", () => {
    const flags = evaluateRuleSet(ruleSet, unsure, { disabled: [], severity: { "end-use-unknown": "critical" }, parameters: {} });
    expect(flags.map((f) => [f.ruleId, f.severity])).toEqual([
      ["end-use-unknown", "critical"],
      ["funding-source-unclear", "medium"],
    ]);
  });

  it("a parameter change widens what counts as a country of concern", () => {
    const subject = subjectFrom({ note: "", facts: { technologyAreas: ["quantum-computing"], trl: 2, partners: [partner("Example Institute", "IN")] } }, context);
    expect(ids(evaluateRuleSet(ruleSet, subject))).not.toContain("sensitive-early-stage-concern-partner");
    const wider = { disabled: [], severity: {}, parameters: { concernCountryGroups: ["D:5", "E:1", "E:2", "A:5"] } };
    expect(ids(evaluateRuleSet(ruleSet, subject, wider))).toContain("sensitive-early-stage-concern-partner");
  });

  it("a parameter change on the TRL limit narrows the early-stage rule", () => {
    const subject = subjectFrom({ note: "", facts: { technologyAreas: ["quantum-computing"], trl: 4, partners: [partner("Example Institute", "CN")] } }, context);
    expect(ids(evaluateRuleSet(ruleSet, subject))).toContain("sensitive-early-stage-concern-partner");
    expect(ids(evaluateRuleSet(ruleSet, subject, { disabled: [], severity: {}, parameters: { earlyStageMaxTrl: 3 } }))).not.toContain("sensitive-early-stage-concern-partner");
  });
});

describe("parseRuleSettings", () => {
  it("accepts good settings and fills in what is missing", () => {
    expect(parseRuleSettings({ disabled: ["wmd-misuse", "end-use-unknown", "wmd-misuse"] }, ruleSet)).toEqual({ disabled: ["end-use-unknown", "wmd-misuse"], severity: {}, parameters: {} });
    expect(parseRuleSettings(undefined, ruleSet)).toEqual(EMPTY_SETTINGS);
  });

  it("refuses unknown rule ids, unknown parameters and values of the wrong type, naming each", () => {
    const bad = { disabled: ["no-such-rule"], severity: { "also-missing": "high" }, parameters: { concernCountryGroups: ["X:1"], earlyStageMaxTrl: 12, nonsense: 1 } };
    let error: RuleSettingsError | undefined;
    try {
      parseRuleSettings(bad, ruleSet);
    } catch (e) {
      error = e as RuleSettingsError;
    }
    expect(error).toBeInstanceOf(RuleSettingsError);
    expect(error!.problems).toEqual([
      `cannot switch off rule "no-such-rule": rule set ${ruleSet.version} has no such rule`,
      `cannot change the severity of rule "also-missing": rule set ${ruleSet.version} has no such rule`,
      expect.stringMatching(/^parameter "concernCountryGroups" must be a list of country groups/),
      "parameter \"earlyStageMaxTrl\" must be a whole number from 1 to 9",
      `parameter "nonsense" does not exist in rule set ${ruleSet.version}`,
    ]);
  });

  it("refuses an unknown severity and unknown keys", () => {
    expect(() => parseRuleSettings({ severity: { "wmd-misuse": "apocalyptic" } }, ruleSet)).toThrow(/severity\.wmd-misuse/);
    expect(() => parseRuleSettings({ disabled: [], colour: "red" }, ruleSet)).toThrow(RuleSettingsError);
  });

  it("effectiveRules refuses settings that do not fit", () => {
    expect(() => effectiveRules(ruleSet, { disabled: [], severity: {}, parameters: { profileEscalationLevel: "extreme" as never } })).toThrow(/profileEscalationLevel/);
    expect(ruleSettingsProblems({ disabled: [], severity: {}, parameters: { redFlagCount: 3 } }, ruleSet)).toEqual([]);
  });
});

describe("settingsDigest", () => {
  it("is stable across key order and the order of disabled ids", () => {
    const a = settingsDigest({ disabled: ["b-rule", "a-rule"], severity: { x: "low", y: "high" }, parameters: { p: 1, q: ["D:5"] } });
    const b = settingsDigest({ parameters: { q: ["D:5"], p: 1 }, severity: { y: "high", x: "low" }, disabled: ["a-rule", "b-rule", "a-rule"] });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it("changes with any change of tuning", () => {
    const base = { disabled: ["wmd-misuse"], severity: {}, parameters: {} };
    const digests = new Set([
      settingsDigest(EMPTY_SETTINGS),
      settingsDigest(base),
      settingsDigest({ ...base, disabled: ["end-use-unknown"] }),
      settingsDigest({ ...base, severity: { "wmd-misuse": "critical" } }),
      settingsDigest({ ...base, parameters: { redFlagCount: 3 } }),
      settingsDigest({ ...base, parameters: { redFlagCount: 4 } }),
    ]);
    expect(digests.size).toBe(6);
  });
});
