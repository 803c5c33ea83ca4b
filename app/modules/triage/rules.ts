// Triage rule sets as validated, versioned data: the file format, the condition language over a
// project (answers, facts, partners, screening hits, risk profile), its parameters, and the parser
// that refuses a rule set naming an unknown question, option, factor or parameter.
import { z } from "zod";
import { FUNDER_KINDS, PARTNER_KINDS, SENSITIVITY_ORDER } from "../assessment/questionnaire";
import type {
  Answers,
  FunderKind,
  PartnerKind,
  ProjectFacts,
  QuestionType,
  Questionnaire,
  Sensitivity,
  TaxonomyLookup,
} from "../assessment/questionnaire";
import { DIMENSIONS, FACTOR_CATALOGUE } from "../risk/factors";
import type { Dimension } from "../risk/factors";
import { LEVELS } from "../risk/model";
import type { Level, RiskProfile } from "../risk/model";

// ── What a rule looks at ──────────────────────────────────────────────────────────────────

export type TriageSubject = {
  projectId: number;
  /** Partners carry their screening hits and the office's decisions on them. */
  facts: ProjectFacts;
  /** The latest submitted assessment's answers ({} when there is none). */
  answers: Answers;
  /** The latest submitted risk profile, or null. */
  profile: RiskProfile | null;
  taxonomy: TaxonomyLookup;
  /** EAR groups of a country, plus "WA" for a Wassenaar participant; [] when unknown. */
  countryGroups: (iso2: string) => string[];
};

export const RULE_SET_FORMAT = "upstream.rules/v1";
import { COUNTRY_GROUP_CODES, SEVERITIES, type CountryGroupCode, type Severity } from "./constants";

export { COUNTRY_GROUP_CODES, SEVERITIES, type CountryGroupCode, type Severity };
export const RULE_DIMENSIONS = DIMENSIONS;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}


export const PARAMETER_TYPES = ["country-groups", "level", "trl", "number"] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];
export type ParameterValue = string[] | Level | number;

/** A reference to a parameter, written "$name" in the file. */
export type ParameterRef = `$${string}`;
export type Ref<T> = T | ParameterRef;

export type ScreeningFilter = {
  level?: "strong" | "possible";
  /**
   * open (the default): any hit not marked a false positive; confirmed: the office confirmed it;
   * unreviewed: the office has not decided yet.
   */
  status?: "open" | "confirmed" | "unreviewed";
};

export type PartyFilter = {
  kind?: string[];
  country?: string[];
  countryGroups?: Ref<string[]>;
  /** Based in another country than the institution (any known country when the institution's own is unknown). */
  abroad?: boolean;
};
export type PartnerFilter = PartyFilter & { kind?: PartnerKind[]; screening?: ScreeningFilter };
export type FunderFilter = PartyFilter & { kind?: FunderKind[] };

export type AnswerComparison =
  | { answer: string; equals: string }
  | { answer: string; in: string[] }
  /** Multiple choice: the option is among those chosen. */
  | { answer: string; includes: string }
  | { answer: string; includesAny: string[] }
  /** Multiple choice: at least `atLeast` of the listed options are chosen. */
  | { answer: string; countOf: string[]; atLeast: Ref<number> }
  | { answer: string; answered: boolean }
  /** Country question: the country answered belongs to one of the groups. */
  | { answer: string; countryInGroups: Ref<string[]> };

export type AreaFilter = {
  in?: string[];
  sensitivityAtLeast?: Sensitivity;
  euHighestRisk?: boolean;
  surveillanceCapable?: boolean;
  controlListed?: boolean;
};

export type Comparison =
  | AnswerComparison
  | { profile: Dimension; levelAtLeast: Ref<Level> }
  | { profileFactor: string }
  /** At least one of the project's areas has every property given. */
  | { area: AreaFilter }
  | { trl: { atLeast?: Ref<number>; atMost?: Ref<number> } }
  | { partner: PartnerFilter; atLeast?: Ref<number> }
  | { funder: FunderFilter; atLeast?: Ref<number> };

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;

export type RuleSource = { title: string; url: string };

export type Rule = {
  id: string;
  title: string;
  severity: Severity;
  dimension: Dimension;
  condition: Condition;
  rationale: string;
  source: RuleSource;
  action: string;
  libraryTags: string[];
};

export type ParameterDefinition = { description: string; type: ParameterType; default: ParameterValue };

export type RuleSet = {
  format: typeof RULE_SET_FORMAT;
  version: string;
  updated: string;
  parameters: Record<string, ParameterDefinition>;
  rules: Rule[];
};

// ── Schemas ───────────────────────────────────────────────────────────────────────────────

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case (lower-case words joined by hyphens)");
const text = (min = 1) => z.string().trim().min(min);
const paramRef = z.string().regex(/^\$[A-Za-z][A-Za-z0-9]*$/, 'must be a "$parameter" reference') as unknown as z.ZodType<ParameterRef>;
const iso2 = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code in capitals");
const groupList = z.array(z.enum(COUNTRY_GROUP_CODES));
const trlValue = z.number().int().min(1).max(9);
const countValue = z.number().int().min(0);
const ref = <T extends z.ZodType>(schema: T) => z.union([schema, paramRef]);

export const parameterValueSchemas: Record<ParameterType, z.ZodType> = {
  "country-groups": groupList,
  level: z.enum(LEVELS),
  trl: trlValue,
  number: z.number().finite().min(0),
};

const screeningSchema = z
  .object({ level: z.enum(["strong", "possible"]).optional(), status: z.enum(["open", "confirmed", "unreviewed"]).optional() })
  .strict();
const partyShape = {
  country: z.array(iso2).min(1).optional(),
  countryGroups: ref(groupList.min(1)).optional(),
  abroad: z.boolean().optional(),
};
const partnerFilterSchema = z.object({ ...partyShape, kind: z.array(z.enum(PARTNER_KINDS)).min(1).optional(), screening: screeningSchema.optional() }).strict();
const funderFilterSchema = z.object({ ...partyShape, kind: z.array(z.enum(FUNDER_KINDS)).min(1).optional() }).strict();
const option = z.string().min(1);

const COMPARISON_SCHEMAS: Record<string, z.ZodType> = {
  equals: z.object({ answer: kebab, equals: option }).strict(),
  in: z.object({ answer: kebab, in: z.array(option).min(1) }).strict(),
  includes: z.object({ answer: kebab, includes: option }).strict(),
  includesAny: z.object({ answer: kebab, includesAny: z.array(option).min(1) }).strict(),
  countOf: z.object({ answer: kebab, countOf: z.array(option).min(1), atLeast: ref(countValue) }).strict(),
  answered: z.object({ answer: kebab, answered: z.boolean() }).strict(),
  countryInGroups: z.object({ answer: kebab, countryInGroups: ref(groupList.min(1)) }).strict(),
  profile: z.object({ profile: z.enum(DIMENSIONS), levelAtLeast: ref(z.enum(LEVELS)) }).strict(),
  profileFactor: z.object({ profileFactor: z.string().min(1) }).strict(),
  area: z
    .object({
      area: z
        .object({
          in: z.array(kebab).min(1).optional(),
          sensitivityAtLeast: z.enum(SENSITIVITY_ORDER).optional(),
          euHighestRisk: z.boolean().optional(),
          surveillanceCapable: z.boolean().optional(),
          controlListed: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
  trl: z
    .object({ trl: z.object({ atLeast: ref(trlValue).optional(), atMost: ref(trlValue).optional() }).strict().refine((t) => t.atLeast !== undefined || t.atMost !== undefined, "give atLeast or atMost") })
    .strict(),
  partner: z.object({ partner: partnerFilterSchema, atLeast: ref(countValue.min(1)).optional() }).strict(),
  funder: z.object({ funder: funderFilterSchema, atLeast: ref(countValue.min(1)).optional() }).strict(),
};

const ANSWER_FORMS = ["equals", "in", "includes", "includesAny", "countOf", "answered", "countryInGroups"] as const;
const OTHER_FORMS = ["profile", "profileFactor", "area", "trl", "partner", "funder"] as const;

/** Which comparison an object is, from the keys it carries, so that errors point into the right shape. */
function comparisonForm(value: object): string | null {
  if ("answer" in value) return ANSWER_FORMS.find((form) => form in value) ?? "equals";
  return OTHER_FORMS.find((form) => form in value) ?? null;
}

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.unknown().transform((value, ctx) => {
    const forward = (issues: readonly z.core.$ZodIssue[]) => {
      for (const issue of issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
      return z.NEVER;
    };
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      ctx.addIssue({ code: "custom", message: "must be an object (a comparison, or all / any / not)" });
      return z.NEVER;
    }
    const combinators = ["all", "any", "not"].filter((key) => key in value);
    if (combinators.length > 0) {
      const schema =
        combinators[0] === "not"
          ? z.object({ not: conditionSchema }).strict()
          : z.object({ [combinators[0]!]: z.array(conditionSchema).min(1) }).strict();
      const parsed = schema.safeParse(value);
      return parsed.success ? (parsed.data as Condition) : forward(parsed.error.issues);
    }
    const form = comparisonForm(value);
    if (!form) {
      ctx.addIssue({ code: "custom", message: `is not a comparison the rule language knows (keys: ${Object.keys(value).join(", ") || "none"})` });
      return z.NEVER;
    }
    const parsed = COMPARISON_SCHEMAS[form]!.safeParse(value);
    return parsed.success ? (parsed.data as Condition) : forward(parsed.error.issues);
  }),
) as unknown as z.ZodType<Condition>;

export const ruleSchema = z
  .object({
    id: kebab,
    title: text(5),
    severity: z.enum(SEVERITIES),
    dimension: z.enum(DIMENSIONS),
    condition: conditionSchema,
    rationale: text(20),
    source: z.object({ title: text(3), url: z.url().refine((u) => u.startsWith("https://"), "must be an https address") }).strict(),
    action: text(10),
    libraryTags: z.array(kebab.or(z.enum(DIMENSIONS))).default([]),
  })
  .strict();

const parameterShape = z
  .object({ description: text(10), type: z.enum(PARAMETER_TYPES), default: z.unknown() })
  .strict();

const topShape = z
  .object({
    format: z.literal(RULE_SET_FORMAT),
    version: kebab,
    updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
    parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "parameter names are letters and digits"), z.unknown()).default({}),
    rules: z.array(z.unknown()).min(1),
  })
  .strict();

/** The whole file's shape, without the cross-references parseRuleSet also checks. */
export const ruleSetSchema = topShape.extend({
  parameters: z.record(z.string(), parameterShape),
  rules: z.array(ruleSchema).min(1),
});

// ── Parsing ───────────────────────────────────────────────────────────────────────────────

export class RuleSetError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly ruleId: string | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "RuleSetError";
  }
}

/** The questions an answer comparison may name: their type and, for closed questions, the accepted values. */
export type KnownQuestions = ReadonlyMap<string, { type: QuestionType; values: readonly string[] | null }>;

export function knownQuestionsOf(questionnaire: Questionnaire): KnownQuestions {
  const known = new Map<string, { type: QuestionType; values: readonly string[] | null }>();
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      const values =
        question.type === "yes-no-unsure" ? ["yes", "no", "unsure"]
        : question.type === "single" || question.type === "multiple" ? (question.options ?? []).map((o) => o.id)
        : question.type === "country" ? null
        : null;
      known.set(question.id, { type: question.type, values });
    }
  }
  return known;
}

export type ParseRuleSetOptions = {
  /** Technology-area ids a rule may name; not checked when absent. */
  areas?: ReadonlySet<string>;
};

function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

function firstIssue(issues: readonly z.core.$ZodIssue[], prefix = ""): { field: string; message: string } {
  const issue = issues[0];
  if (!issue) return { field: prefix || "(whole item)", message: "invalid" };
  const field = [prefix, pathText(issue.path)].filter(Boolean).join(".") || "(whole item)";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return { field, message: `${issue.message}${more}` };
}

export function isParameterRef(value: unknown): value is ParameterRef {
  return typeof value === "string" && value.startsWith("$");
}

/** Every place a condition refers to a parameter, with the type the place needs. */
export function conditionParameterRefs(condition: Condition, path = "condition"): { name: string; type: ParameterType; field: string }[] {
  const out: { name: string; type: ParameterType; field: string }[] = [];
  const visit = (c: Condition, at: string) => {
    const note = (value: unknown, type: ParameterType, field: string) => {
      if (isParameterRef(value)) out.push({ name: value.slice(1), type, field });
    };
    if ("all" in c) return c.all.forEach((child, i) => visit(child, `${at}.all.${i}`));
    if ("any" in c) return c.any.forEach((child, i) => visit(child, `${at}.any.${i}`));
    if ("not" in c) return visit(c.not, `${at}.not`);
    if ("countOf" in c) note(c.atLeast, "number", `${at}.atLeast`);
    if ("countryInGroups" in c) note(c.countryInGroups, "country-groups", `${at}.countryInGroups`);
    if ("profile" in c) note(c.levelAtLeast, "level", `${at}.levelAtLeast`);
    if ("trl" in c) {
      note(c.trl.atLeast, "trl", `${at}.trl.atLeast`);
      note(c.trl.atMost, "trl", `${at}.trl.atMost`);
    }
    if ("partner" in c || "funder" in c) {
      const filter = "partner" in c ? c.partner : c.funder;
      const key = "partner" in c ? "partner" : "funder";
      note(filter.countryGroups, "country-groups", `${at}.${key}.countryGroups`);
      note(c.atLeast, "number", `${at}.atLeast`);
    }
  };
  visit(condition, path);
  return out;
}

/** Checks a parameter value against its declared type; returns a message, or null when it fits. */
export function parameterValueProblem(type: ParameterType, value: unknown): string | null {
  const parsed = parameterValueSchemas[type].safeParse(value);
  if (parsed.success) return null;
  const { field, message } = firstIssue(parsed.error.issues);
  const expected =
    type === "country-groups" ? `a list of country groups (${COUNTRY_GROUP_CODES.join(", ")})`
    : type === "level" ? `a level (${LEVELS.join(", ")})`
    : type === "trl" ? "a whole number from 1 to 9"
    : "a number of 0 or more";
  return `must be ${expected}${field !== "(whole item)" ? ` (at ${field}: ${message})` : ""}`;
}

function checkAnswerComparison(
  c: AnswerComparison,
  at: string,
  questions: KnownQuestions,
  fail: (field: string, message: string) => never,
) {
  const question = questions.get(c.answer);
  if (!question) fail(`${at}.answer`, `question "${c.answer}" is not in the questionnaire`);
  const values =
    "equals" in c ? [c.equals]
    : "in" in c ? c.in
    : "includes" in c ? [c.includes]
    : "includesAny" in c ? c.includesAny
    : "countOf" in c ? c.countOf
    : [];
  const multipleOnly = "includes" in c || "includesAny" in c || "countOf" in c;
  if (multipleOnly && question!.type !== "multiple") {
    fail(at, `question "${c.answer}" is a ${question!.type} question; includes, includesAny and countOf need a multiple-choice question`);
  }
  if (("equals" in c || "in" in c) && question!.type === "multiple") {
    fail(at, `question "${c.answer}" is multiple choice; use includes or includesAny`);
  }
  if ("countryInGroups" in c && question!.type !== "country") {
    fail(at, `question "${c.answer}" is not a country question, so countryInGroups does not apply`);
  }
  const allowed = question!.values;
  if (allowed) {
    const wrong = values.find((v) => !allowed.includes(v));
    if (wrong !== undefined) fail(at, `"${wrong}" is not an answer question "${c.answer}" accepts (${allowed.join(", ")})`);
  } else if (question!.type === "country") {
    const wrong = values.find((v) => v !== "unsure" && !/^[A-Z]{2}$/.test(v));
    if (wrong !== undefined) fail(at, `"${wrong}" is not a country code or "unsure"`);
  }
}

function checkReferences(
  condition: Condition,
  at: string,
  questions: KnownQuestions,
  options: ParseRuleSetOptions,
  fail: (field: string, message: string) => never,
) {
  if ("all" in condition) return condition.all.forEach((c, i) => checkReferences(c, `${at}.all.${i}`, questions, options, fail));
  if ("any" in condition) return condition.any.forEach((c, i) => checkReferences(c, `${at}.any.${i}`, questions, options, fail));
  if ("not" in condition) return checkReferences(condition.not, `${at}.not`, questions, options, fail);
  if ("answer" in condition) return checkAnswerComparison(condition, at, questions, fail);
  if ("profileFactor" in condition && !FACTOR_CATALOGUE.has(condition.profileFactor)) {
    fail(`${at}.profileFactor`, `"${condition.profileFactor}" is not a factor the risk model knows`);
  }
  if ("area" in condition && options.areas) {
    const unknown = (condition.area.in ?? []).find((id) => !options.areas!.has(id));
    if (unknown) fail(`${at}.area.in`, `technology area "${unknown}" is not in the taxonomy`);
  }
  if ("trl" in condition) {
    const { atLeast, atMost } = condition.trl;
    if (typeof atLeast === "number" && typeof atMost === "number" && atLeast > atMost) fail(`${at}.trl`, "atLeast is above atMost, so it can never hold");
  }
}

/**
 * Validates a rule set's parsed JSON and its cross-references. Throws a RuleSetError whose
 * message names the file, the rule and the field at fault.
 */
export function parseRuleSet(data: unknown, file: string, questions: KnownQuestions, options: ParseRuleSetOptions = {}): RuleSet {
  const top = topShape.safeParse(data);
  if (!top.success) {
    const { field, message } = firstIssue(top.error.issues);
    throw new RuleSetError(`${file}: top level, field "${field}": ${message}`, file, null, field);
  }

  const parameters: Record<string, ParameterDefinition> = {};
  for (const [name, raw] of Object.entries(top.data.parameters)) {
    const parsed = parameterShape.safeParse(raw);
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error.issues, `parameters.${name}`);
      throw new RuleSetError(`${file}: parameter "${name}", field "${field}": ${message}`, file, null, field);
    }
    const problem = parameterValueProblem(parsed.data.type, parsed.data.default);
    if (problem) throw new RuleSetError(`${file}: parameter "${name}", field "parameters.${name}.default": ${problem}`, file, null, `parameters.${name}.default`);
    parameters[name] = { description: parsed.data.description, type: parsed.data.type, default: parsed.data.default as ParameterValue };
  }

  const rules: Rule[] = [];
  const seen = new Set<string>();
  top.data.rules.forEach((raw, index) => {
    const rawId = raw && typeof raw === "object" && "id" in raw ? String((raw as { id: unknown }).id) : "?";
    const label = `rule ${index + 1} ("${rawId}")`;
    const fail = (field: string, message: string): never => {
      throw new RuleSetError(`${file}: ${label}, field "${field}": ${message}`, file, rawId, field);
    };
    const parsed = ruleSchema.safeParse(raw);
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error.issues);
      fail(field, message);
    }
    const rule = parsed.data as Rule;
    if (seen.has(rule.id)) fail("id", `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    checkReferences(rule.condition, "condition", questions, options, fail);
    for (const reference of conditionParameterRefs(rule.condition)) {
      const definition = Object.hasOwn(parameters, reference.name) ? parameters[reference.name] : undefined;
      if (!definition) fail(reference.field, `parameter "$${reference.name}" is not defined under "parameters"`);
      if (definition!.type !== reference.type) {
        fail(reference.field, `parameter "$${reference.name}" is of type ${definition!.type}, but this place needs ${reference.type}`);
      }
    }
    rules.push(rule);
  });

  return { format: RULE_SET_FORMAT, version: top.data.version, updated: top.data.updated, parameters, rules };
}

// ── Plain-words description of a condition, for "what was absent" and for the docs ─────────

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

function partyText(filter: PartnerFilter | FunderFilter, role: "partner" | "funder"): string {
  const parts: string[] = [];
  if (filter.kind) parts.push(`of kind ${filter.kind.join(" or ")}`);
  if (filter.country) parts.push(`based in ${filter.country.join(" or ")}`);
  if (filter.countryGroups) parts.push(`based in a country in ${valueText(filter.countryGroups)}`);
  if (filter.abroad) parts.push("based abroad");
  if ("screening" in filter && filter.screening) {
    const s = filter.screening;
    const status = s.status === "confirmed" ? "confirmed" : s.status === "unreviewed" ? "not yet reviewed" : "not ruled out";
    parts.push(`with a ${s.level ?? "strong or possible"} screening match ${status}`);
  }
  return parts.length ? `a ${role} ${parts.join(", ")}` : `a ${role}`;
}

/** One line of plain words for a condition; parameter references are shown as written. */
export function describeCondition(condition: Condition): string {
  if ("all" in condition) return condition.all.length === 1 ? describeCondition(condition.all[0]!) : `all of (${condition.all.map(describeCondition).join("; ")})`;
  if ("any" in condition) return condition.any.length === 1 ? describeCondition(condition.any[0]!) : `any of (${condition.any.map(describeCondition).join("; ")})`;
  if ("not" in condition) return `not (${describeCondition(condition.not)})`;
  if ("answer" in condition) {
    const q = `answer to "${condition.answer}"`;
    if ("equals" in condition) return `${q} is ${condition.equals}`;
    if ("in" in condition) return `${q} is one of ${condition.in.join(", ")}`;
    if ("includes" in condition) return `${q} includes ${condition.includes}`;
    if ("includesAny" in condition) return `${q} includes any of ${condition.includesAny.join(", ")}`;
    if ("countOf" in condition) return `${q} includes at least ${condition.atLeast} of ${condition.countOf.join(", ")}`;
    if ("countryInGroups" in condition) return `${q} is a country in ${valueText(condition.countryInGroups)}`;
    return condition.answered ? `"${condition.answer}" is answered` : `"${condition.answer}" is not answered`;
  }
  if ("profile" in condition) return `risk profile ${condition.profile} is at least ${condition.levelAtLeast}`;
  if ("profileFactor" in condition) return `risk profile has factor ${condition.profileFactor}`;
  if ("area" in condition) {
    const a = condition.area;
    const parts: string[] = [];
    if (a.in) parts.push(`one of ${a.in.join(", ")}`);
    if (a.sensitivityAtLeast) parts.push(`sensitivity at least ${a.sensitivityAtLeast}`);
    if (a.euHighestRisk !== undefined) parts.push(a.euHighestRisk ? "among the EU highest-risk areas" : "not among the EU highest-risk areas");
    if (a.surveillanceCapable !== undefined) parts.push(a.surveillanceCapable ? "surveillance-capable" : "not surveillance-capable");
    if (a.controlListed !== undefined) parts.push(a.controlListed ? "mapped to control-list categories" : "not mapped to control-list categories");
    return parts.length ? `a technology area ${parts.join(", ")}` : "any technology area";
  }
  if ("trl" in condition) {
    const { atLeast, atMost } = condition.trl;
    if (atLeast !== undefined && atMost !== undefined) return `TRL from ${atLeast} to ${atMost}`;
    return atLeast !== undefined ? `TRL at least ${atLeast}` : `TRL at most ${atMost}`;
  }
  const role = "partner" in condition ? "partner" : "funder";
  const filter = "partner" in condition ? condition.partner : condition.funder;
  const count = condition.atLeast !== undefined ? `at least ${condition.atLeast} × ` : "";
  return `${count}${partyText(filter, role)}`;
}
