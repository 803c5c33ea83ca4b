// The risk model: turns a project's facts and its self-assessment answers into an explained risk
// profile over four dimensions. Pure and deterministic; the rules and weights are documented in
// docs/risk-model.md, and any change to them bumps RISK_MODEL_VERSION.
import {
  UNSURE,
  answerLabel,
  sensitivityRank,
  walkQuestionnaire,
} from "../assessment/questionnaire";
import type { AnswerValue, Answers, ProjectFacts, Question, Questionnaire, Sensitivity, TaxonomyLookup } from "../assessment/questionnaire";
import { DIMENSIONS, FACTOR_CATALOGUE, factorDefinition } from "./factors";
import type { Dimension, FactorDefinition } from "./factors";
import { SOURCES } from "./sources";

export { DIMENSIONS };
export type { Dimension };

export const RISK_MODEL_VERSION = "1.0.0";

export const LEVELS = ["none", "low", "medium", "high", "critical"] as const;
export type Level = (typeof LEVELS)[number];

/** The least score for each level; a dimension's score is clamped to 0–100. */
export const LEVEL_THRESHOLDS: Record<Exclude<Level, "none">, number> = { low: 3, medium: 20, high: 40, critical: 65 };
/** An "unsure" answer counts, but at this fraction of the factor's weight. */
export const UNSURE_FRACTION = 0.5;
/** Mitigating facts can take off at most this share of a dimension's risk points. */
export const MITIGATION_CAP = 0.5;
export const MAX_SCORE = 100;
/**
 * Answers and single facts add up to at most "high": "critical" needs a combination rule or a
 * factor that carries a floor of its own (a listed partner, a topic-partner combination).
 */
export const ADDITIVE_CAP = LEVEL_THRESHOLDS.critical - 1;

export type Factor = {
  id: string;
  dimension: Dimension;
  label: string;
  /** Plain words for the researcher, naming the fact or answer that triggered it. */
  explanation: string;
  /** Negative for mitigating facts. */
  weight: number;
  /** Title of the public source behind the factor. */
  source: string;
  libraryTags?: string[];
};

export type DimensionProfile = {
  level: Level;
  score: number;
  factors: Factor[];
  summary: string;
  /** What the level means in practice. */
  meaning: string;
  nextSteps: string[];
};

export type FollowUp = { questionId: string; question: string; guidance: string; dimensions: Dimension[] };

export type RiskProfile = {
  modelVersion: string;
  questionnaireVersion: string;
  dimensions: Record<Dimension, DimensionProfile>;
  beneficialPotential: string | null;
  mitigations: Factor[];
  /** True when any dimension is above low. */
  needsOfficeReview: boolean;
  /** Questions answered "unsure", each with what to find out. */
  followUps: FollowUp[];
};

export type CountryGroupFacts = { ear: readonly string[]; wassenaarParticipant: boolean };
/** EAR country groups (D:1–D:5, E:1, E:2, …) and Wassenaar participation per ISO-2 code; null when unknown. */
export interface CountryContext {
  groupsOf(iso2: string): CountryGroupFacts | null;
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function levelFor(score: number): Level {
  if (score >= LEVEL_THRESHOLDS.critical) return "critical";
  if (score >= LEVEL_THRESHOLDS.high) return "high";
  if (score >= LEVEL_THRESHOLDS.medium) return "medium";
  if (score >= LEVEL_THRESHOLDS.low) return "low";
  return "none";
}

const FLOOR_SCORE: Record<NonNullable<FactorDefinition["floor"]>, number> = {
  medium: LEVEL_THRESHOLDS.medium,
  high: LEVEL_THRESHOLDS.high,
  critical: LEVEL_THRESHOLDS.critical,
};

/** Factors that only hold under a project fact the questionnaire cannot express on its own. */
const ANSWER_FACTOR_PRECONDITIONS: Record<string, { holds: (p: ProjectFacts) => boolean; why: string }> = {
  "itt.basic-early-stage": { holds: (p) => p.trl <= 3, why: "at TRL 1 to 3" },
  "military.basic-early-stage": { holds: (p) => p.trl <= 3, why: "at TRL 1 to 3" },
};

/** Own keys only: an answer such as "constructor" must not reach the prototype. */
function factorIdsFor(question: Question, value: string): string[] {
  const table = question.factors;
  return table && Object.hasOwn(table, value) ? (table[value] ?? []) : [];
}

function preconditionOf(id: string) {
  return Object.hasOwn(ANSWER_FACTOR_PRECONDITIONS, id) ? ANSWER_FACTOR_PRECONDITIONS[id] : undefined;
}

/** The factors (with their effective weights) one answer value feeds; used by the model and its tests. */
export function answerFactorWeights(question: Question, value: string, project?: ProjectFacts): { id: string; weight: number }[] {
  const ids = factorIdsFor(question, value);
  return ids
    .filter((id) => FACTOR_CATALOGUE.has(id))
    .filter((id) => !project || !preconditionOf(id) || preconditionOf(id)!.holds(project))
    .map((id) => ({ id, weight: factorDefinition(id).weight * (value === UNSURE ? UNSURE_FRACTION : 1) }));
}

type Hit = { weight: number; firm: boolean; reasons: string[] };

class HitList {
  readonly hits = new Map<string, Hit>();

  add(id: string, reason: string, options: { fraction?: number } = {}) {
    const definition = factorDefinition(id);
    const fraction = options.fraction ?? 1;
    const weight = definition.weight * fraction;
    const firm = fraction === 1;
    const existing = this.hits.get(id);
    if (!existing) {
      this.hits.set(id, { weight, firm, reasons: [reason] });
      return;
    }
    // One factor counts once per dimension, at its strongest; every trigger is still named.
    if (Math.abs(weight) > Math.abs(existing.weight)) existing.weight = weight;
    existing.firm ||= firm;
    if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
  }

  firm(id: string): boolean {
    return this.hits.get(id)?.firm ?? false;
  }

  anyFirm(ids: string[]): boolean {
    return ids.some((id) => this.firm(id));
  }
}

function asList(value: AnswerValue): string[] {
  return Array.isArray(value) ? value : [value];
}

type CountryTier = "embargo" | "arms-embargo" | "group-d";

function countryTier(groups: CountryGroupFacts | null): CountryTier | null {
  if (!groups) return null;
  if (groups.ear.includes("E:1") || groups.ear.includes("E:2")) return "embargo";
  if (groups.ear.includes("D:5")) return "arms-embargo";
  if (["D:1", "D:2", "D:3", "D:4"].some((g) => groups.ear.includes(g))) return "group-d";
  return null;
}

const TIER_FACTOR: Record<CountryTier, string> = {
  embargo: "partner.country-embargoed",
  "arms-embargo": "partner.country-arms-embargo",
  "group-d": "partner.country-group-d",
};

const TIER_WORDS: Record<CountryTier, string> = {
  embargo: "in US country group E",
  "arms-embargo": "in US country group D:5",
  "group-d": "in US country groups D:1–D:4",
};

const quote = (s: string) => `“${s}”`;

function strongestSensitivity(areas: { sensitivity: Sensitivity }[]): Sensitivity {
  return areas.reduce<Sensitivity>((best, a) => (sensitivityRank(a.sensitivity) > sensitivityRank(best) ? a.sensitivity : best), "none");
}

const DIMENSION_NAMES: Record<Dimension, string> = {
  military: "military or weapons use",
  human_rights: "human-rights or surveillance misuse",
  itt: "transfer of know-how that export rules may cover",
  partner: "partners, funders and end users",
};

const MEANING: Record<Dimension, Record<Level, string>> = {
  military: {
    none: "Nothing suggests a military or weapons use of the results.",
    low: "A military use is conceivable but remote; open research can go on as planned.",
    medium: "The results could help a military or weapons programme; the office will look at who receives unpublished results.",
    high: "A military or weapons use is plausible; unpublished results, code and help for others may need a licence before they are shared abroad.",
    critical: "A military or weapons use is close at hand; keep unpublished results inside the project until the office has reviewed it.",
  },
  human_rights: {
    none: "Nothing suggests the work could be used against people's rights.",
    low: "A misuse against people is conceivable but remote; good data practice is enough for now.",
    medium: "The work could be used to watch or profile people; plan safeguards and expect the office to ask about end users.",
    high: "Surveillance or repression is a plausible misuse; tools, models and data may need end-user checks, and export may need authorisation, before they are shared.",
    critical: "Serious harm to people is a likely misuse; do not share tools, models or data outside the project until the office has reviewed them.",
  },
  itt: {
    none: "What you share is published research, which export rules do not restrict.",
    low: "Know-how from the project is unlikely to be controlled; keep sharing openly and publish as planned.",
    medium: "Some unpublished know-how may be close to what export rules control; check with the office before sending unpublished details, code or data abroad.",
    high: "Sharing unpublished code, data or technical details with some partners may need a licence; ask the export-control office before the next exchange.",
    critical: "Unpublished know-how is very likely controlled for some recipients; pause such exchanges until the office has classified it.",
  },
  partner: {
    none: "Nothing about the partners, funders or end users raises a concern.",
    low: "Partners and funders raise no particular concern; keep an eye on changes.",
    medium: "Something about a partner, funder or end user needs a closer look; the office may ask for details or do a due-diligence check.",
    high: "A partner, funder or end user is of real concern; the office will review the collaboration before unpublished results go to them.",
    critical: "A partner, funder or end user is of grave concern; stop sharing with them and contact the office now.",
  },
};

const LEVEL_STEP: Partial<Record<Level, string>> = {
  medium: "The compliance office will look at this project; open research can continue meanwhile.",
  high: "Talk to the compliance office before the next exchange of unpublished results with outside parties.",
  critical: "Contact the compliance office now and keep unpublished results inside the project until you have heard back.",
};

function toFactor(definition: FactorDefinition, hit: Hit): Factor {
  const because = hit.reasons.join(" ");
  return {
    id: definition.id,
    dimension: definition.dimension,
    label: definition.label,
    explanation: `${definition.explanation} ${because}`.trim(),
    weight: Math.round(hit.weight * 10) / 10,
    source: SOURCES[definition.source].title,
    ...(definition.libraryTags ? { libraryTags: [...definition.libraryTags] } : {}),
  };
}

function byWeight(a: Factor, b: Factor): number {
  return Math.abs(b.weight) - Math.abs(a.weight) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The risk profile of a project. Never reads the team, the title or the summary; answers to
 * questions that are not visible for this project are ignored.
 */
export function assessRisk(
  project: ProjectFacts,
  answers: Answers,
  questionnaire: Questionnaire,
  taxonomy: TaxonomyLookup,
  countries: CountryContext,
): RiskProfile {
  const hits = new HitList();
  const followUps: FollowUp[] = [];
  let beneficialPotential: string | null = null;

  // ── Answers ──
  const walk = walkQuestionnaire(questionnaire, project, answers, taxonomy);
  const answeredCountries: { code: string; question: Question }[] = [];
  for (const { questions } of walk.sections) {
    for (const question of questions) {
      const raw = walk.effective[question.id];
      if (raw === undefined) continue;
      const values = asList(raw).filter((v) => typeof v === "string");
      if (question.records === "beneficial-potential") {
        const text = values.join(" ").trim();
        if (text && beneficialPotential === null) beneficialPotential = text;
      }
      if (question.type === "country") {
        const code = (values[0] ?? "").trim().toUpperCase();
        if (values[0] === UNSURE) {
          followUps.push({ questionId: question.id, question: question.label, guidance: question.unsureGuidance ?? "", dimensions: ["partner"] });
        } else if (/^[A-Z]{2}$/.test(code)) {
          answeredCountries.push({ code, question });
        }
        continue;
      }
      const unsureDimensions = new Set<Dimension>();
      for (const value of values) {
        for (const id of factorIdsFor(question, value)) {
          if (!FACTOR_CATALOGUE.has(id)) continue;
          const precondition = preconditionOf(id);
          if (precondition && !precondition.holds(project)) continue;
          const reason = `You answered ${quote(answerLabel(question, value))} to ${quote(question.label)}${precondition ? `, ${precondition.why}` : ""}.`;
          hits.add(id, reason, value === UNSURE ? { fraction: UNSURE_FRACTION } : {});
          if (value === UNSURE) unsureDimensions.add(factorDefinition(id).dimension);
        }
      }
      if (values.includes(UNSURE)) {
        followUps.push({
          questionId: question.id,
          question: question.label,
          guidance: question.unsureGuidance ?? "Find out and update your answer, or ask the compliance office.",
          dimensions: DIMENSIONS.filter((d) => unsureDimensions.has(d)),
        });
      }
    }
  }

  // ── Technology facts ──
  const areas = project.technologyAreas.flatMap((id) => {
    const facts = taxonomy(id);
    return facts ? [{ id, ...facts }] : [];
  });
  const areaName = (a: { id: string; label?: string }) => quote(a.label ?? a.id);
  const sensitivity = strongestSensitivity(areas);
  const sensitive = sensitivityRank(sensitivity) >= sensitivityRank("elevated");
  if (sensitivity !== "none") {
    const which = areas.filter((a) => a.sensitivity === sensitivity).map(areaName).join(", ");
    const reason = `Your project lists the technology area ${which}, which the taxonomy rates as ${sensitivity} in sensitivity.`;
    hits.add(`military.area-sensitivity-${sensitivity}`, reason);
    hits.add(`itt.area-sensitivity-${sensitivity}`, reason);
  }
  const highestRisk = areas.filter((a) => a.euHighestRisk);
  if (highestRisk.length) hits.add("itt.eu-highest-risk-area", `Your project lists ${highestRisk.map(areaName).join(", ")}.`);
  const listed = areas.filter((a) => a.controlCategories.length > 0);
  if (listed.length) {
    const categories = [...new Set(listed.flatMap((a) => a.controlCategories))].sort();
    hits.add("itt.control-list-categories", `Your areas relate to dual-use list categor${categories.length > 1 ? "ies" : "y"} ${categories.join(", ")}.`);
  }
  const surveillance = areas.filter((a) => a.surveillanceCapable);
  if (surveillance.length) hits.add("human_rights.surveillance-capable-area", `Your project lists ${surveillance.map(areaName).join(", ")}.`);
  if (sensitivity !== "none") {
    if (project.trl === 4) hits.add("itt.trl-lab-validated", "Your project is at TRL 4.");
    if (project.trl >= 5) hits.add("itt.trl-applied", `Your project is at TRL ${project.trl}.`);
  }
  if (sensitive && project.trl >= 6) hits.add("military.trl-demonstrator", `Your project is at TRL ${project.trl} in a ${sensitivity}-sensitivity area.`);

  // ── Partner, funder and end-user facts ──
  const strongConcerns: string[] = [];
  const groupDConcerns: string[] = [];
  const noteCountry = (code: string | null, who: string) => {
    if (!code) return;
    const tier = countryTier(countries.groupsOf(code));
    if (!tier) return;
    const reason = `${who} is based in ${code}, ${TIER_WORDS[tier]}.`;
    hits.add(TIER_FACTOR[tier], reason);
    if (tier === "group-d") groupDConcerns.push(reason);
    else strongConcerns.push(reason);
  };

  for (const partner of project.partners) {
    const who = `The partner ${quote(partner.name)}`;
    noteCountry(partner.country, who);
    if (partner.kind === "military-defence") {
      const reason = `${who} is a military or defence organisation.`;
      hits.add("partner.military-defence-partner", reason);
      hits.add("military.military-partner", reason);
      strongConcerns.push(reason);
    }
    if (partner.kind === "government") hits.add("partner.government-partner", `${who} is a government body.`);
    for (const hit of partner.screening) {
      if (hit.decision === "false_positive") continue;
      const state = hit.decision === "confirmed" ? "confirmed by the compliance office" : "not yet reviewed";
      const reason = `${who} resembles ${quote(hit.entryName)} on the ${hit.listId} list (${state}).`;
      if (hit.level === "strong" || hit.decision === "confirmed") {
        hits.add("partner.screening-strong", reason);
        strongConcerns.push(reason);
      } else {
        hits.add("partner.screening-possible", reason);
      }
    }
    if (sensitive && partner.country) {
      const groups = countries.groupsOf(partner.country);
      if (groups && !groups.wassenaarParticipant && !countryTier(groups)) {
        hits.add("itt.non-wassenaar-destination", `${who} is based in ${partner.country}.`);
      }
      if (project.institutionCountry && partner.country !== project.institutionCountry.toUpperCase()) {
        hits.add("itt.cross-border-sensitive", `${who} is based in ${partner.country}, outside your institution's country.`);
      }
    }
  }
  for (const funder of project.funders) {
    const who = `The funder ${quote(funder.name)}`;
    noteCountry(funder.country, who);
    if (funder.kind === "foreign-government") hits.add("partner.foreign-government-funder", `${who} is a foreign government.`);
    if (funder.kind === "military-defence") hits.add("partner.military-defence-funder", `${who} is a military or defence body.`);
    if (funder.kind === "industry") hits.add("itt.industry-funding", `${who} is a company.`);
  }
  for (const { code, question } of answeredCountries) {
    const tier = countryTier(countries.groupsOf(code));
    if (!tier) continue;
    const reason = `You named ${code} (${TIER_WORDS[tier]}) in answer to ${quote(question.label)}.`;
    if (tier === "group-d") {
      hits.add("partner.end-user-country-group-d", reason);
      groupDConcerns.push(reason);
    } else {
      hits.add("partner.end-user-country-concern", reason);
      strongConcerns.push(reason);
    }
  }

  // ── Combinations: the risk lies in topic and partner together ──
  const topic = `The project's strongest area is ${sensitivity} in sensitivity.`;
  if (sensitive && strongConcerns.length) {
    const reason = `${topic} ${strongConcerns[0]}`;
    hits.add("itt.combination-sensitive-area-country-of-concern", reason);
    hits.add("partner.combination-sensitive-area-country-of-concern", reason);
  } else if (sensitive && groupDConcerns.length) {
    hits.add("itt.combination-sensitive-area-group-d", `${topic} ${groupDConcerns[0]}`);
  }
  const surveillanceSide = ["human_rights.surveillance-capable-area", "human_rights.misuse-surveillance", "human_rights.misuse-repression", "human_rights.intrusion-or-monitoring"];
  const governmentSide = ["human_rights.security-end-user", "human_rights.government-security-end-user", "military.military-end-use", "partner.military-defence-partner", "partner.government-partner"];
  if (hits.anyFirm(surveillanceSide) && hits.anyFirm(governmentSide)) {
    const a = FACTOR_CATALOGUE.get(surveillanceSide.find((id) => hits.firm(id))!)!.label;
    const b = FACTOR_CATALOGUE.get(governmentSide.find((id) => hits.firm(id))!)!.label;
    hits.add("human_rights.combination-surveillance-government-end-user", `Found together: ${a.toLowerCase()} and ${b.toLowerCase()}.`);
  }
  if (hits.firm("military.misuse-wmd") && sensitivity === "high") {
    hits.add("military.combination-wmd-sensitive-area", `${topic} You named a weapons-of-mass-destruction misuse.`);
  }
  if (hits.firm("human_rights.severity-grave") && hits.firm("human_rights.irremediable")) {
    hits.add("human_rights.combination-grave-irremediable", "You judged the possible harm grave and hard to undo.");
  }
  if (sensitive && hits.firm("partner.screening-strong") && hits.firm("military.advances-technology")) {
    hits.add("partner.combination-advancing-with-listed-partner", `${topic} You aim to advance the technology, and a partner matches a screening list.`);
  }

  // ── Scores and levels ──
  const dimensions = {} as Record<Dimension, DimensionProfile>;
  const mitigations: Factor[] = [];
  for (const dimension of DIMENSIONS) {
    const factors: Factor[] = [];
    let risk = 0;
    let relief = 0;
    let floor = 0;
    let uncapped = false;
    for (const [id, hit] of hits.hits) {
      const definition = factorDefinition(id);
      if (definition.dimension !== dimension) continue;
      factors.push(toFactor(definition, hit));
      if (hit.weight > 0) risk += hit.weight;
      else relief -= hit.weight;
      if (hit.firm && definition.floor) floor = Math.max(floor, FLOOR_SCORE[definition.floor]);
      if (hit.firm && (definition.origin === "combination" || definition.floor === "high" || definition.floor === "critical")) uncapped = true;
    }
    factors.sort(byWeight);
    mitigations.push(...factors.filter((f) => f.weight < 0));
    const raw = Math.min(risk - Math.min(relief, risk * MITIGATION_CAP), uncapped ? MAX_SCORE : ADDITIVE_CAP);
    const score = Math.min(MAX_SCORE, Math.max(0, Math.round(Math.max(raw, floor))));
    const level = levelFor(score);
    dimensions[dimension] = {
      level,
      score,
      factors,
      summary: summarise(dimension, level, factors),
      meaning: MEANING[dimension][level],
      nextSteps: stepsFor(dimension, level, factors, followUps),
    };
  }
  mitigations.sort(byWeight);

  return {
    modelVersion: RISK_MODEL_VERSION,
    questionnaireVersion: questionnaire.version,
    dimensions,
    beneficialPotential,
    mitigations,
    needsOfficeReview: DIMENSIONS.some((d) => levelRank(dimensions[d].level) > levelRank("low")),
    followUps,
  };
}

/** "Highly sensitive area" → "highly sensitive area", but "EU list" keeps its capitals. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function summarise(dimension: Dimension, level: Level, factors: Factor[]): string {
  const raising = factors.filter((f) => f.weight > 0);
  const easing = factors.filter((f) => f.weight < 0);
  const relief = easing.length ? ` In your favour: ${easing.map((f) => lowerFirst(f.label)).join("; ")}.` : "";
  if (raising.length === 0) return `Nothing in the project or your answers points to ${DIMENSION_NAMES[dimension]}.${relief}`;
  const main = raising.slice(0, 2).map((f) => lowerFirst(f.label)).join("; ");
  const count = `${raising.length} reason${raising.length > 1 ? "s" : ""}`;
  return `${level[0]!.toUpperCase()}${level.slice(1)} concern about ${DIMENSION_NAMES[dimension]} (${count}), chiefly: ${main}.${relief}`;
}

function stepsFor(dimension: Dimension, level: Level, factors: Factor[], followUps: FollowUp[]): string[] {
  const steps: string[] = [];
  const push = (step: string | undefined) => {
    if (step && !steps.includes(step)) steps.push(step);
  };
  if (levelRank(level) >= levelRank("low")) {
    for (const factor of factors) if (factor.weight > 0) push(FACTOR_CATALOGUE.get(factor.id)?.nextStep);
  }
  for (const followUp of followUps) {
    if (followUp.dimensions.includes(dimension)) push(`Find out: ${followUp.question} ${followUp.guidance}`.trim());
  }
  push(LEVEL_STEP[level]);
  return steps;
}

/** A CountryContext over the EAR country-group index (loaded by country-context.server.ts). */
export function createCountryContext(index: { countryGroupsOf(iso2: string): { ear: readonly string[]; wassenaarParticipant: boolean } | null }): CountryContext {
  return {
    groupsOf(iso2) {
      const groups = index.countryGroupsOf(iso2);
      return groups ? { ear: [...groups.ear], wassenaarParticipant: groups.wassenaarParticipant } : null;
    },
  };
}
