// Evaluation of triage rules on one project: which rules fire, and the evidence that says exactly
// which answers, facts, partners, screening hits or profile entries made each one fire. Rule sets
// are compiled once into closures, so re-triaging a whole portfolio costs little per project.
import { answerLabel, sensitivityRank } from "../assessment/questionnaire";
import type { AnswerValue, Answers, ProjectFacts, Questionnaire, ScreeningHit, Sensitivity, TaxonomyFacts } from "../assessment/questionnaire";
import type { Dimension } from "../risk/factors";
import { levelRank } from "../risk/model";
import type { Level } from "../risk/model";
import type { AnswerComparison, Condition, FunderFilter, ParameterValue, PartnerFilter, Rule, RuleSet, RuleSource, Severity, TriageSubject } from "./rules";
import { describeCondition, isParameterRef, severityRank } from "./rules";
import type { InstitutionRuleSettings } from "./settings";
import { EMPTY_SETTINGS, effectiveRules } from "./settings";

export type Evidence =
  | { type: "answer"; questionId: string; matched: { value: string; label: string | null }[] }
  | { type: "answer-country"; questionId: string; country: string; groups: string[] }
  | { type: "trl"; trl: number }
  | { type: "technology-area"; areaId: string; label: string | null; sensitivity: Sensitivity; euHighestRisk: boolean; surveillanceCapable: boolean }
  | { type: "partner"; name: string; country: string | null; partnerKind: string; groups: string[] }
  | { type: "funder"; name: string; country: string | null; funderKind: string; groups: string[] }
  | { type: "screening-hit"; partner: string; listId: string; entryName: string; score: number; level: "strong" | "possible"; decision: ScreeningHit["decision"] }
  | { type: "profile-level"; dimension: Dimension; level: Level; atLeast: Level }
  | { type: "profile-factor"; dimension: Dimension; factorId: string; label: string }
  /** What a `not` (or `answered: false`) required to be missing, and was. */
  | { type: "absent"; condition: string };

export type FlagResult = {
  ruleId: string;
  title: string;
  severity: Severity;
  dimension: Dimension;
  evidence: Evidence[];
  rationale: string;
  action: string;
  source: RuleSource;
  libraryTags: string[];
};

/** The label of an answer value, for evidence; null when unknown. */
export type AnswerLabeler = (questionId: string, value: string) => string | null;

export type EvaluateOptions = { labels?: AnswerLabeler };

export function answerLabelerOf(questionnaire: Questionnaire): AnswerLabeler {
  const questions = new Map(questionnaire.sections.flatMap((section) => section.questions.map((q) => [q.id, q] as const)));
  return (questionId, value) => {
    const question = questions.get(questionId);
    return question ? answerLabel(question, value) : null;
  };
}

// ── The per-subject view: read once, defensively, whatever the subject holds ──────────────

type Partner = ProjectFacts["partners"][number];
type Funder = ProjectFacts["funders"][number];

type View = {
  answers: Answers;
  partners: Partner[];
  funders: Funder[];
  areas: string[];
  trl: number;
  institutionCountry: string | null;
  subject: TriageSubject;
  groupCache: Map<string, string[]> | null;
};

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function viewOf(subject: TriageSubject): View {
  const facts = (subject && typeof subject.facts === "object" && subject.facts) || ({} as Partial<ProjectFacts>);
  const answers = subject && subject.answers && typeof subject.answers === "object" ? subject.answers : {};
  return {
    answers,
    partners: list<Partner>(facts.partners).filter((p) => p && typeof p === "object"),
    funders: list<Funder>(facts.funders).filter((f) => f && typeof f === "object"),
    areas: list<string>(facts.technologyAreas).filter((a) => typeof a === "string"),
    trl: typeof facts.trl === "number" ? facts.trl : Number.NaN,
    institutionCountry: typeof facts.institutionCountry === "string" ? facts.institutionCountry : null,
    subject,
    groupCache: null,
  };
}

function groupsOf(view: View, country: string | null | undefined): string[] {
  if (typeof country !== "string" || country === "") return [];
  view.groupCache ??= new Map();
  const cached = view.groupCache.get(country);
  if (cached) return cached;
  let groups: string[] = [];
  try {
    const found = view.subject.countryGroups(country);
    groups = Array.isArray(found) ? found.filter((g): g is string => typeof g === "string") : [];
  } catch {
    // A lookup that fails knows nothing about the country, which is what [] says.
    groups = [];
  }
  view.groupCache.set(country, groups);
  return groups;
}

function areaFacts(view: View, areaId: string): TaxonomyFacts | undefined {
  try {
    return view.subject.taxonomy(areaId);
  } catch {
    return undefined;
  }
}

function ownValue(answers: Answers, questionId: string): AnswerValue | undefined {
  return Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
}

function asList(value: AnswerValue | undefined): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

// ── Compilation ───────────────────────────────────────────────────────────────────────────

type Node = {
  test: (view: View) => boolean;
  /** Called only after test returned true; pushes what made it true. */
  explain: (view: View, labels: AnswerLabeler | undefined, out: Evidence[]) => void;
};

type Parameters = Readonly<Record<string, ParameterValue>>;

function resolve<T>(value: T | `$${string}` | undefined, parameters: Parameters): T | undefined {
  if (!isParameterRef(value)) return value as T | undefined;
  const name = value.slice(1);
  return (Object.hasOwn(parameters, name) ? parameters[name] : undefined) as T | undefined;
}

function answerEvidence(questionId: string, values: string[], labels: AnswerLabeler | undefined): Evidence {
  return { type: "answer", questionId, matched: values.map((value) => ({ value, label: labels ? labels(questionId, value) : null })) };
}

function compileAnswer(c: AnswerComparison, parameters: Parameters): Node {
  const q = c.answer;
  if ("answered" in c) {
    const answered = (view: View) => asList(ownValue(view.answers, q)).some((v) => v.trim() !== "");
    return c.answered
      ? { test: answered, explain: (view, labels, out) => out.push(answerEvidence(q, asList(ownValue(view.answers, q)), labels)) }
      : { test: (view) => !answered(view), explain: (_view, _labels, out) => out.push({ type: "absent", condition: `an answer to "${q}"` }) };
  }
  if ("countryInGroups" in c) {
    const wanted = new Set(resolve(c.countryInGroups, parameters) ?? []);
    const country = (view: View) => {
      const value = ownValue(view.answers, q);
      return typeof value === "string" && /^[A-Z]{2}$/.test(value) ? value : null;
    };
    return {
      test: (view) => {
        const code = country(view);
        return code !== null && groupsOf(view, code).some((g) => wanted.has(g));
      },
      explain: (view, _labels, out) => {
        const code = country(view)!;
        out.push({ type: "answer-country", questionId: q, country: code, groups: [...groupsOf(view, code)] });
      },
    };
  }
  // The remaining forms all come down to "which chosen values are in this set, and how many are needed".
  let wanted: ReadonlySet<string>;
  let needed = 1;
  let scalarOnly = false;
  if ("equals" in c) {
    wanted = new Set([c.equals]);
    scalarOnly = true;
  } else if ("in" in c) {
    wanted = new Set(c.in);
    scalarOnly = true;
  } else if ("includes" in c) {
    wanted = new Set([c.includes]);
  } else if ("includesAny" in c) {
    wanted = new Set(c.includesAny);
  } else {
    wanted = new Set(c.countOf);
    const threshold = resolve(c.atLeast, parameters);
    needed = typeof threshold === "number" ? Math.max(threshold, 0) : Number.POSITIVE_INFINITY;
  }
  const matching = (view: View): string[] => {
    const value = ownValue(view.answers, q);
    if (scalarOnly) return typeof value === "string" && wanted.has(value) ? [value] : [];
    return asList(value).filter((v) => wanted.has(v));
  };
  const test =
    scalarOnly ? (view: View) => {
      const value = ownValue(view.answers, q);
      return typeof value === "string" && wanted.has(value);
    }
    : (view: View) => {
      const value = ownValue(view.answers, q);
      if (typeof value === "string") return (wanted.has(value) ? 1 : 0) >= needed;
      if (!Array.isArray(value)) return false;
      let count = 0;
      for (const v of value) if (wanted.has(v) && ++count >= needed) return true;
      return needed <= 0;
    };
  return { test, explain: (view, labels, out) => out.push(answerEvidence(q, [...new Set(matching(view))], labels)) };
}

function hitMatcher(filter: PartnerFilter["screening"]): ((hit: ScreeningHit) => boolean) | null {
  if (!filter) return null;
  const status = filter.status ?? "open";
  const level = filter.level;
  return (hit) => {
    if (!hit || typeof hit !== "object") return false;
    if (level && hit.level !== level) return false;
    if (status === "confirmed") return hit.decision === "confirmed";
    if (status === "unreviewed") return hit.decision === null || hit.decision === undefined;
    return hit.decision !== "false_positive";
  };
}

function compileParty(role: "partner" | "funder", filter: PartnerFilter | FunderFilter, atLeast: number | `$${string}` | undefined, parameters: Parameters): Node {
  const kinds = filter.kind ? new Set<string>(filter.kind) : null;
  const countries = filter.country ? new Set(filter.country) : null;
  const groupList = resolve(filter.countryGroups, parameters);
  const groups = filter.countryGroups !== undefined ? new Set(groupList ?? []) : null;
  const abroad = filter.abroad;
  const hits = role === "partner" ? hitMatcher((filter as PartnerFilter).screening) : null;
  const threshold = resolve(atLeast, parameters);
  const needed = atLeast === undefined ? 1 : typeof threshold === "number" ? Math.max(threshold, 1) : Number.POSITIVE_INFINITY;

  const matches = (view: View, party: Partner | Funder): boolean => {
    if (kinds && !kinds.has(party.kind)) return false;
    const country = typeof party.country === "string" && party.country !== "" ? party.country : null;
    if (countries && (country === null || !countries.has(country))) return false;
    if (abroad !== undefined) {
      const isAbroad = country !== null && (view.institutionCountry === null || country !== view.institutionCountry);
      if (isAbroad !== abroad) return false;
    }
    if (groups && (country === null || !groupsOf(view, country).some((g) => groups.has(g)))) return false;
    if (hits && !list<ScreeningHit>((party as Partner).screening).some(hits)) return false;
    return true;
  };
  const parties = (view: View): (Partner | Funder)[] => (role === "partner" ? view.partners : view.funders);

  return {
    test: (view) => {
      let count = 0;
      for (const party of parties(view)) if (matches(view, party) && ++count >= needed) return true;
      return false;
    },
    explain: (view, _labels, out) => {
      for (const party of parties(view)) {
        if (!matches(view, party)) continue;
        const name = typeof party.name === "string" ? party.name : "";
        const country = typeof party.country === "string" && party.country !== "" ? party.country : null;
        const partyGroups = [...groupsOf(view, country)];
        if (role === "partner") {
          out.push({ type: "partner", name, country, partnerKind: String(party.kind), groups: partyGroups });
          if (hits) {
            for (const hit of list<ScreeningHit>((party as Partner).screening)) {
              if (!hits(hit)) continue;
              out.push({ type: "screening-hit", partner: name, listId: hit.listId, entryName: hit.entryName, score: hit.score, level: hit.level, decision: hit.decision ?? null });
            }
          }
        } else {
          out.push({ type: "funder", name, country, funderKind: String(party.kind), groups: partyGroups });
        }
      }
    },
  };
}

function compileCondition(condition: Condition, parameters: Parameters): Node {
  if ("all" in condition) {
    const children = condition.all.map((c) => compileCondition(c, parameters));
    return {
      test: (view) => children.every((child) => child.test(view)),
      explain: (view, labels, out) => children.forEach((child) => child.explain(view, labels, out)),
    };
  }
  if ("any" in condition) {
    const children = condition.any.map((c) => compileCondition(c, parameters));
    return {
      test: (view) => children.some((child) => child.test(view)),
      explain: (view, labels, out) => {
        for (const child of children) if (child.test(view)) child.explain(view, labels, out);
      },
    };
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not, parameters);
    const description = describeCondition(condition.not);
    return { test: (view) => !inner.test(view), explain: (_view, _labels, out) => out.push({ type: "absent", condition: description }) };
  }
  if ("answer" in condition) return compileAnswer(condition, parameters);
  if ("profile" in condition) {
    const dimension = condition.profile;
    const atLeast = resolve(condition.levelAtLeast, parameters);
    const least = atLeast === undefined ? Number.POSITIVE_INFINITY : levelRank(atLeast);
    const level = (view: View): Level | undefined => view.subject.profile?.dimensions?.[dimension]?.level;
    return {
      test: (view) => {
        const current = level(view);
        return current !== undefined && least >= 0 && levelRank(current) >= least;
      },
      explain: (view, _labels, out) => out.push({ type: "profile-level", dimension, level: level(view)!, atLeast: atLeast! }),
    };
  }
  if ("profileFactor" in condition) {
    const factorId = condition.profileFactor;
    const find = (view: View) => {
      const dimensions = view.subject.profile?.dimensions;
      if (!dimensions || typeof dimensions !== "object") return undefined;
      for (const [dimension, profile] of Object.entries(dimensions)) {
        const factor = list<{ id: string; label: string }>(profile?.factors).find((f) => f && f.id === factorId);
        if (factor) return { dimension: dimension as Dimension, label: String(factor.label ?? factorId) };
      }
      return undefined;
    };
    return {
      test: (view) => find(view) !== undefined,
      explain: (view, _labels, out) => {
        const found = find(view)!;
        out.push({ type: "profile-factor", dimension: found.dimension, factorId, label: found.label });
      },
    };
  }
  if ("area" in condition) {
    const a = condition.area;
    const ids = a.in ? new Set(a.in) : null;
    const least = a.sensitivityAtLeast !== undefined ? sensitivityRank(a.sensitivityAtLeast) : null;
    const needsFacts = least !== null || a.euHighestRisk !== undefined || a.surveillanceCapable !== undefined || a.controlListed !== undefined;
    const fits = (view: View, areaId: string): TaxonomyFacts | null | false => {
      if (ids && !ids.has(areaId)) return false;
      const facts = areaFacts(view, areaId);
      if (!facts) return needsFacts ? false : null;
      if (least !== null && !(sensitivityRank(facts.sensitivity) >= least)) return false;
      if (a.euHighestRisk !== undefined && facts.euHighestRisk !== a.euHighestRisk) return false;
      if (a.surveillanceCapable !== undefined && facts.surveillanceCapable !== a.surveillanceCapable) return false;
      if (a.controlListed !== undefined && (list(facts.controlCategories).length > 0) !== a.controlListed) return false;
      return facts;
    };
    return {
      test: (view) => view.areas.some((areaId) => fits(view, areaId) !== false),
      explain: (view, _labels, out) => {
        for (const areaId of view.areas) {
          const facts = fits(view, areaId);
          if (facts === false) continue;
          out.push({
            type: "technology-area",
            areaId,
            label: facts?.label ?? null,
            sensitivity: facts?.sensitivity ?? "none",
            euHighestRisk: facts?.euHighestRisk ?? false,
            surveillanceCapable: facts?.surveillanceCapable ?? false,
          });
        }
      },
    };
  }
  if ("trl" in condition) {
    const atLeast = resolve(condition.trl.atLeast, parameters);
    const atMost = resolve(condition.trl.atMost, parameters);
    const low = condition.trl.atLeast === undefined ? Number.NEGATIVE_INFINITY : typeof atLeast === "number" ? atLeast : Number.POSITIVE_INFINITY;
    const high = condition.trl.atMost === undefined ? Number.POSITIVE_INFINITY : typeof atMost === "number" ? atMost : Number.NEGATIVE_INFINITY;
    return {
      test: (view) => view.trl >= low && view.trl <= high,
      explain: (view, _labels, out) => out.push({ type: "trl", trl: view.trl }),
    };
  }
  if ("partner" in condition) return compileParty("partner", condition.partner, condition.atLeast, parameters);
  if ("funder" in condition) return compileParty("funder", condition.funder, condition.atLeast, parameters);
  // A condition the parser would have refused never fires.
  return { test: () => false, explain: () => {} };
}

function dedupe(evidence: Evidence[]): Evidence[] {
  if (evidence.length < 2) return evidence;
  const seen = new Set<string>();
  return evidence.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type CompiledRule = { rule: Rule; order: number; node: Node };

function flagOf(compiled: CompiledRule, view: View, labels: AnswerLabeler | undefined): FlagResult {
  const evidence: Evidence[] = [];
  compiled.node.explain(view, labels, evidence);
  const { rule } = compiled;
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    dimension: rule.dimension,
    evidence: dedupe(evidence),
    rationale: rule.rationale,
    action: rule.action,
    source: rule.source,
    libraryTags: rule.libraryTags,
  };
}

/** One rule on one subject, with the given parameter values. */
export function evaluateRule(
  rule: Rule,
  subject: TriageSubject,
  parameters: Readonly<Record<string, ParameterValue>>,
  options: EvaluateOptions = {},
): { matched: boolean; evidence: Evidence[] } {
  const node = compileCondition(rule.condition, parameters);
  const view = viewOf(subject);
  if (!node.test(view)) return { matched: false, evidence: [] };
  const evidence: Evidence[] = [];
  node.explain(view, options.labels, evidence);
  return { matched: true, evidence: dedupe(evidence) };
}

export type CompiledRuleSet = (subject: TriageSubject) => FlagResult[];

/**
 * Compiles the rules that apply under the settings into one function. Flags come out by
 * severity (highest first), then in the rule set's order.
 */
export function compileRuleSet(ruleSet: RuleSet, settings: InstitutionRuleSettings = EMPTY_SETTINGS, options: EvaluateOptions = {}): CompiledRuleSet {
  const effective = effectiveRules(ruleSet, settings);
  const compiled: CompiledRule[] = effective.rules.map((rule, order) => ({ rule, order, node: compileCondition(rule.condition, effective.parameters) }));
  const labels = options.labels;
  return (subject) => {
    const view = viewOf(subject);
    const flags: { flag: FlagResult; order: number }[] = [];
    for (const entry of compiled) {
      if (entry.node.test(view)) flags.push({ flag: flagOf(entry, view, labels), order: entry.order });
    }
    if (flags.length > 1) flags.sort((a, b) => severityRank(b.flag.severity) - severityRank(a.flag.severity) || a.order - b.order);
    return flags.map((f) => f.flag);
  };
}

export function evaluateRuleSet(ruleSet: RuleSet, subject: TriageSubject, settings: InstitutionRuleSettings = EMPTY_SETTINGS, options: EvaluateOptions = {}): FlagResult[] {
  return compileRuleSet(ruleSet, settings, options)(subject);
}
