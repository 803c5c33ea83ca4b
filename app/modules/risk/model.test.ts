// The risk model on realistic paths: a benign project stays quiet, surveillance-capable work
// gets the human-rights step and its reasons, and risk comes from topic and partner together.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../lib/paths.server";
import { benignAnswer, project, walk } from "../assessment/__fixtures__/projects";
import type { Answerer } from "../assessment/__fixtures__/projects";
import type { Answers, ProjectFacts, Question } from "../assessment/questionnaire";
import { loadQuestionnaire } from "../assessment/questionnaire.server";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { loadCountryContext } from "./country-context.server";
import { FACTOR_CATALOGUE } from "./factors";
import { assessRisk, DIMENSIONS, levelFor, levelRank, RISK_MODEL_VERSION } from "./model";
import type { Level, RiskProfile } from "./model";

const q = loadQuestionnaire();
const taxonomy = loadTaxonomyLookup();
const countries = loadCountryContext();
const assess = (facts: ProjectFacts, answers: Answers) => assessRisk(facts, answers, q, taxonomy, countries);
const levels = (profile: RiskProfile) => Object.fromEntries(DIMENSIONS.map((d) => [d, profile.dimensions[d].level]));
const atMost = (level: Level, max: Level) => levelRank(level) <= levelRank(max);

function answering(table: Record<string, string | string[]>, fallback: Answerer = benignAnswer): Answerer {
  return (question: Question) => (question.id in table ? table[question.id] : fallback(question));
}

describe("the benign path", () => {
  for (const area of ["pure-mathematics", "humanities"]) {
    it(`${area} at TRL 1–2 with open publication finishes within 12 questions, all dimensions none or low`, () => {
      for (const trl of [1, 2]) {
        const facts = project({ technologyAreas: [area], trl });
        const { answers, asked, sections } = walk(q, facts, taxonomy, benignAnswer);
        expect(asked.length).toBeLessThanOrEqual(12);
        expect(sections).toEqual(["about-the-work"]);
        const profile = assess(facts, answers);
        for (const d of DIMENSIONS) expect(atMost(profile.dimensions[d].level, "low"), d).toBe(true);
        expect(profile.needsOfficeReview).toBe(false);
        expect(profile.mitigations.map((m) => m.id)).toEqual(expect.arrayContaining(["itt.open-publication", "itt.basic-early-stage"]));
        expect(profile.beneficialPotential).toMatch(/prime gaps/);
        expect(profile.modelVersion).toBe(RISK_MODEL_VERSION);
        expect(profile.questionnaireVersion).toBe("v1");
      }
    });
  }

  it("stays short with a domestic university partner", () => {
    const facts = project({ partners: [{ name: "University of Utrecht", country: "NL", kind: "university", role: "co-author", screening: [] }], institutionCountry: "NL" });
    const { asked, answers } = walk(q, facts, taxonomy, benignAnswer);
    expect(asked.length).toBeLessThanOrEqual(12);
    expect(assess(facts, answers).needsOfficeReview).toBe(false);
  });
});

describe("the surveillance-capable path", () => {
  const facts = project({
    title: "Crowd emotion recognition from CCTV",
    technologyAreas: ["biometrics-surveillance", "ai-machine-learning"],
    trl: 3,
    partners: [{ name: "Metropolitan Public Safety Bureau", country: "FR", kind: "government", role: "provides video, pilots results", screening: [] }],
  });
  const answers = walk(q, facts, taxonomy, answering({
    "research-type": "applied",
    "publication-intent": "open",
    "foreseeable-misuse": "yes",
    "personal-data": "yes",
    "advance-or-use": "advance",
    "control-list-proximity": "unsure",
    "output-kinds": ["software", "data-sets"],
    "security-functions": "no",
    "misuse-kinds": ["surveillance", "repression"],
    "misuse-pathway": ["intentional"],
    "misuse-safeguards": ["access-control"],
    "partner-state-control": "yes",
    "partner-checks": "done",
    "end-use": ["security-police"],
    "end-user-country": "FR",
    "channels": ["publications", "code-repository", "video-calls"],
    "personal-data-kinds": ["biometric"],
    "personal-data-scale": "millions",
    "hr-affected-people": ["general-public", "activists-journalists"],
    "hr-harms": ["privacy", "expression-assembly"],
    "hr-gravity": "serious",
    "hr-scope": "population",
    "hr-irremediable": "yes",
    "hr-likelihood": "possible",
    "hr-government-end-user": "yes",
    "hr-safeguards": ["design-limits", "ethics-review"],
  }));

  it("shows the human-rights section", () => {
    expect(answers.sections).toContain("human-rights");
    expect(answers.asked).toEqual(expect.arrayContaining(["hr-affected-people", "hr-gravity", "hr-scope", "hr-irremediable", "hr-likelihood", "hr-safeguards"]));
  });

  it("raises human_rights to high with its reasons, and counts the safeguards", () => {
    const profile = assess(facts, answers.answers);
    const hr = profile.dimensions.human_rights;
    expect(levelRank(hr.level)).toBeGreaterThanOrEqual(levelRank("high"));
    const factorIds = hr.factors.map((f) => f.id);
    expect(factorIds).toEqual(expect.arrayContaining([
      "human_rights.surveillance-capable-area",
      "human_rights.misuse-surveillance",
      "human_rights.combination-surveillance-government-end-user",
      "human_rights.biometric-data",
      "human_rights.safeguard-design",
    ]));
    const area = hr.factors.find((f) => f.id === "human_rights.surveillance-capable-area")!;
    expect(area.explanation).toMatch(/Biometrics/);
    expect(area.source).toMatch(/2024\/2659/);
    expect(hr.factors.find((f) => f.id === "human_rights.misuse-surveillance")!.explanation).toMatch(/You answered “Surveillance of people” to “What kind of misuse could follow\?”/);
    expect(hr.summary).toMatch(/concern about human-rights or surveillance misuse/);
    expect(hr.nextSteps.length).toBeGreaterThan(0);
    expect(profile.mitigations.some((m) => m.id === "human_rights.safeguard-design")).toBe(true);
    expect(profile.needsOfficeReview).toBe(true);
    // An unsure answer counts at half weight and asks for a follow-up.
    const unsure = profile.dimensions.itt.factors.find((f) => f.id === "itt.control-list-close")!;
    expect(unsure.weight).toBe(FACTOR_CATALOGUE.get("itt.control-list-close")!.weight / 2);
    expect(profile.followUps.map((f) => f.questionId)).toContain("control-list-proximity");
    expect(profile.dimensions.itt.nextSteps.some((s) => s.startsWith("Find out: How close are the expected outputs"))).toBe(true);
  });
});

describe("topic and partner together", () => {
  const quietAnswers = answering({ "advance-or-use": "advance", "control-list-proximity": "not-close", "output-kinds": ["publications-only"], channels: ["publications", "talks", "email"] });
  const quantum = (partners: ProjectFacts["partners"]) => project({ technologyAreas: ["quantum-computing"], trl: 3, partners, institutionCountry: "NL" });

  it("a sensitive area with only domestic open collaboration is low", () => {
    const facts = quantum([{ name: "Delft University of Technology", country: "NL", kind: "university", role: "co-author", screening: [] }]);
    const profile = assess(facts, walk(q, facts, taxonomy, quietAnswers).answers);
    for (const d of DIMENSIONS) expect(atMost(profile.dimensions[d].level, "low"), `${d}: ${JSON.stringify(levels(profile))}`).toBe(true);
  });

  it("the same area at TRL ≤ 4 with a partner in a D:5 country is high", () => {
    for (const country of ["CN", "RU"]) {
      const facts = quantum([{ name: "Institute of Quantum Things", country, kind: "university", role: "co-author", screening: [] }]);
      const profile = assess(facts, walk(q, facts, taxonomy, quietAnswers).answers);
      expect(profile.dimensions.itt.level).toBe("high");
      expect(profile.dimensions.partner.level).toBe("high");
      const combination = profile.dimensions.itt.factors.find((f) => f.id === "itt.combination-sensitive-area-country-of-concern")!;
      expect(combination.explanation).toMatch(new RegExp(`based in ${country}, in US country group D:5`));
    }
  });

  it("the same D:5 partner on pure mathematics stays at most low", () => {
    const facts = project({ partners: [{ name: "Institute of Number Theory", country: "CN", kind: "university", role: "co-author", screening: [] }] });
    const profile = assess(facts, walk(q, facts, taxonomy, benignAnswer).answers);
    for (const d of DIMENSIONS) expect(atMost(profile.dimensions[d].level, "low"), d).toBe(true);
  });

  it("a strong unresolved or confirmed screening match raises partner strongly; a false positive does not count", () => {
    const hit = (decision: "confirmed" | "false_positive" | null, level: "strong" | "possible" = "strong") => [
      { name: "Northern Polytechnic", country: "DE", kind: "university" as const, role: "co-author", screening: [{ listId: "nro", entryName: "Northern Polytechnical University", score: 0.93, level, decision }] },
    ];
    for (const decision of [null, "confirmed"] as const) {
      const facts = project({ partners: hit(decision) });
      const profile = assess(facts, walk(q, facts, taxonomy, benignAnswer).answers);
      expect(levelRank(profile.dimensions.partner.level), String(decision)).toBeGreaterThanOrEqual(levelRank("high"));
      expect(profile.dimensions.partner.factors[0]!.explanation).toMatch(/Northern Polytechnical University/);
    }
    const cleared = project({ partners: hit("false_positive") });
    const profile = assess(cleared, walk(q, cleared, taxonomy, benignAnswer).answers);
    expect(profile.dimensions.partner.level).toBe("none");
    expect(profile.dimensions.partner.factors).toEqual([]);
    const possible = project({ partners: hit(null, "possible") });
    expect(assess(possible, walk(q, possible, taxonomy, benignAnswer).answers).dimensions.partner.level).toBe("low");
  });

  it("advancing a sensitive area with a listed partner is critical", () => {
    const facts = quantum([{ name: "Academy of Military Science", country: "CN", kind: "military-defence", role: "co-author", screening: [{ listId: "nro", entryName: "Academy of Military Science", score: 1, level: "strong", decision: "confirmed" }] }]);
    const profile = assess(facts, walk(q, facts, taxonomy, quietAnswers).answers);
    expect(profile.dimensions.partner.level).toBe("critical");
    expect(profile.dimensions.partner.nextSteps[0]).toMatch(/compliance office/);
  });
});

describe("funding, people and channels", () => {
  it("a mirror-lab condition and a talent programme raise partner", () => {
    const facts = project({ technologyAreas: ["advanced-materials"], trl: 3, funders: [{ name: "Generous Sponsor Foundation", country: null, kind: "other" }] });
    const { answers } = walk(q, facts, taxonomy, answering({
      "external-support": "yes", "outside-appointments": "yes", "funding-source-clear": "unsure",
      "funding-conditions": ["mirror-lab"], "appointment-kinds": ["talent-programme"], "appointments-disclosed": "no",
    }));
    const profile = assess(facts, answers);
    expect(levelRank(profile.dimensions.partner.level)).toBeGreaterThanOrEqual(levelRank("high"));
    const ids = profile.dimensions.partner.factors.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["partner.mirror-lab-condition", "partner.talent-programme", "partner.undisclosed-appointment", "partner.opaque-funding"]));
  });

  it("technical help abroad in a listed area raises itt", () => {
    const facts = project({ technologyAreas: ["lasers-optics-photonics"], trl: 4 });
    const { answers } = walk(q, facts, taxonomy, answering({
      "research-type": "applied", "publication-intent": "open-after-review", "control-list-proximity": "close",
      channels: ["technical-help", "travel-devices"], "technical-help-abroad": "yes", "travel-with-data": "yes", "unpublished-sharing-abroad": "yes",
    }));
    const profile = assess(facts, answers);
    expect(levelRank(profile.dimensions.itt.level)).toBeGreaterThanOrEqual(levelRank("high"));
    expect(profile.dimensions.itt.meaning).toMatch(/licence/);
  });
});

describe("levels and explanations", () => {
  it("maps scores to levels by the documented thresholds", () => {
    expect([0, 2, 3, 19, 20, 39, 40, 64, 65, 100].map(levelFor)).toEqual(["none", "none", "low", "low", "medium", "medium", "high", "high", "critical", "critical"]);
  });

  it("every factor in the catalogue names a source and explains itself", () => {
    for (const definition of FACTOR_CATALOGUE.values()) {
      expect(definition.explanation.length, definition.id).toBeGreaterThan(20);
      expect(definition.id.startsWith(`${definition.dimension}.`), definition.id).toBe(true);
    }
  });

  it("docs list every factor with its current weight, and the thresholds", () => {
    const doc = readFileSync(projectPath("docs", "risk-model.md"), "utf8");
    for (const definition of FACTOR_CATALOGUE.values()) {
      expect(doc, definition.id).toContain(`| \`${definition.id}\` | ${definition.origin} | ${definition.weight} | ${definition.floor ?? ""} |`);
    }
    expect(doc).toContain(`# Risk model (version ${RISK_MODEL_VERSION})`);
    expect(doc).toMatch(/\| medium \| 20–39 \|/);
  });

  it("ignores the team, the title and the summary", () => {
    const facts = project({ technologyAreas: ["ai-machine-learning"], trl: 4 });
    const answers = walk(q, facts, taxonomy, benignAnswer).answers;
    const other = { ...facts, title: "Something else", summary: "Different words entirely.", team: [{ name: "Someone Else", role: "Visiting researcher" }] };
    expect(assess(other, answers)).toEqual(assess(facts, answers));
  });
});
