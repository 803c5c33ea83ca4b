// The shipped baseline rule set: it loads, every rule has a project that fires it and a close one
// that does not, and every rule cites a known source and existing library tags.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../lib/paths.server";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { parseArticle } from "../library/article";
import { countryGroupsOf } from "../reference/country-groups.server";
import { SOURCES } from "../risk/sources";
import { BASELINE_CASES } from "./__fixtures__/baseline-cases";
import { subjectFrom } from "./__fixtures__/subjects";
import type { Context } from "./__fixtures__/subjects";
import { compileRuleSet, evaluateRule } from "./evaluate";
import { loadBaselineRuleSet } from "./rules.server";
import { effectiveRules } from "./settings";

const ruleSet = loadBaselineRuleSet();
const fileIds: string[] = (JSON.parse(readFileSync(projectPath("content", "rules", `${ruleSet.version}.json`), "utf8")) as { rules: { id: string }[] }).rules.map((r) => r.id);
const context: Context = {
  taxonomy: loadTaxonomyLookup(),
  countryGroups: (iso2) => {
    const groups = countryGroupsOf(iso2);
    return groups ? [...groups.ear, ...(groups.wassenaarParticipant ? ["WA"] : [])] : [];
  },
};
const parameters = effectiveRules(ruleSet).parameters;
const triage = compileRuleSet(ruleSet);

describe("the baseline rule set", () => {
  it("has at least 25 rules with unique ids", () => {
    expect(fileIds.length).toBeGreaterThanOrEqual(25);
    expect(new Set(fileIds).size).toBe(fileIds.length);
    expect(ruleSet.rules.map((r) => r.id)).toEqual(fileIds);
  });

  it("has a fixture pair for every rule, and no fixture for a rule that does not exist", () => {
    expect(fileIds.filter((id) => !Object.hasOwn(BASELINE_CASES, id))).toEqual([]);
    expect(Object.keys(BASELINE_CASES).filter((id) => !fileIds.includes(id))).toEqual([]);
  });

  describe.each(fileIds)("rule %s", (ruleId) => {
    const rule = ruleSet.rules.find((r) => r.id === ruleId)!;
    const pair = Object.hasOwn(BASELINE_CASES, ruleId) ? BASELINE_CASES[ruleId] : undefined;

    it("fires on its fixture, with evidence", () => {
      expect(pair, `no fixture pair for ${ruleId}`).toBeDefined();
      const subject = subjectFrom(pair!.fires, context);
      const result = evaluateRule(rule, subject, parameters);
      expect(result.matched, pair!.fires.note).toBe(true);
      expect(result.evidence.length).toBeGreaterThan(0);
      expect(triage(subject).map((f) => f.ruleId)).toContain(ruleId);
    });

    it("stays quiet on the close case", () => {
      expect(pair, `no fixture pair for ${ruleId}`).toBeDefined();
      const subject = subjectFrom(pair!.quiet, context);
      expect(evaluateRule(rule, subject, parameters).matched, pair!.quiet.note).toBe(false);
      expect(triage(subject).map((f) => f.ruleId)).not.toContain(ruleId);
    });
  });

  it("cites only public sources the project already lists", () => {
    const known = Object.values(SOURCES).map((s) => `${s.title}|${s.url}`);
    for (const rule of ruleSet.rules) expect(known, rule.id).toContain(`${rule.source.title}|${rule.source.url}`);
  });

  it("uses only library tags that shipped articles carry", () => {
    const dir = projectPath("content", "library");
    const tags = new Set<string>();
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".md"))) {
      const article = parseArticle(readFileSync(`${dir}/${name}`, "utf8"), name, name.replace(/\.md$/, ""));
      for (const list of Object.values(article.tags)) for (const tag of list) tags.add(tag);
    }
    for (const rule of ruleSet.rules) {
      expect(rule.libraryTags.length, rule.id).toBeGreaterThan(0);
      for (const tag of rule.libraryTags) expect(tags.has(tag), `${rule.id}: tag ${tag}`).toBe(true);
    }
  });

  it("is documented: every rule id appears in docs/triage-rules.md", () => {
    const docs = readFileSync(projectPath("docs", "triage-rules.md"), "utf8");
    for (const id of fileIds) expect(docs, id).toContain(`\`${id}\``);
    for (const name of Object.keys(ruleSet.parameters)) expect(docs, name).toContain(`\`${name}\``);
  });

  it("flags nothing on a quiet project", () => {
    expect(triage(subjectFrom({ note: "pure mathematics, no partners" }, context))).toEqual([]);
  });
});
