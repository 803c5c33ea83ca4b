// The rule-set parser: a good file parses, and a bad one fails naming the file, the rule and the
// field at fault.
import { describe, expect, it } from "vitest";
import { loadQuestionnaire } from "../assessment/questionnaire.server";
import { describeCondition, knownQuestionsOf, parseRuleSet, RuleSetError } from "./rules";
import type { Condition } from "./rules";

const questions = knownQuestionsOf(loadQuestionnaire());

function rule(overrides: Record<string, unknown> = {}) {
  return {
    id: "example-rule",
    title: "An example rule",
    severity: "medium",
    dimension: "itt",
    condition: { answer: "technical-help-abroad", equals: "yes" },
    rationale: "Helping someone abroad with know-how can be an export of its own.",
    source: { title: "Regulation (EU) 2021/821 (dual-use regulation)", url: "https://eur-lex.europa.eu/eli/reg/2021/821/oj" },
    action: "Ask the office before the visit.",
    libraryTags: ["technical-assistance"],
    ...overrides,
  };
}

function ruleSet(rules: unknown[], parameters: Record<string, unknown> = {}) {
  return { format: "upstream.rules/v1", version: "test-1", updated: "2026-11-24", parameters, rules };
}

const groups = { concern: { description: "Groups of concern for the tests.", type: "country-groups", default: ["D:5", "E:1"] } };

function failure(data: unknown, areas?: ReadonlySet<string>): RuleSetError {
  try {
    parseRuleSet(data, "test-1.json", questions, { areas });
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSetError);
    return error as RuleSetError;
  }
  throw new Error("the rule set was accepted");
}

describe("parseRuleSet", () => {
  it("accepts a well-formed rule set with every comparison form", () => {
    const condition: Condition = {
      all: [
        { answer: "end-use", includesAny: ["military", "security-police"] },
        { answer: "partner-red-flags", countOf: ["private-email", "out-of-field"], atLeast: 2 },
        { answer: "end-user-country", countryInGroups: "$concern" },
        { any: [{ profile: "military", levelAtLeast: "high" }, { profileFactor: "partner.screening-strong" }] },
        { area: { sensitivityAtLeast: "elevated", euHighestRisk: true } },
        { trl: { atMost: 4 } },
        { partner: { kind: ["military-defence"], countryGroups: "$concern", screening: { level: "strong", status: "open" } }, atLeast: 1 },
        { not: { funder: { kind: ["foreign-government"], abroad: true } } },
      ],
    };
    const parsed = parseRuleSet(ruleSet([rule({ condition })], groups), "test-1.json", questions);
    expect(parsed.rules[0]!.condition).toEqual(condition);
    expect(parsed.parameters.concern!.default).toEqual(["D:5", "E:1"]);
  });

  it("names the file, the rule and the field for a malformed rule", () => {
    const error = failure(ruleSet([rule(), rule({ id: "broken-rule", severity: "severe" })]));
    expect(error.message).toMatch(/^test-1\.json: rule 2 \("broken-rule"\), field "severity": /);
    expect(error.ruleId).toBe("broken-rule");
    expect(error.field).toBe("severity");
  });

  it("points into nested conditions", () => {
    const error = failure(ruleSet([rule({ condition: { all: [{ answer: "end-use", includes: "military" }, { trl: { atMost: 12 } }] } })]));
    expect(error.message).toContain('rule 1 ("example-rule"), field "condition.all.1.trl.atMost"');
  });

  it("refuses a comparison it does not know", () => {
    const error = failure(ruleSet([rule({ condition: { any: [{ colour: "red" }] } })]));
    expect(error.message).toContain('field "condition.any.0": is not a comparison');
  });

  it("refuses an unknown question id", () => {
    const error = failure(ruleSet([rule({ condition: { answer: "favourite-colour", equals: "red" } })]));
    expect(error.message).toContain('rule 1 ("example-rule"), field "condition.answer": question "favourite-colour" is not in the questionnaire');
  });

  it("refuses an option the question does not offer", () => {
    const error = failure(ruleSet([rule({ condition: { answer: "end-use", includesAny: ["military", "aliens"] } })]));
    expect(error.message).toContain('"aliens" is not an answer question "end-use" accepts');
  });

  it("refuses includes on a question that is not multiple choice, and equals on one that is", () => {
    expect(failure(ruleSet([rule({ condition: { answer: "research-type", includes: "basic" } })])).message).toMatch(/need a multiple-choice question/);
    expect(failure(ruleSet([rule({ condition: { answer: "end-use", equals: "military" } })])).message).toMatch(/is multiple choice; use includes/);
    expect(failure(ruleSet([rule({ condition: { answer: "research-type", countryInGroups: ["D:5"] } })])).message).toMatch(/not a country question/);
  });

  it("refuses an unknown parameter and a parameter of the wrong type", () => {
    const unknown = failure(ruleSet([rule({ condition: { partner: { countryGroups: "$nowhere" } } })], groups));
    expect(unknown.message).toContain('field "condition.partner.countryGroups": parameter "$nowhere" is not defined');
    const level = { minimum: { description: "A level for the tests.", type: "level", default: "high" } };
    const wrongType = failure(ruleSet([rule({ condition: { trl: { atMost: "$minimum" } } })], level));
    expect(wrongType.message).toContain('parameter "$minimum" is of type level, but this place needs trl');
  });

  it("refuses a parameter whose default does not match its type", () => {
    const error = failure(ruleSet([rule()], { concern: { description: "Groups of concern for the tests.", type: "country-groups", default: ["D:9"] } }));
    expect(error.message).toMatch(/parameter "concern", field "parameters\.concern\.default": must be a list of country groups/);
  });

  it("refuses an unknown risk factor", () => {
    const error = failure(ruleSet([rule({ condition: { profileFactor: "partner.bad-vibes" } })]));
    expect(error.message).toContain('"partner.bad-vibes" is not a factor the risk model knows');
  });

  it("refuses duplicate ids and ids that are not kebab-case", () => {
    expect(failure(ruleSet([rule(), rule()])).message).toContain('rule 2 ("example-rule"), field "id": duplicate rule id');
    expect(failure(ruleSet([rule({ id: "Bad_Id" })])).message).toContain('field "id": must be kebab-case');
  });

  it("checks technology areas when it knows them", () => {
    const error = failure(ruleSet([rule({ condition: { area: { in: ["warp-drives"] } } })]), new Set(["quantum-computing"]));
    expect(error.message).toContain('technology area "warp-drives" is not in the taxonomy');
  });

  it("refuses a wrong format and a bad date at the top level", () => {
    expect(failure({ ...ruleSet([rule()]), format: "other/v1" }).message).toMatch(/^test-1\.json: top level, field "format"/);
    expect(failure({ ...ruleSet([rule()]), updated: "yesterday" }).message).toMatch(/field "updated": must be a date/);
  });

  it("never crashes on junk, only refuses it", () => {
    for (const junk of [null, 42, "rules", [], { rules: [null] }, ruleSet([null]), ruleSet([rule({ condition: null })]), ruleSet([rule({ condition: { not: [] } })])]) {
      expect(() => parseRuleSet(junk, "junk.json", questions)).toThrow(RuleSetError);
    }
  });
});

describe("describeCondition", () => {
  it("reads a condition back in plain words", () => {
    expect(describeCondition({ all: [{ answer: "travel-with-data", equals: "yes" }, { partner: { countryGroups: "$concern" } }] })).toBe(
      'all of (answer to "travel-with-data" is yes; a partner based in a country in $concern)',
    );
  });
});
