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

/** The items that pass, as the list itself when all do (the usual case: no copy to make). */
function only<T>(items: T[], passes: (item: T) => boolean): T[] {
  // Indexed, so that a hole counts as an item that fails (every() would skip it).
  for (let i = 0; i < items.length; i++) if (!passes(items[i]!)) return items.filter(passes);
  return items;
}

const isObject = (item: unknown) => Boolean(item) && typeof item === "object";
const isText = (item: unknown) => typeof item === "string";

function viewOf(subject: TriageSubject): View {
  const facts = (subject && typeof subject.facts === "object" && subject.facts) || ({} as Partial<ProjectFacts>);
  const answers = subject && subject.answers && typeof subject.answers === "object" ? subject.answers : {};
  return {
    answers,
    partners: only(list<Partner>(facts.partners), isObject),
    funders: only(list<Funder>(facts.funders), isObject),
    areas: only(list<string>(facts.technologyAreas), isText),
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

// ── Evidence as shared values ─────────────────────────────────────────────────────────────
//
// Across a portfolio most evidence repeats: the same answers, areas, levels and TRLs. Each
// condition keeps the items it has built, by what they say, and hands out the same (frozen)
// item again, with its JSON worked out once; a portfolio's flags are then compared with the
// stored ones without serialising the same item thousands of times.

/** The JSON text of each shared item. */
const itemTexts = new WeakMap<Evidence, string>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Past this many distinct items a condition starts its collection afresh, so memory stays bounded. */
const SHARED_ITEMS_PER_CONDITION = 4096;

/** A branch of a collection of shared items: one level per part of what the item says. */
type Branch = { item?: Evidence; next?: Map<unknown, Branch> };

/**
 * A condition's collection of shared items, found by everything the item says: its parts, in
 * order, when none is an object (a Map tells "1" from 1). An item with an object among its
 * parts is built afresh and not shared.
 */
function sharedItems(): (parts: readonly unknown[], make: () => Evidence) => Evidence {
  let root: Branch = {};
  let size = 0;
  return (parts, make) => {
    let branch = root;
    for (const part of parts) {
      if (part !== null && typeof part === "object") return make();
      branch.next ??= new Map();
      let next = branch.next.get(part);
      if (!next) branch.next.set(part, (next = {}));
      branch = next;
    }
    if (branch.item === undefined) {
      if (size >= SHARED_ITEMS_PER_CONDITION) {
        root = {};
        size = 0;
        return make();
      }
      const item = deepFreeze(make());
      itemTexts.set(item, JSON.stringify(item));
      branch.item = item;
      size++;
    }
    return branch.item;
  };
}

/** Shared answer items: what they say depends on the question (fixed), the values and the labeller. */
function sharedAnswerItems(questionId: string): (values: string[], labels: AnswerLabeler | undefined) => Evidence {
  let shared = sharedItems();
  let labelledBy: AnswerLabeler | undefined;
  return (values, labels) => {
    if (labels !== labelledBy) {
      shared = sharedItems();
      labelledBy = labels;
    }
    return shared(values, () => answerEvidence(questionId, values, labels));
  };
}

function itemText(item: Evidence): string {
  return itemTexts.get(item) ?? JSON.stringify(item);
}

/** The JSON text of a flag's evidence, the same as JSON.stringify gives. */
export function evidenceText(evidence: readonly Evidence[]): string {
  return `[${evidence.map(itemText).join(",")}]`;
}

/** Whether a stored JSON text is exactly the evidence's (what evidenceText would give), compared piece by piece. */
export function evidenceMatches(evidence: readonly Evidence[], text: string): boolean {
  if (text.charCodeAt(0) !== 0x5b /* [ */) return false;
  let at = 1;
  for (let i = 0; i < evidence.length; i++) {
    if (i > 0 && text.charCodeAt(at++) !== 0x2c /* , */) return false;
    const piece = itemText(evidence[i]!);
    if (text.slice(at, at + piece.length) !== piece) return false;
    at += piece.length;
  }
  return at === text.length - 1 && text.charCodeAt(at) === 0x5d /* ] */;
}

function compileAnswer(c: AnswerComparison, parameters: Parameters): Node {
  const q = c.answer;
  if ("answered" in c) {
    const answered = (view: View) => asList(ownValue(view.answers, q)).some((v) => v.trim() !== "");
    if (!c.answered) {
      const absent = sharedItems()([], () => ({ type: "absent", condition: `an answer to "${q}"` }));
      return { test: (view) => !answered(view), explain: (_view, _labels, out) => out.push(absent) };
    }
    const item = sharedAnswerItems(q);
    return { test: answered, explain: (view, labels, out) => out.push(item(asList(ownValue(view.answers, q)), labels)) };
  }
  if ("countryInGroups" in c) {
    const wanted = new Set(resolve(c.countryInGroups, parameters) ?? []);
    const country = (view: View) => {
      const value = ownValue(view.answers, q);
      return typeof value === "string" && /^[A-Z]{2}$/.test(value) ? value : null;
    };
    const item = sharedItems();
    return {
      test: (view) => {
        const code = country(view);
        return code !== null && groupsOf(view, code).some((g) => wanted.has(g));
      },
      explain: (view, _labels, out) => {
        const code = country(view)!;
        const groups = groupsOf(view, code);
        out.push(item([code, ...groups], () => ({ type: "answer-country", questionId: q, country: code, groups: [...groups] })));
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
  const item = sharedAnswerItems(q);
  return { test, explain: (view, labels, out) => out.push(item([...new Set(matching(view))], labels)) };
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
    const absent = sharedItems()([], () => ({ type: "absent", condition: describeCondition(condition.not) }));
    return { test: (view) => !inner.test(view), explain: (_view, _labels, out) => out.push(absent) };
  }
  if ("answer" in condition) return compileAnswer(condition, parameters);
  if ("profile" in condition) {
    const dimension = condition.profile;
    const atLeast = resolve(condition.levelAtLeast, parameters);
    const least = atLeast === undefined ? Number.POSITIVE_INFINITY : levelRank(atLeast);
    const level = (view: View): Level | undefined => view.subject.profile?.dimensions?.[dimension]?.level;
    const item = sharedItems();
    return {
      test: (view) => {
        const current = level(view);
        return current !== undefined && least >= 0 && levelRank(current) >= least;
      },
      explain: (view, _labels, out) => {
        const current = level(view)!;
        out.push(item([current], () => ({ type: "profile-level", dimension, level: current, atLeast: atLeast! })));
      },
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
    const item = sharedItems();
    return {
      test: (view) => find(view) !== undefined,
      explain: (view, _labels, out) => {
        const found = find(view)!;
        out.push(item([found.dimension, found.label], () => ({ type: "profile-factor", dimension: found.dimension, factorId, label: found.label })));
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
    const item = sharedItems();
    return {
      test: (view) => view.areas.some((areaId) => fits(view, areaId) !== false),
      explain: (view, _labels, out) => {
        for (const areaId of view.areas) {
          const facts = fits(view, areaId);
          if (facts === false) continue;
          const label = facts?.label ?? null;
          const sensitivity = facts?.sensitivity ?? "none";
          const euHighestRisk = facts?.euHighestRisk ?? false;
          const surveillanceCapable = facts?.surveillanceCapable ?? false;
          out.push(item([areaId, label, sensitivity, euHighestRisk, surveillanceCapable], () => ({ type: "technology-area", areaId, label, sensitivity, euHighestRisk, surveillanceCapable })));
        }
      },
    };
  }
  if ("trl" in condition) {
    const atLeast = resolve(condition.trl.atLeast, parameters);
    const atMost = resolve(condition.trl.atMost, parameters);
    const low = condition.trl.atLeast === undefined ? Number.NEGATIVE_INFINITY : typeof atLeast === "number" ? atLeast : Number.POSITIVE_INFINITY;
    const high = condition.trl.atMost === undefined ? Number.POSITIVE_INFINITY : typeof atMost === "number" ? atMost : Number.NEGATIVE_INFINITY;
    const item = sharedItems();
    return {
      test: (view) => view.trl >= low && view.trl <= high,
      explain: (view, _labels, out) => out.push(item([view.trl], () => ({ type: "trl", trl: view.trl }))),
    };
  }
  if ("partner" in condition) return compileParty("partner", condition.partner, condition.atLeast, parameters);
  if ("funder" in condition) return compileParty("funder", condition.funder, condition.atLeast, parameters);
  // A condition the parser would have refused never fires.
  return { test: () => false, explain: () => {} };
}

/**
 * The evidence without repeats, in a list of its own size: a list grown by push keeps room for
 * more, and a portfolio's results hold hundreds of thousands of these lists.
 */
function dedupe(evidence: Evidence[]): Evidence[] {
  if (evidence.length < 2) return evidence.slice();
  // Only items of the same type can repeat each other, so only those are compared (by their
  // JSON, worked out once for shared items); the rest are kept as they are.
  const ofType = new Map<string, number>();
  for (const item of evidence) ofType.set(item.type, (ofType.get(item.type) ?? 0) + 1);
  if (ofType.size === evidence.length) return evidence.slice();
  const seen = new Set<string>();
  return evidence.filter((item) => {
    if (ofType.get(item.type) === 1) return true;
    const key = itemText(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type CompiledRule = { rule: Rule; node: Node };

/** Where a flag's evidence is gathered before dedupe copies it out (one list, reused). */
const gathered: Evidence[] = [];

function flagOf(compiled: CompiledRule, view: View, labels: AnswerLabeler | undefined): FlagResult {
  gathered.length = 0;
  compiled.node.explain(view, labels, gathered);
  const evidence = dedupe(gathered);
  gathered.length = 0;
  const { rule } = compiled;
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    dimension: rule.dimension,
    evidence,
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
  const compiled: CompiledRule[] = effective.rules.map((rule) => ({ rule, node: compileCondition(rule.condition, effective.parameters) }));
  const labels = options.labels;
  return (subject) => {
    const view = viewOf(subject);
    const flags: FlagResult[] = [];
    for (const entry of compiled) {
      if (entry.node.test(view)) flags.push(flagOf(entry, view, labels));
    }
    // The sort is stable, so flags of the same severity stay in the rule set's order.
    if (flags.length > 1) flags.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    return flags;
  };
}

export function evaluateRuleSet(ruleSet: RuleSet, subject: TriageSubject, settings: InstitutionRuleSettings = EMPTY_SETTINGS, options: EvaluateOptions = {}): FlagResult[] {
  return compileRuleSet(ruleSet, settings, options)(subject);
}

