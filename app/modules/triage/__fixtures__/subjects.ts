// Building blocks for triage tests: a quiet base project, partners, screening hits, risk profiles,
// and a subject assembled from a small case description.
import type { Answers, ProjectFacts, ScreeningHit, TaxonomyLookup } from "../../assessment/questionnaire";
import { DIMENSIONS } from "../../risk/factors";
import type { Dimension } from "../../risk/factors";
import type { Level, RiskProfile } from "../../risk/model";
import type { TriageSubject } from "../rules";

type Partner = ProjectFacts["partners"][number];
type Funder = ProjectFacts["funders"][number];

export function baseFacts(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    title: "On the distribution of prime gaps",
    summary: "Bounds on gaps between consecutive primes.",
    field: "Number theory",
    technologyAreas: ["pure-mathematics"],
    trl: 1,
    funders: [{ name: "Examplia Research Council", country: "NL", kind: "public" }],
    partners: [],
    team: [{ name: "Ada Example", role: "Principal investigator" }],
    institutionCountry: "NL",
    ...overrides,
  };
}

export function hit(level: ScreeningHit["level"], decision: ScreeningHit["decision"] = null, entryName = "Example Listed Institute"): ScreeningHit {
  return { listId: "csl", entryName, score: level === "strong" ? 0.96 : 0.81, level, decision };
}

export function partner(name: string, country: string | null, kind: Partner["kind"] = "university", screening: ScreeningHit[] = []): Partner {
  return { name, country, kind, role: "co-investigator", screening };
}

export function funder(name: string, country: string | null, kind: Funder["kind"]): Funder {
  return { name, country, kind };
}

export function profileWith(levels: Partial<Record<Dimension, Level>> = {}, factors: string[] = []): RiskProfile {
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((dimension) => [
      dimension,
      {
        level: levels[dimension] ?? "none",
        score: 0,
        factors: factors
          .filter((id) => id.startsWith(`${dimension}.`))
          .map((id) => ({ id, dimension, label: `Factor ${id}`, explanation: "Test factor.", weight: 5, source: "Test source" })),
        summary: "",
        meaning: "",
        nextSteps: [],
      },
    ]),
  ) as unknown as RiskProfile["dimensions"];
  return { modelVersion: "1.0.0", questionnaireVersion: "v1", dimensions, beneficialPotential: null, mitigations: [], needsOfficeReview: false, followUps: [] };
}

export type FixtureCase = {
  /** What the case shows, in a few words. */
  note: string;
  facts?: Partial<ProjectFacts>;
  answers?: Answers;
  profile?: { levels?: Partial<Record<Dimension, Level>>; factors?: string[] };
};

export type Context = { taxonomy: TaxonomyLookup; countryGroups: (iso2: string) => string[] };

export function subjectFrom(fixture: FixtureCase, context: Context, projectId = 1): TriageSubject {
  return {
    projectId,
    facts: baseFacts(fixture.facts),
    answers: fixture.answers ?? {},
    profile: fixture.profile ? profileWith(fixture.profile.levels, fixture.profile.factors) : null,
    taxonomy: context.taxonomy,
    countryGroups: context.countryGroups,
  };
}
