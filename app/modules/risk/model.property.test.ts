// Properties of the risk model over answer sets generated from the questionnaire itself: it never
// throws, scores stay in range, it is deterministic, blind to the team, and monotone in risk.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PARTNER_KINDS, FUNDER_KINDS, pruneAnswers, walkQuestionnaire } from "../assessment/questionnaire";
import type { AnswerValue, Answers, ProjectFacts, Question } from "../assessment/questionnaire";
import { loadQuestionnaire } from "../assessment/questionnaire.server";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { loadCountryContext } from "./country-context.server";
import { answerFactorWeights, assessRisk, DIMENSIONS, levelFor, levelRank, MAX_SCORE } from "./model";
import type { RiskProfile } from "./model";

const q = loadQuestionnaire();
const taxonomy = loadTaxonomyLookup();
const countries = loadCountryContext();
const areaIds = loadTechnologyTaxonomy().areas.map((a) => a.id);
const questions = q.sections.flatMap((s) => s.questions);
const COUNTRIES = ["NL", "DE", "FR", "US", "GB", "CN", "RU", "IR", "KP", "SY", "CU", "VN", "SA", "BR", "IN", "AE", "NA"];

const teamArb = fc.array(fc.record({ name: fc.string({ maxLength: 40 }), role: fc.string({ maxLength: 40 }) }), { maxLength: 4 });

const projectArb: fc.Arbitrary<ProjectFacts> = fc.record({
  title: fc.string({ maxLength: 60 }),
  summary: fc.string({ maxLength: 200 }),
  field: fc.string({ maxLength: 40 }),
  technologyAreas: fc.subarray([...areaIds, "not-in-taxonomy"], { minLength: 1, maxLength: 4 }),
  trl: fc.integer({ min: 1, max: 9 }),
  funders: fc.array(
    fc.record({ name: fc.string({ maxLength: 30 }), country: fc.constantFrom(null, ...COUNTRIES), kind: fc.constantFrom(...FUNDER_KINDS) }),
    { maxLength: 2 },
  ),
  partners: fc.array(
    fc.record({
      name: fc.string({ maxLength: 30 }),
      country: fc.constantFrom(null, ...COUNTRIES),
      kind: fc.constantFrom(...PARTNER_KINDS),
      role: fc.string({ maxLength: 30 }),
      screening: fc.array(
        fc.record({
          listId: fc.constantFrom("csl", "nro"),
          entryName: fc.string({ maxLength: 30 }),
          score: fc.double({ min: 0, max: 1, noNaN: true }),
          level: fc.constantFrom("strong" as const, "possible" as const),
          decision: fc.constantFrom("confirmed" as const, "false_positive" as const, null),
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 3 },
  ),
  team: teamArb,
  previousAssessment: fc.boolean(),
  institutionCountry: fc.constantFrom(undefined, null, "NL", "DE"),
});

function valueArb(question: Question): fc.Arbitrary<AnswerValue> {
  const options = (question.options ?? []).map((o) => o.id);
  switch (question.type) {
    case "yes-no-unsure":
      return fc.constantFrom("yes", "no", "unsure");
    case "single":
      return fc.constantFrom(...options);
    case "multiple":
      return fc.subarray(options, { minLength: 1 });
    case "country":
      return fc.constantFrom("unsure", ...COUNTRIES);
    default:
      return fc.string({ maxLength: 80 });
  }
}

/** Any answer set the questionnaire's question types allow, including answers to questions that end up hidden. */
const answersArb: fc.Arbitrary<Answers> = fc.record(
  Object.fromEntries(questions.map((question) => [question.id, valueArb(question)])) as Record<string, fc.Arbitrary<AnswerValue>>,
  { requiredKeys: [] },
).map((answers) => answers as Answers);

const assess = (p: ProjectFacts, a: Answers) => assessRisk(p, a, q, taxonomy, countries);

function weightsOf(question: Question, value: AnswerValue | undefined, p: ProjectFacts): Map<string, number> {
  const weights = new Map<string, number>();
  for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
    for (const { id, weight } of answerFactorWeights(question, v, p)) {
      const existing = weights.get(id);
      if (existing === undefined || Math.abs(weight) > Math.abs(existing)) weights.set(id, weight);
    }
  }
  return weights;
}

/**
 * A change only adds risk when every new factor raises risk and no risk-raising factor is lost
 * or weakened (the caller also requires that no question disappears).
 */
function onlyAddsRisk(question: Question, before: AnswerValue | undefined, after: AnswerValue, p: ProjectFacts): boolean {
  const old = weightsOf(question, before, p);
  const now = weightsOf(question, after, p);
  for (const [id, weight] of now) {
    const was = old.get(id);
    if (was === undefined ? weight < 0 : weight < was) return false;
  }
  for (const [id, weight] of old) if (weight > 0 && !now.has(id)) return false;
  return true;
}

/** Every answer one step "riskier" than the current one for a question. */
function riskierAnswers(question: Question, current: AnswerValue | undefined, p: ProjectFacts): AnswerValue[] {
  const candidates: AnswerValue[] = [];
  if (question.type === "yes-no-unsure") candidates.push("yes", "no", "unsure");
  if (question.type === "single") candidates.push(...question.options!.map((o) => o.id));
  if (question.type === "multiple") {
    const chosen = Array.isArray(current) ? current : [];
    for (const option of question.options!) {
      if (chosen.includes(option.id)) continue;
      const exclusive = new Set(question.options!.filter((o) => o.exclusive).map((o) => o.id));
      candidates.push(option.exclusive ? [option.id] : [...chosen.filter((c) => !exclusive.has(c)), option.id]);
    }
  }
  return candidates.filter((c) => JSON.stringify(c) !== JSON.stringify(current) && onlyAddsRisk(question, current, c, p));
}

function checkRange(profile: RiskProfile) {
  for (const d of DIMENSIONS) {
    const { score, level } = profile.dimensions[d];
    expect(Number.isInteger(score)).toBe(true);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(MAX_SCORE);
    expect(level).toBe(levelFor(score));
  }
  expect(profile.needsOfficeReview).toBe(DIMENSIONS.some((d) => levelRank(profile.dimensions[d].level) > levelRank("low")));
}

describe("risk model properties", () => {
  it("never throws on any answer set, keeps scores in range, and is deterministic", () => {
    fc.assert(
      fc.property(projectArb, answersArb, (p, a) => {
        const profile = assess(p, a);
        checkRange(profile);
        expect(assess(p, a)).toEqual(profile);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on malformed answers either", () => {
    const junk = fc.dictionary(fc.constantFrom(...questions.map((x) => x.id), "unknown"), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })));
    fc.assert(fc.property(projectArb, junk, (p, a) => checkRange(assess(p, a))), { numRuns: 200 });
  });

  it("changing team members' names or roles never changes the profile", () => {
    fc.assert(
      fc.property(projectArb, answersArb, teamArb, (p, a, team) => {
        expect(assess({ ...p, team }, a)).toEqual(assess(p, a));
      }),
      { numRuns: 200 },
    );
  });

  it("adding a risk-raising answer never lowers any dimension's level or score", () => {
    fc.assert(
      fc.property(projectArb, answersArb, (p, generated) => {
        const base = pruneAnswers(q, p, generated, taxonomy);
        const before = assess(p, base);
        const visible = walkQuestionnaire(q, p, base, taxonomy).sections.flatMap((s) => s.questions);
        const visibleIds = visible.map((x) => x.id);
        for (const question of visible) {
          for (const riskier of riskierAnswers(question, base[question.id], p)) {
            const changed = { ...base, [question.id]: riskier };
            // An answer that closes questions (a "no" to a gateway) is not a risk-raising one.
            const stillVisible = new Set(walkQuestionnaire(q, p, changed, taxonomy).sections.flatMap((s) => s.questions.map((x) => x.id)));
            if (!visibleIds.every((id) => stillVisible.has(id))) continue;
            const after = assess(p, changed);
            for (const d of DIMENSIONS) {
              const what = `${d} after ${question.id} = ${JSON.stringify(riskier)} (was ${JSON.stringify(base[question.id])})`;
              expect(levelRank(after.dimensions[d].level), what).toBeGreaterThanOrEqual(levelRank(before.dimensions[d].level));
              expect(after.dimensions[d].score, what).toBeGreaterThanOrEqual(before.dimensions[d].score);
            }
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it("a partner's screening match never lowers a level, and a false positive changes nothing", () => {
    fc.assert(
      fc.property(projectArb, answersArb, fc.constantFrom("strong" as const, "possible" as const), (p, a, level) => {
        fc.pre(p.partners.length > 0);
        const base = { ...p, partners: p.partners.map((x) => ({ ...x, screening: [] })) };
        const withHit = (decision: "confirmed" | "false_positive" | null) => ({
          ...base,
          partners: base.partners.map((x, i) => (i === 0 ? { ...x, screening: [{ listId: "nro", entryName: "Listed", score: 0.9, level, decision }] } : x)),
        });
        const answers = pruneAnswers(q, withHit(null), a, taxonomy);
        const before = assess(base, pruneAnswers(q, base, answers, taxonomy));
        const cleared = assess(withHit("false_positive"), pruneAnswers(q, withHit("false_positive"), answers, taxonomy));
        expect(cleared.dimensions).toEqual(before.dimensions);
        const raised = assess(withHit(null), answers);
        for (const d of DIMENSIONS) expect(levelRank(raised.dimensions[d].level)).toBeGreaterThanOrEqual(levelRank(before.dimensions[d].level));
      }),
      { numRuns: 150 },
    );
  });
});
