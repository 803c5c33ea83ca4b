// The shipped questionnaire loads; malformed ones are refused by name; conditions, branching,
// validation and progress behave as the adaptive self-assessment needs.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TMP_DIR } from "../../../tests/support/paths";
import { benignAnswer, project, walk } from "./__fixtures__/projects";
import {
  evaluateCondition,
  findQuestion,
  firstIncompleteSection,
  nextSection,
  parseQuestionnaire,
  progress,
  pruneAnswers,
  QuestionnaireError,
  questionnaireSchema,
  validateSection,
  visibleQuestions,
  visibleSections,
} from "./questionnaire";
import type { Answers, Condition, Section } from "./questionnaire";
import { loadQuestionnaire, questionnairesDir, questionnaireVersions, readQuestionnaireFile } from "./questionnaire.server";
import { loadTaxonomyLookup } from "./taxonomy-lookup.server";

const q = loadQuestionnaire();
const taxonomy = loadTaxonomyLookup();
const shipped = () => JSON.parse(readFileSync(path.join(questionnairesDir(), "v1.json"), "utf8"));
const section = (id: string): Section => q.sections.find((s) => s.id === id)!;
const ids = (sections: Section[]) => sections.map((s) => s.id);

describe("loading", () => {
  it("loads the shipped questionnaire, newest by default, and lists versions", () => {
    expect(questionnaireVersions()).toContain("v1");
    expect(q.version).toBe("v1");
    expect(loadQuestionnaire("v1")).toBe(q);
    expect(questionnaireSchema.safeParse(shipped()).success).toBe(true);
    expect(() => loadQuestionnaire("v99")).toThrow(/no questionnaire version "v99"/);
  });

  it("covers the question areas researchers need, with help and guidance for unsure", () => {
    const all = q.sections.flatMap((s) => s.questions);
    expect(all.length).toBeGreaterThan(30);
    for (const question of all) {
      expect(question.help.length, question.id).toBeGreaterThan(20);
      if (question.type === "yes-no-unsure") expect(question.unsureGuidance, question.id).toBeTruthy();
    }
    expect(q.sections.filter((s) => s.kind === "human-rights").map((s) => s.id)).toEqual(["human-rights"]);
    // No question asks about nationality or citizenship.
    const text = JSON.stringify(q).toLowerCase();
    expect(text).not.toMatch(/what is (your|their) nationality|citizenship of/);
  });

  it("refuses a malformed question, naming the file and the question", () => {
    const data = shipped();
    data.sections[1].questions[1].type = "dropdown";
    expect(() => parseQuestionnaire(data, "v1.json")).toThrow(QuestionnaireError);
    expect(() => parseQuestionnaire(data, "v1.json")).toThrow(/v1\.json: question "publication-intent" \(section "about-the-work"\), field "type"/);
  });

  it("refuses a showIf pointing to an unknown or later question", () => {
    const unknown = shipped();
    unknown.sections[1].questions[2].showIf = { answer: "no-such-question", equals: "yes" };
    expect(() => parseQuestionnaire(unknown, "v1.json")).toThrow(/question "confidentiality-reason".*refers to question "no-such-question"/);

    const later = shipped();
    later.sections[1].questions[0].showIf = { answer: "foreseeable-misuse", equals: "yes" };
    expect(() => parseQuestionnaire(later, "v1.json")).toThrow(/question "research-type".*"foreseeable-misuse", which does not exist or does not come earlier/);

    const section = shipped();
    section.sections[3].showIf = { answer: "nowhere", in: ["yes"] };
    expect(() => parseQuestionnaire(section, "v1.json")).toThrow(/section 4 \("misuse"\).*refers to question "nowhere"/);

    const value = shipped();
    value.sections[3].showIf = { answer: "foreseeable-misuse", equals: "maybe" };
    expect(() => parseQuestionnaire(value, "v1.json")).toThrow(/"maybe" is not an answer question "foreseeable-misuse" accepts/);
  });

  it("refuses duplicate ids, unknown factors and missing unsure guidance", () => {
    const dupQuestion = shipped();
    dupQuestion.sections[2].questions[0].id = "research-type";
    expect(() => parseQuestionnaire(dupQuestion, "v1.json")).toThrow(/question "research-type" \(section "technology"\), field "id": duplicate question id/);

    const dupOption = shipped();
    dupOption.sections[1].questions[0].options[1].id = "basic";
    expect(() => parseQuestionnaire(dupOption, "v1.json")).toThrow(/question "research-type".*duplicate option id "basic"/);

    const factor = shipped();
    factor.sections[1].questions[3].factors.yes = ["military.made-up"];
    expect(() => parseQuestionnaire(factor, "v1.json")).toThrow(/question "foreseeable-misuse".*"military.made-up" is not a factor the risk model knows/);

    const factFactor = shipped();
    factFactor.sections[1].questions[3].factors.yes = ["partner.screening-strong"];
    expect(() => parseQuestionnaire(factFactor, "v1.json")).toThrow(/not a factor the risk model knows/);

    const guidance = shipped();
    delete guidance.sections[1].questions[3].unsureGuidance;
    expect(() => parseQuestionnaire(guidance, "v1.json")).toThrow(/question "foreseeable-misuse".*unsureGuidance/);

    const dupSection = shipped();
    dupSection.sections[2].id = "about-the-work";
    expect(() => parseQuestionnaire(dupSection, "v1.json")).toThrow(/section 3 \("about-the-work"\): duplicate section id/);
  });

  it("refuses a technology area the taxonomy does not know, and a file named for another version", () => {
    const dir = mkdtempSync(path.join(TMP_DIR, "questionnaire-"));
    const data = shipped();
    data.sections[2].questions[3].showIf = { fact: "technologyArea", in: ["warp-drives"] };
    writeFileSync(path.join(dir, "v1.json"), JSON.stringify(data));
    expect(() => readQuestionnaireFile(path.join(dir, "v1.json"))).toThrow(/question "security-functions".*"warp-drives" is not in the taxonomy/);
    writeFileSync(path.join(dir, "v2.json"), JSON.stringify(shipped()));
    expect(() => readQuestionnaireFile(path.join(dir, "v2.json"))).toThrow(/says "v1" but the file is named v2\.json/);
    expect(questionnaireVersions(dir)).toEqual(["v1", "v2"]);
  });
});

describe("conditions", () => {
  const facts = project({
    technologyAreas: ["biometrics-surveillance", "pure-mathematics"],
    trl: 4,
    partners: [
      { name: "Acme Vision", country: "DE", kind: "company", role: "data", screening: [] },
      { name: "Listed Institute", country: "CN", kind: "university", role: "co-author", screening: [{ listId: "nro", entryName: "Listed", score: 0.9, level: "possible", decision: "false_positive" }] },
    ],
    funders: [{ name: "Industry Co", country: "US", kind: "industry" }],
  });
  const answers: Answers = { "foreseeable-misuse": "yes", "misuse-kinds": ["surveillance", "military"] };
  const is = (c: Condition, a: Answers = answers) => evaluateCondition(c, facts, a, taxonomy);

  it("compares answers", () => {
    expect(is({ answer: "foreseeable-misuse", equals: "yes" })).toBe(true);
    expect(is({ answer: "foreseeable-misuse", in: ["no", "unsure"] })).toBe(false);
    expect(is({ answer: "misuse-kinds", includes: "military" })).toBe(true);
    expect(is({ answer: "misuse-kinds", includesAny: ["wmd", "repression"] })).toBe(false);
    expect(is({ answer: "misuse-kinds", answered: true })).toBe(true);
    expect(is({ answer: "personal-data", answered: false })).toBe(true);
    expect(is({ answer: "personal-data", equals: "no" })).toBe(false);
    expect(is({ answer: "misuse-kinds", answered: true }, { "misuse-kinds": [] })).toBe(false);
  });

  it("reads project facts and taxonomy properties", () => {
    expect(is({ fact: "trl", atLeast: 4 })).toBe(true);
    expect(is({ fact: "trl", atMost: 3 })).toBe(false);
    expect(is({ fact: "technologyArea", surveillanceCapable: true })).toBe(true);
    expect(is({ fact: "technologyArea", sensitivityAtLeast: "high" })).toBe(true);
    expect(is({ fact: "technologyArea", in: ["pure-mathematics"], sensitivityAtLeast: "low" })).toBe(false);
    expect(is({ fact: "technologyArea", euHighestRisk: true })).toBe(true);
    expect(is({ fact: "technologyArea", controlListed: true })).toBe(true);
    expect(is({ fact: "partners", present: true })).toBe(true);
    expect(is({ fact: "partnerKind", in: ["military-defence"] })).toBe(false);
    expect(is({ fact: "partnerKind", in: ["company"] })).toBe(true);
    expect(is({ fact: "funderKind", in: ["industry"] })).toBe(true);
    expect(is({ fact: "partnerCountry", in: ["CN"] })).toBe(true);
    expect(is({ fact: "partnerCountry" })).toBe(true);
    // A match the office marked a false positive does not count.
    expect(is({ fact: "screeningMatch" })).toBe(false);
    expect(is({ fact: "previousAssessment", equals: false })).toBe(true);
  });

  it("combines with all, any and not", () => {
    expect(is({ all: [{ fact: "trl", atLeast: 4 }, { answer: "foreseeable-misuse", equals: "yes" }] })).toBe(true);
    expect(is({ any: [{ fact: "trl", atLeast: 9 }, { answer: "foreseeable-misuse", equals: "no" }] })).toBe(false);
    expect(is({ not: { fact: "trl", atLeast: 9 } })).toBe(true);
  });
});

describe("branching", () => {
  it("shows a benign project only the first page", () => {
    const facts = project();
    expect(ids(visibleSections(q, facts, {}, taxonomy))).toEqual(["about-the-work"]);
    expect(visibleQuestions(section("about-the-work"), facts, {}, taxonomy).map((x) => x.id)).not.toContain("confidentiality-reason");
    expect(visibleQuestions(section("about-the-work"), facts, { "publication-intent": "restricted" }, taxonomy).map((x) => x.id)).toContain("confidentiality-reason");
  });

  it("opens sections from answers and project facts", () => {
    const facts = project();
    const opened = visibleSections(q, facts, { "foreseeable-misuse": "unsure", "external-support": "yes", "outside-access": "yes" }, taxonomy);
    expect(ids(opened)).toEqual(["about-the-work", "technology", "misuse", "funding", "people-and-access"]);
    const surveillance = project({ technologyAreas: ["biometrics-surveillance"], trl: 3 });
    expect(ids(visibleSections(q, surveillance, {}, taxonomy))).toEqual(["about-the-work", "technology", "sharing", "human-rights"]);
    const reassessment = project({ previousAssessment: true });
    expect(ids(visibleSections(q, reassessment, {}, taxonomy))[0]).toBe("changes");
    const withDefencePartner = project({ partners: [{ name: "Navy Lab", country: "NL", kind: "military-defence", role: "tests", screening: [] }] });
    expect(ids(visibleSections(q, withDefencePartner, {}, taxonomy))).toContain("partners");
  });

  it("ignores stale answers of hidden questions, and prunes them", () => {
    const facts = project();
    const stale: Answers = { "foreseeable-misuse": "no", "misuse-kinds": ["surveillance"], "publication-intent": "open", "confidentiality-reason": "security" };
    expect(ids(visibleSections(q, facts, stale, taxonomy))).not.toContain("human-rights");
    expect(pruneAnswers(q, facts, stale, taxonomy)).toEqual({ "foreseeable-misuse": "no", "publication-intent": "open" });
  });

  it("tracks progress and the next page", () => {
    const facts = project();
    expect(progress(q, facts, {}, taxonomy)).toMatchObject({ answered: 0, sectionIndex: 0, sectionCount: 1, complete: false });
    const { answers } = walk(q, facts, taxonomy, benignAnswer);
    expect(progress(q, facts, answers, taxonomy)).toMatchObject({ complete: true, sectionIndex: 1, sectionCount: 1 });
    expect(firstIncompleteSection(q, facts, answers, taxonomy)).toBeNull();
    const opened = { ...answers, "foreseeable-misuse": "yes" };
    expect(progress(q, facts, opened, taxonomy).complete).toBe(false);
    expect(nextSection(q, facts, opened, taxonomy, "about-the-work")?.id).toBe("technology");
    expect(nextSection(q, facts, answers, taxonomy, "about-the-work")).toBeNull();
    expect(nextSection(q, facts, answers, taxonomy)?.id).toBe("about-the-work");
  });
});

describe("validating a page", () => {
  const facts = project();
  const page = section("about-the-work");

  it("requires visible required questions and accepts unsure", () => {
    const { errors } = validateSection(page, facts, {}, { "research-type": "unsure" }, taxonomy);
    expect(errors["research-type"]).toBeUndefined();
    expect(errors["publication-intent"]).toBe("Choose an answer.");
    expect(errors["foreseeable-misuse"]).toBe("Choose an answer.");
    expect(errors["beneficial-potential"]).toBeUndefined();
    expect(errors["confidentiality-reason"]).toBeUndefined();
  });

  it("drops hidden questions and keeps other pages' answers", () => {
    const submitted = {
      "research-type": "basic", "publication-intent": "open", "confidentiality-reason": "security", "foreseeable-misuse": "unsure",
      "personal-data": "no", "external-support": "no", "outside-access": "no", "outside-appointments": "no",
    };
    const { answers, errors } = validateSection(page, facts, { "misuse-kinds": ["military"] }, submitted, taxonomy);
    expect(errors).toEqual({});
    expect(answers["confidentiality-reason"]).toBeUndefined();
    expect(answers["foreseeable-misuse"]).toBe("unsure");
    expect(answers["misuse-kinds"]).toEqual(["military"]);
  });

  it("refuses unknown options, exclusive combinations, bad countries and long text", () => {
    const bad = validateSection(page, facts, {}, { "research-type": "theoretical", "beneficial-potential": "x".repeat(1501) }, taxonomy);
    expect(bad.errors["research-type"]).toBe("Choose one of the answers offered.");
    expect(bad.errors["beneficial-potential"]).toBe("Use at most 1,500 characters.");

    const partners = section("partners");
    const withPartner = project({ trl: 5, partners: [{ name: "Acme", country: "DE", kind: "company", role: "x", screening: [] }] });
    const result = validateSection(partners, withPartner, {}, {
      "partner-red-flags": ["none", "private-email"], "end-use": ["military"], "end-user-country": "XX",
    }, taxonomy);
    expect(result.errors["partner-red-flags"]).toMatch(/cannot be combined/);
    expect(result.errors["end-user-country"]).toBe("Choose a country from the list.");
    expect(result.errors["partner-state-control"]).toBe("Choose an answer.");

    const ok = validateSection(partners, withPartner, {}, {
      "partner-state-control": "unsure", "partner-military-links": "no", "partner-checks": "done", "partner-red-flags": "none",
      "partner-facility-access": "no", "end-use": ["military", "open-research"], "end-user-country": "nl",
    }, taxonomy);
    expect(ok.errors).toEqual({});
    expect(ok.answers["end-use"]).toEqual(["open-research", "military"]);
    expect(ok.answers["end-user-country"]).toBe("NL");
    expect(ok.answers["partner-red-flags"]).toEqual(["none"]);

    const unsureCountry = validateSection(partners, withPartner, {}, { ...ok.answers, "end-user-country": "unsure" } as Record<string, string | string[]>, taxonomy);
    expect(unsureCountry.answers["end-user-country"]).toBe("unsure");
  });

  it("drops a later question hidden by an answer on the same page", () => {
    const partners = section("partners");
    const withPartner = project({ trl: 5, partners: [{ name: "Acme", country: "DE", kind: "company", role: "x", screening: [] }] });
    const { answers, errors } = validateSection(partners, withPartner, { "end-user-country": "CN" }, {
      "partner-state-control": "no", "partner-military-links": "no", "partner-checks": "done", "partner-red-flags": "none",
      "partner-facility-access": "no", "end-use": "open-research", "end-user-country": "CN",
    }, taxonomy);
    expect(errors).toEqual({});
    expect(answers["end-user-country"]).toBeUndefined();
    expect(findQuestion(q, "end-user-country")?.type).toBe("country");
  });
});
