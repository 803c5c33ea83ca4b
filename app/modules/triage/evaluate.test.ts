// Evaluation: evidence names exactly what matched, severities and order come out right, and no
// subject (however odd) makes evaluation throw or depend on anything but its input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUNDER_KINDS, PARTNER_KINDS } from "../assessment/questionnaire";
import { loadQuestionnaire } from "../assessment/questionnaire.server";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { DIMENSIONS } from "../risk/factors";
import { LEVELS } from "../risk/model";
import type { Context } from "./__fixtures__/subjects";
import { funder, hit, partner, subjectFrom } from "./__fixtures__/subjects";
import { answerLabelerOf, compileRuleSet, evaluateRule, evaluateRuleSet } from "./evaluate";
import type { ParameterValue, Rule, TriageSubject } from "./rules";
import { loadBaselineRuleSet } from "./rules.server";

const ruleSet = loadBaselineRuleSet();
const byId = (id: string): Rule => ruleSet.rules.find((r) => r.id === id)!;
const GROUPS: Record<string, string[]> = { CN: ["D:1", "D:3", "D:4", "D:5"], IR: ["D:2", "D:3", "D:4", "D:5", "E:1"], NL: ["A:1", "B", "WA"], DE: ["A:1", "B", "WA"] };
const context: Context = { taxonomy: loadTaxonomyLookup(), countryGroups: (iso2) => GROUPS[iso2] ?? [] };
const parameters: Record<string, ParameterValue> = { concernCountryGroups: ["D:5", "E:1", "E:2"], earlyStageMaxTrl: 4, profileEscalationLevel: "high", redFlagCount: 2 };
const labels = answerLabelerOf(loadQuestionnaire());

describe("evidence", () => {
  it("names the answer values that matched, with their labels", () => {
    const rule = byId("mirror-lab-or-relocation-condition");
    const subject = subjectFrom({ note: "", answers: { "funding-conditions": ["ip-abroad", "move-abroad", "mirror-lab"] } }, context);
    const { matched, evidence } = evaluateRule(rule, subject, parameters, { labels });
    expect(matched).toBe(true);
    expect(evidence).toHaveLength(1);
    const [answer] = evidence;
    expect(answer).toMatchObject({ type: "answer", questionId: "funding-conditions" });
    if (answer?.type !== "answer") throw new Error("expected answer evidence");
    // ip-abroad was chosen too, but is not what the rule looks for.
    expect(answer.matched.map((m) => m.value)).toEqual(["move-abroad", "mirror-lab"]);
    for (const m of answer.matched) expect(m.label).toBeTruthy();
  });

  it("names only the partners and screening hits that matched", () => {
    const rule = byId("partner-screening-strong");
    const subject = subjectFrom(
      {
        note: "",
        facts: {
          partners: [
            partner("Clean University", "DE"),
            partner("Matched Institute", "CN", "university", [hit("strong", null, "Matched Institute of Technology"), hit("possible", null, "Other Entry"), hit("strong", "false_positive", "Ruled Out Entry")]),
          ],
        },
      },
      context,
    );
    const { evidence } = evaluateRule(rule, subject, parameters);
    expect(evidence).toEqual([
      { type: "partner", name: "Matched Institute", country: "CN", partnerKind: "university", groups: ["D:1", "D:3", "D:4", "D:5"] },
      { type: "screening-hit", partner: "Matched Institute", listId: "csl", entryName: "Matched Institute of Technology", score: 0.96, level: "strong", decision: null },
    ]);
  });

  it("for any, names only the branches that matched", () => {
    const rule = byId("travel-with-data-to-concern-country");
    const subject = subjectFrom(
      { note: "", facts: { partners: [partner("Home Partner", "DE")] }, answers: { channels: ["travel-devices"], "travel-with-data": "yes", "end-user-country": "IR", "deployment-country": "DE" } },
      context,
    );
    const { evidence } = evaluateRule(rule, subject, parameters);
    expect(evidence).toEqual([
      { type: "answer", questionId: "travel-with-data", matched: [{ value: "yes", label: null }] },
      { type: "answer-country", questionId: "end-user-country", country: "IR", groups: GROUPS.IR },
    ]);
  });

  it("for not, says what was absent", () => {
    const rule = byId("military-links-civilian-stated-use");
    const subject = subjectFrom({ note: "", answers: { "partner-military-links": "yes", "end-use": ["civilian-industry"] } }, context);
    const { evidence } = evaluateRule(rule, subject, parameters);
    expect(evidence).toEqual([
      { type: "answer", questionId: "partner-military-links", matched: [{ value: "yes", label: null }] },
      { type: "absent", condition: 'answer to "end-use" includes any of military, security-police' },
    ]);
  });

  it("names the technology area, the TRL and the partner's groups for a combination", () => {
    const rule = byId("sensitive-early-stage-concern-partner");
    const subject = subjectFrom({ note: "", facts: { technologyAreas: ["pure-mathematics", "quantum-computing"], trl: 2, partners: [partner("Far University", "CN"), partner("Near University", "DE")] } }, context);
    const { evidence } = evaluateRule(rule, subject, parameters);
    expect(evidence).toEqual([
      expect.objectContaining({ type: "technology-area", areaId: "quantum-computing", sensitivity: "high" }),
      { type: "trl", trl: 2 },
      { type: "partner", name: "Far University", country: "CN", partnerKind: "university", groups: GROUPS.CN },
    ]);
  });

  it("names the profile level, and funders", () => {
    const hr = evaluateRule(byId("human-rights-profile-escalated"), subjectFrom({ note: "", profile: { levels: { human_rights: "critical" } } }, context), parameters);
    expect(hr.evidence).toEqual([{ type: "profile-level", dimension: "human_rights", level: "critical", atLeast: "high" }]);
    const fund = evaluateRule(byId("funder-concern-country"), subjectFrom({ note: "", facts: { funders: [funder("Home Council", "NL", "public"), funder("Far Fund", "IR", "other")] } }, context), parameters);
    expect(fund.evidence).toEqual([{ type: "funder", name: "Far Fund", country: "IR", funderKind: "other", groups: GROUPS.IR }]);
  });

  it("reads profile factors", () => {
    const rule: Rule = { ...byId("military-profile-escalated"), condition: { profileFactor: "partner.screening-strong" } };
    const subject = subjectFrom({ note: "", profile: { factors: ["partner.screening-strong"] } }, context);
    expect(evaluateRule(rule, subject, parameters).evidence).toEqual([{ type: "profile-factor", dimension: "partner", factorId: "partner.screening-strong", label: "Factor partner.screening-strong" }]);
  });

  it("resolves parameters: a higher escalation level silences the profile rules", () => {
    const subject = subjectFrom({ note: "", profile: { levels: { military: "high" } } }, context);
    expect(evaluateRule(byId("military-profile-escalated"), subject, parameters).matched).toBe(true);
    expect(evaluateRule(byId("military-profile-escalated"), subject, { ...parameters, profileEscalationLevel: "critical" }).matched).toBe(false);
  });
});

describe("evaluateRuleSet", () => {
  it("returns flags with the rule's words, highest severity first", () => {
    const subject = subjectFrom(
      { note: "", facts: { partners: [partner("Matched Institute", "CN", "university", [hit("strong", "confirmed")])] }, answers: { "end-use": ["unsure"], "funding-source-clear": "no" } },
      context,
    );
    const flags = evaluateRuleSet(ruleSet, subject);
    expect(flags.map((f) => [f.ruleId, f.severity])).toEqual([
      ["partner-screening-confirmed", "critical"],
      ["funding-source-unclear", "medium"],
      ["end-use-unknown", "low"],
    ]);
    const rule = byId("partner-screening-confirmed");
    expect(flags[0]).toMatchObject({ title: rule.title, rationale: rule.rationale, action: rule.action, source: rule.source, libraryTags: rule.libraryTags, dimension: "partner" });
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────

const questionnaire = loadQuestionnaire();
const allQuestions = questionnaire.sections.flatMap((s) => s.questions);
const areaIds = ["quantum-computing", "biometrics-surveillance", "pure-mathematics", "lasers-optics-photonics", "data-science-big-data", "not-an-area"];
const countries = ["CN", "IR", "NL", "DE", "RU", "IN", "US", ""];

const hitArb = fc.record({
  listId: fc.constantFrom("csl", "nro"),
  entryName: fc.string({ maxLength: 12 }),
  score: fc.double({ min: 0, max: 1, noNaN: true }),
  level: fc.constantFrom("strong" as const, "possible" as const),
  decision: fc.constantFrom("confirmed" as const, "false_positive" as const, null),
});
const answerArb = fc.dictionary(
  fc.constantFrom(...allQuestions.map((q) => q.id), "constructor", "__proto__"),
  fc.oneof(
    fc.constantFrom("yes", "no", "unsure", "CN", "IR", "DE", "advance", "listed", "close", "restricted", "unexplained", "millions"),
    fc.subarray(["military", "wmd", "security-police", "unsure", "mirror-lab", "parallel-lab", "talent-programme", "software", "lab-equipment", "private-email", "out-of-field", "new-partner", "location"]),
    fc.string({ maxLength: 6 }),
  ),
  { maxKeys: 12 },
);
const subjectArb: fc.Arbitrary<TriageSubject> = fc.record({
  projectId: fc.integer({ min: 1, max: 1000 }),
  trl: fc.integer({ min: 0, max: 10 }),
  institutionCountry: fc.constantFrom("NL", "DE", null, undefined),
  areas: fc.subarray(areaIds),
  partners: fc.array(fc.record({ name: fc.string({ maxLength: 20 }), country: fc.constantFrom(...countries, null), kind: fc.constantFrom(...PARTNER_KINDS), role: fc.constant("partner"), screening: fc.array(hitArb, { maxLength: 3 }) }), { maxLength: 4 }),
  funders: fc.array(fc.record({ name: fc.string({ maxLength: 20 }), country: fc.constantFrom(...countries, null), kind: fc.constantFrom(...FUNDER_KINDS) }), { maxLength: 3 }),
  answers: answerArb,
  profile: fc.option(fc.dictionary(fc.constantFrom(...DIMENSIONS), fc.constantFrom(...LEVELS)), { nil: null }),
}).map((r) => ({
  projectId: r.projectId,
  facts: { title: "t", summary: "s", field: "f", technologyAreas: r.areas, trl: r.trl, funders: r.funders, partners: r.partners, team: [], ...(r.institutionCountry === undefined ? {} : { institutionCountry: r.institutionCountry }) },
  answers: r.answers,
  profile: r.profile ? subjectFrom({ note: "", profile: { levels: r.profile } }, context).profile : null,
  taxonomy: context.taxonomy,
  countryGroups: context.countryGroups,
}));

describe("properties", () => {
  const triage = compileRuleSet(ruleSet);

  it("evaluation never throws, is deterministic, and agrees with evaluateRule", () => {
    fc.assert(
      fc.property(subjectArb, (subject) => {
        const first = triage(subject);
        expect(triage(subject)).toEqual(first);
        expect(evaluateRuleSet(ruleSet, subject)).toEqual(first);
        const fired = ruleSet.rules.filter((rule) => evaluateRule(rule, subject, parameters).matched).map((r) => r.id);
        expect(first.map((f) => f.ruleId).sort()).toEqual(fired.sort());
        for (const flag of first) expect(flag.evidence.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("disabling a rule never adds flags", () => {
    fc.assert(
      fc.property(subjectArb, fc.subarray(ruleSet.rules.map((r) => r.id)), (subject, disabled) => {
        const all = new Set(triage(subject).map((f) => f.ruleId));
        const fewer = evaluateRuleSet(ruleSet, subject, { disabled, severity: {}, parameters: {} }).map((f) => f.ruleId);
        for (const id of fewer) expect(all.has(id)).toBe(true);
        for (const id of disabled) expect(fewer).not.toContain(id);
      }),
      { numRuns: 200 },
    );
  });

  it("survives subjects that break the type promises", () => {
    const odd = [
      { projectId: 1, facts: null, answers: null, profile: null, taxonomy: () => undefined, countryGroups: () => [] },
      { projectId: 1, facts: { partners: [null, { name: 3, screening: "x" }], funders: "none", technologyAreas: [7] }, answers: { "end-use": 5 }, profile: { dimensions: null }, taxonomy: () => { throw new Error("down"); }, countryGroups: () => { throw new Error("down"); } },
    ] as unknown as TriageSubject[];
    for (const subject of odd) expect(() => triage(subject)).not.toThrow();
  });
});
