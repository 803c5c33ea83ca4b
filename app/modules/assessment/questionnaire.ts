// The self-assessment questionnaire as validated data: its schema, the show-if conditions over
// answers and project facts, and the adaptive walk (which sections and questions a project sees,
// validation of one section's form post, progress). Pure: taxonomy facts come in through a lookup.
import { z } from "zod";
import { isCountryCode } from "../reference/countries";
import type { TechnologyTaxonomy } from "../reference/technology-areas";
import { ANSWER_FACTOR_IDS } from "../risk/factors";

// ── Answers and project facts ─────────────────────────────────────────────────────────────

/**
 * yes-no-unsure: "yes" | "no" | "unsure"; single: an option id; multiple: option ids;
 * country: an ISO 3166-1 alpha-2 code or "unsure"; organisation and text: free text.
 */
export type AnswerValue = string | string[];
/** Keyed by question id; an unanswered question is absent. */
export type Answers = Record<string, AnswerValue>;

export const PARTNER_KINDS = ["university", "company", "government", "military-defence", "hospital", "international", "other"] as const;
export const FUNDER_KINDS = ["public", "industry", "military-defence", "foreign-government", "philanthropic", "international", "other"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export type FunderKind = (typeof FUNDER_KINDS)[number];

export type ScreeningHit = {
  listId: string;
  entryName: string;
  score: number;
  level: "strong" | "possible";
  decision: "confirmed" | "false_positive" | null;
};

export type ProjectFacts = {
  title: string;
  summary: string;
  field: string;
  /** Ids from content/reference/technology-areas.json. */
  technologyAreas: string[];
  /** 1..9 */
  trl: number;
  funders: { name: string; country: string | null; kind: FunderKind }[];
  partners: { name: string; country: string | null; kind: PartnerKind; role: string; screening: ScreeningHit[] }[];
  /** Shown to the researcher only; never an input to any decision. */
  team: { name: string; role: string }[];
  /** True when the project already has a submitted assessment, so this one is a re-assessment. */
  previousAssessment?: boolean;
  /** The home institution's country (ISO-2), when known; tells domestic from cross-border partners. */
  institutionCountry?: string | null;
};

export const SENSITIVITY_ORDER = ["none", "low", "elevated", "high"] as const;
export type Sensitivity = (typeof SENSITIVITY_ORDER)[number];

export type TaxonomyFacts = {
  surveillanceCapable: boolean;
  sensitivity: Sensitivity;
  euHighestRisk: boolean;
  controlCategories: string[];
  label?: string;
};
/** Answers what the pure code needs to know about a technology area, or undefined for an unknown id. */
export type TaxonomyLookup = (id: string) => TaxonomyFacts | undefined;

export function sensitivityRank(s: Sensitivity): number {
  return SENSITIVITY_ORDER.indexOf(s);
}

// ── Conditions ────────────────────────────────────────────────────────────────────────────

export type AnswerCondition =
  | { answer: string; equals: string }
  | { answer: string; in: string[] }
  /** For a multiple-choice question: the option is among those chosen. */
  | { answer: string; includes: string }
  | { answer: string; includesAny: string[] }
  | { answer: string; answered: boolean };

export type FactCondition =
  | { fact: "trl"; atLeast?: number; atMost?: number }
  /** True when at least one of the project's areas has every property given. */
  | {
      fact: "technologyArea";
      in?: string[];
      surveillanceCapable?: boolean;
      sensitivityAtLeast?: Sensitivity;
      euHighestRisk?: boolean;
      controlListed?: boolean;
    }
  | { fact: "partners"; present: boolean }
  | { fact: "partnerKind"; in: PartnerKind[] }
  | { fact: "funderKind"; in: FunderKind[] }
  /** At least one partner has a country (in the set, when given). */
  | { fact: "partnerCountry"; in?: string[] }
  /** At least one screening match that the office has not marked a false positive (of this level, when given). */
  | { fact: "screeningMatch"; level?: "strong" | "possible" }
  | { fact: "previousAssessment"; equals: boolean };

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | AnswerCondition | FactCondition;

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case (lower-case words joined by hyphens)");
const text = (min = 1) => z.string().trim().min(min);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z.object({ answer: id, equals: z.string().min(1) }).strict(),
    z.object({ answer: id, in: z.array(z.string().min(1)).min(1) }).strict(),
    z.object({ answer: id, includes: z.string().min(1) }).strict(),
    z.object({ answer: id, includesAny: z.array(z.string().min(1)).min(1) }).strict(),
    z.object({ answer: id, answered: z.boolean() }).strict(),
    z
      .object({ fact: z.literal("trl"), atLeast: z.number().int().min(1).max(9).optional(), atMost: z.number().int().min(1).max(9).optional() })
      .strict()
      .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, "give atLeast or atMost"),
    z
      .object({
        fact: z.literal("technologyArea"),
        in: z.array(id).min(1).optional(),
        surveillanceCapable: z.boolean().optional(),
        sensitivityAtLeast: z.enum(SENSITIVITY_ORDER).optional(),
        euHighestRisk: z.boolean().optional(),
        controlListed: z.boolean().optional(),
      })
      .strict(),
    z.object({ fact: z.literal("partners"), present: z.boolean() }).strict(),
    z.object({ fact: z.literal("partnerKind"), in: z.array(z.enum(PARTNER_KINDS)).min(1) }).strict(),
    z.object({ fact: z.literal("funderKind"), in: z.array(z.enum(FUNDER_KINDS)).min(1) }).strict(),
    z.object({ fact: z.literal("partnerCountry"), in: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1).optional() }).strict(),
    z.object({ fact: z.literal("screeningMatch"), level: z.enum(["strong", "possible"]).optional() }).strict(),
    z.object({ fact: z.literal("previousAssessment"), equals: z.boolean() }).strict(),
  ]),
) as z.ZodType<Condition>;

// ── Questions and sections ────────────────────────────────────────────────────────────────

export const QUESTION_TYPES = ["yes-no-unsure", "single", "multiple", "country", "organisation", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const YES_NO_UNSURE = ["yes", "no", "unsure"] as const;
/** The option id (and country answer) that means "I don't know". */
export const UNSURE = "unsure";

export type Option = {
  id: string;
  label: string;
  help?: string;
  /** A multiple-choice option that cannot be combined with others, e.g. "none of these". */
  exclusive?: boolean;
};

export type Question = {
  id: string;
  type: QuestionType;
  label: string;
  help: string;
  /** What an "unsure" answer means and what to do about it. */
  unsureGuidance?: string;
  options?: Option[];
  showIf?: Condition;
  required: boolean;
  /** For text questions; defaults depend on the type. */
  maxLength?: number;
  /** Per answer value or option id: the risk-factor ids it feeds. */
  factors?: Record<string, string[]>;
  /** Marks the text question whose answer the risk profile records as the beneficial potential. */
  records?: "beneficial-potential";
};

export type Section = {
  id: string;
  title: string;
  intro: string;
  showIf?: Condition;
  kind?: "human-rights";
  questions: Question[];
};

export type Questionnaire = {
  format: "upstream.questionnaire/v1";
  version: string;
  title: string;
  updated: string;
  sections: Section[];
};

const optionSchema = z.object({ id, label: text(), help: text().optional(), exclusive: z.boolean().optional() }).strict();

const questionSchema = z
  .object({
    id,
    type: z.enum(QUESTION_TYPES),
    label: text(5),
    help: text(10),
    unsureGuidance: text(10).optional(),
    options: z.array(optionSchema).min(2).optional(),
    showIf: conditionSchema.optional(),
    required: z.boolean().default(true),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    factors: z.record(z.string(), z.array(z.string().min(1))).optional(),
    records: z.literal("beneficial-potential").optional(),
  })
  .strict();

const sectionShape = z
  .object({
    id,
    title: text(),
    intro: text(10),
    showIf: conditionSchema.optional(),
    kind: z.literal("human-rights").optional(),
    questions: z.array(z.unknown()).min(1),
  })
  .strict();

const topShape = z
  .object({
    format: z.literal("upstream.questionnaire/v1"),
    version: z.string().regex(/^v[0-9]+$/, 'must look like "v1"'),
    title: text(),
    updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
    sections: z.array(z.unknown()).min(1),
  })
  .strict();

/** The whole questionnaire's shape (without the cross-references that parseQuestionnaire also checks). */
export const questionnaireSchema: z.ZodType<Questionnaire> = topShape.extend({
  sections: z.array(sectionShape.extend({ questions: z.array(questionSchema).min(1) })).min(1),
}) as unknown as z.ZodType<Questionnaire>;

export class QuestionnaireError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly questionId: string | null = null,
    readonly sectionId: string | null = null,
  ) {
    super(message);
    this.name = "QuestionnaireError";
  }
}

function firstIssue(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length ? `field "${issue.path.map(String).join(".")}"` : "(whole item)";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return `${where}: ${issue.message}${more}`;
}

const DEFAULT_MAX_LENGTH: Partial<Record<QuestionType, number>> = { organisation: 300, text: 2000 };

export function maxLengthOf(question: Question): number {
  return question.maxLength ?? DEFAULT_MAX_LENGTH[question.type] ?? 2000;
}

/** The answer values a question accepts, for the types with a closed set (null for free text and countries). */
export function allowedValues(question: Question): string[] | null {
  if (question.type === "yes-no-unsure") return [...YES_NO_UNSURE];
  if (question.type === "single" || question.type === "multiple") return (question.options ?? []).map((o) => o.id);
  return null;
}

function conditionAnswerRefs(condition: Condition): { answer: string; values: string[] }[] {
  if ("all" in condition) return condition.all.flatMap(conditionAnswerRefs);
  if ("any" in condition) return condition.any.flatMap(conditionAnswerRefs);
  if ("not" in condition) return conditionAnswerRefs(condition.not);
  if ("answer" in condition) {
    const values =
      "equals" in condition ? [condition.equals]
      : "in" in condition ? condition.in
      : "includes" in condition ? [condition.includes]
      : "includesAny" in condition ? condition.includesAny
      : [];
    return [{ answer: condition.answer, values }];
  }
  return [];
}

/** The technology-area ids a condition names, so a loader can check them against the taxonomy. */
export function conditionAreaIds(condition: Condition): string[] {
  if ("all" in condition) return condition.all.flatMap(conditionAreaIds);
  if ("any" in condition) return condition.any.flatMap(conditionAreaIds);
  if ("not" in condition) return conditionAreaIds(condition.not);
  if ("fact" in condition && condition.fact === "technologyArea") return condition.in ?? [];
  return [];
}

/**
 * Validates a questionnaire's parsed JSON and its cross-references. Throws a QuestionnaireError
 * whose message names the file and the question (or section) at fault.
 */
export function parseQuestionnaire(data: unknown, file: string): Questionnaire {
  const top = topShape.safeParse(data);
  if (!top.success) throw new QuestionnaireError(`${file}: top level, ${firstIssue(top.error.issues)}`, file);

  const seenQuestions = new Map<string, Question>();
  const seenSections = new Set<string>();
  const sections: Section[] = [];

  const checkCondition = (condition: Condition, where: string, questionId: string | null, sectionId: string) => {
    for (const ref of conditionAnswerRefs(condition)) {
      const target = seenQuestions.get(ref.answer);
      if (!target) {
        throw new QuestionnaireError(
          `${file}: ${where}, field "showIf": refers to question "${ref.answer}", which does not exist or does not come earlier`,
          file, questionId, sectionId,
        );
      }
      const allowed = allowedValues(target);
      const wrong = allowed ? ref.values.find((v) => !allowed.includes(v)) : undefined;
      if (wrong !== undefined) {
        throw new QuestionnaireError(
          `${file}: ${where}, field "showIf": "${wrong}" is not an answer question "${ref.answer}" accepts`,
          file, questionId, sectionId,
        );
      }
    }
  };

  top.data.sections.forEach((rawSection, sectionIndex) => {
    const rawId = typeof rawSection === "object" && rawSection && "id" in rawSection ? String((rawSection as { id: unknown }).id) : "?";
    const sectionLabel = `section ${sectionIndex + 1} ("${rawId}")`;
    const parsed = sectionShape.safeParse(rawSection);
    if (!parsed.success) throw new QuestionnaireError(`${file}: ${sectionLabel}, ${firstIssue(parsed.error.issues)}`, file, null, rawId);
    const sectionId = parsed.data.id;
    if (seenSections.has(sectionId)) throw new QuestionnaireError(`${file}: ${sectionLabel}: duplicate section id`, file, null, sectionId);
    seenSections.add(sectionId);
    if (parsed.data.showIf) checkCondition(parsed.data.showIf, sectionLabel, null, sectionId);

    const questions: Question[] = [];
    parsed.data.questions.forEach((rawQuestion) => {
      const qid = typeof rawQuestion === "object" && rawQuestion && "id" in rawQuestion ? String((rawQuestion as { id: unknown }).id) : "?";
      const label = `question "${qid}" (section "${sectionId}")`;
      const fail = (message: string): never => {
        throw new QuestionnaireError(`${file}: ${label}, ${message}`, file, qid, sectionId);
      };
      const result = questionSchema.safeParse(rawQuestion);
      if (!result.success) fail(firstIssue(result.error.issues));
      const question = result.data as Question;
      if (seenQuestions.has(question.id)) fail(`field "id": duplicate question id (ids must be unique across the questionnaire)`);

      const hasOptions = question.type === "single" || question.type === "multiple";
      if (hasOptions && !question.options) fail(`field "options": a ${question.type} question needs at least two options`);
      if (!hasOptions && question.options) fail(`field "options": a ${question.type} question takes no options`);
      const optionIds = (question.options ?? []).map((o) => o.id);
      const duplicate = optionIds.find((o, i) => optionIds.indexOf(o) !== i);
      if (duplicate) fail(`field "options": duplicate option id "${duplicate}"`);
      if (question.type === "single" && question.options?.some((o) => o.exclusive)) fail(`field "options": "exclusive" only makes sense in a multiple-choice question`);

      const offersUnsure = question.type === "yes-no-unsure" || optionIds.includes(UNSURE) || question.type === "country";
      if (offersUnsure && !question.unsureGuidance) fail(`field "unsureGuidance": a question that allows "unsure" must say what an unsure answer means and what to do`);
      if (question.records === "beneficial-potential" && question.type !== "text") fail(`field "records": only a text question can record the beneficial potential`);

      const allowed = allowedValues(question);
      for (const [value, factorIds] of Object.entries(question.factors ?? {})) {
        if (!allowed) fail(`field "factors": a ${question.type} question cannot feed risk factors through its answers`);
        if (!allowed!.includes(value)) fail(`field "factors.${value}": "${value}" is not an answer this question accepts`);
        const unknown = factorIds.find((factorId) => !ANSWER_FACTOR_IDS.has(factorId));
        if (unknown) fail(`field "factors.${value}": "${unknown}" is not a factor the risk model knows`);
      }

      if (question.showIf) checkCondition(question.showIf, label, question.id, sectionId);
      seenQuestions.set(question.id, question);
      questions.push(question);
    });
    sections.push({ ...parsed.data, questions } as Section);
  });

  return { format: top.data.format, version: top.data.version, title: top.data.title, updated: top.data.updated, sections };
}

// ── Evaluation ────────────────────────────────────────────────────────────────────────────

function asList(value: AnswerValue | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isAnswered(value: AnswerValue | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "string" && value.trim() !== "";
}

function liveMatches(hit: ScreeningHit): boolean {
  return hit.decision !== "false_positive";
}

export function evaluateCondition(condition: Condition, project: ProjectFacts, answers: Answers, taxonomy: TaxonomyLookup): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, project, answers, taxonomy));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, project, answers, taxonomy));
  if ("not" in condition) return !evaluateCondition(condition.not, project, answers, taxonomy);
  if ("answer" in condition) {
    const value = answers[condition.answer];
    if ("answered" in condition) return isAnswered(value) === condition.answered;
    if (value === undefined) return false;
    if ("equals" in condition) return !Array.isArray(value) && value === condition.equals;
    if ("in" in condition) return !Array.isArray(value) && condition.in.includes(value);
    if ("includes" in condition) return asList(value).includes(condition.includes);
    return asList(value).some((v) => condition.includesAny.includes(v));
  }
  switch (condition.fact) {
    case "trl":
      return (condition.atLeast === undefined || project.trl >= condition.atLeast) && (condition.atMost === undefined || project.trl <= condition.atMost);
    case "technologyArea":
      return project.technologyAreas.some((areaId) => {
        if (condition.in && !condition.in.includes(areaId)) return false;
        const area = taxonomy(areaId);
        const needsFacts =
          condition.surveillanceCapable !== undefined || condition.sensitivityAtLeast !== undefined ||
          condition.euHighestRisk !== undefined || condition.controlListed !== undefined;
        if (!needsFacts) return true;
        if (!area) return false;
        if (condition.surveillanceCapable !== undefined && area.surveillanceCapable !== condition.surveillanceCapable) return false;
        if (condition.euHighestRisk !== undefined && area.euHighestRisk !== condition.euHighestRisk) return false;
        if (condition.controlListed !== undefined && area.controlCategories.length > 0 !== condition.controlListed) return false;
        if (condition.sensitivityAtLeast !== undefined && sensitivityRank(area.sensitivity) < sensitivityRank(condition.sensitivityAtLeast)) return false;
        return true;
      });
    case "partners":
      return project.partners.length > 0 === condition.present;
    case "partnerKind":
      return project.partners.some((p) => condition.in.includes(p.kind));
    case "funderKind":
      return project.funders.some((f) => condition.in.includes(f.kind));
    case "partnerCountry":
      return project.partners.some((p) => p.country !== null && (!condition.in || condition.in.includes(p.country)));
    case "screeningMatch":
      return project.partners.some((p) => p.screening.some((hit) => liveMatches(hit) && (!condition.level || hit.level === condition.level)));
    case "previousAssessment":
      return (project.previousAssessment ?? false) === condition.equals;
  }
}

export type VisibleSection = { section: Section; questions: Question[] };

/**
 * Walks the questionnaire in order. A condition only ever sees answers to questions that are
 * themselves visible, so a stale answer to a question that has since disappeared cannot keep
 * other questions on screen.
 */
export function walkQuestionnaire(
  q: Questionnaire,
  project: ProjectFacts,
  answers: Answers,
  taxonomy: TaxonomyLookup,
): { sections: VisibleSection[]; effective: Answers } {
  const effective: Answers = {};
  const sections: VisibleSection[] = [];
  for (const section of q.sections) {
    if (section.showIf && !evaluateCondition(section.showIf, project, effective, taxonomy)) continue;
    const questions: Question[] = [];
    for (const question of section.questions) {
      if (question.showIf && !evaluateCondition(question.showIf, project, effective, taxonomy)) continue;
      questions.push(question);
      const value = answers[question.id];
      if (value !== undefined) effective[question.id] = value;
    }
    sections.push({ section, questions });
  }
  return { sections, effective };
}

export function visibleSections(q: Questionnaire, project: ProjectFacts, answers: Answers, taxonomy: TaxonomyLookup): Section[] {
  return walkQuestionnaire(q, project, answers, taxonomy).sections.map((s) => s.section);
}

/**
 * The section's questions that apply now. Answers to earlier sections are taken as given
 * (pass them through pruneAnswers first); inside the section, a hidden question's answer
 * does not open later questions.
 */
export function visibleQuestions(section: Section, project: ProjectFacts, answers: Answers, taxonomy: TaxonomyLookup): Question[] {
  const own = new Set(section.questions.map((question) => question.id));
  const seen: Answers = Object.fromEntries(Object.entries(answers).filter(([key]) => !own.has(key)));
  const visible: Question[] = [];
  for (const question of section.questions) {
    if (question.showIf && !evaluateCondition(question.showIf, project, seen, taxonomy)) continue;
    visible.push(question);
    const value = answers[question.id];
    if (value !== undefined) seen[question.id] = value;
  }
  return visible;
}

/** Drops answers to questions that are no longer visible (or no longer exist). */
export function pruneAnswers(q: Questionnaire, project: ProjectFacts, answers: Answers, taxonomy: TaxonomyLookup): Answers {
  return walkQuestionnaire(q, project, answers, taxonomy).effective;
}

// ── Validation of one section's form post ─────────────────────────────────────────────────

function parseOne(question: Question, raw: string | string[] | undefined): { value?: AnswerValue; error?: string } {
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== "");
  const missing = (): { error?: string } =>
    question.required
      ? { error: question.type === "multiple" ? "Choose at least one answer." : question.type === "yes-no-unsure" || question.type === "single" ? "Choose an answer." : question.type === "country" ? "Choose a country, or say you are not sure." : "Answer this question." }
      : {};

  switch (question.type) {
    case "yes-no-unsure":
    case "single": {
      if (values.length === 0) return missing();
      const allowed = allowedValues(question) ?? [];
      if (values.length > 1 || !allowed.includes(values[0]!)) return { error: "Choose one of the answers offered." };
      return { value: values[0]! };
    }
    case "multiple": {
      const chosen = [...new Set(values)];
      if (chosen.length === 0) return missing();
      const options = question.options ?? [];
      if (chosen.some((v) => !options.some((o) => o.id === v))) return { error: "Choose from the answers offered." };
      const exclusive = options.find((o) => o.exclusive && chosen.includes(o.id));
      if (exclusive && chosen.length > 1) return { error: `“${exclusive.label}” cannot be combined with other answers.` };
      // Keep the questionnaire's order so equal selections compare equal.
      return { value: options.filter((o) => chosen.includes(o.id)).map((o) => o.id) };
    }
    case "country": {
      if (values.length === 0) return missing();
      const code = values[0]!.toUpperCase();
      if (values.length > 1) return { error: "Choose one country." };
      if (values[0] === UNSURE) return { value: UNSURE };
      if (!isCountryCode(code)) return { error: "Choose a country from the list." };
      return { value: code };
    }
    case "organisation":
    case "text": {
      if (values.length === 0) return missing();
      const joined = values.join("\n");
      const max = maxLengthOf(question);
      if (joined.length > max) return { error: `Use at most ${max.toLocaleString("en-GB")} characters.` };
      return { value: joined };
    }
  }
}

/**
 * Server-side validation of one section's form post. Questions the post hides (by its own
 * answers or earlier ones) are dropped; visible required questions need an answer. Returns the
 * whole answer set with this section's answers replaced, and errors keyed by question id.
 */
export function validateSection(
  section: Section,
  project: ProjectFacts,
  answers: Answers,
  submitted: Record<string, string | string[]>,
  taxonomy: TaxonomyLookup,
): { answers: Answers; errors: Record<string, string> } {
  const own = new Set(section.questions.map((question) => question.id));
  const next: Answers = Object.fromEntries(Object.entries(answers).filter(([key]) => !own.has(key)));
  const errors: Record<string, string> = {};
  for (const question of section.questions) {
    if (question.showIf && !evaluateCondition(question.showIf, project, next, taxonomy)) continue;
    const { value, error } = parseOne(question, submitted[question.id]);
    if (error) errors[question.id] = error;
    else if (value !== undefined) next[question.id] = value;
  }
  return { answers: next, errors };
}

// ── Progress ──────────────────────────────────────────────────────────────────────────────

function sectionComplete(questions: Question[], answers: Answers): boolean {
  return questions.every((question) => !question.required || isAnswered(answers[question.id]));
}

export type Progress = { answered: number; total: number; sectionIndex: number; sectionCount: number; complete: boolean };

/** Counts visible questions only; the total grows when an answer opens a new section. */
export function progress(q: Questionnaire, project: ProjectFacts, answers: Answers, taxonomy: TaxonomyLookup): Progress {
  const { sections, effective } = walkQuestionnaire(q, project, answers, taxonomy);
  const all = sections.flatMap((s) => s.questions);
  const firstOpen = sections.findIndex((s) => !sectionComplete(s.questions, effective));
  return {
    answered: all.filter((question) => isAnswered(effective[question.id])).length,
    total: all.length,
    sectionIndex: firstOpen === -1 ? sections.length : firstOpen,
    sectionCount: sections.length,
    complete: firstOpen === -1,
  };
}

/** The first visible section with a required question still unanswered, or null when the assessment is complete. */
export function firstIncompleteSection(q: Questionnaire, project: ProjectFacts, answers: Answers, taxonomy: TaxonomyLookup): Section | null {
  const { sections, effective } = walkQuestionnaire(q, project, answers, taxonomy);
  return sections.find((s) => !sectionComplete(s.questions, effective))?.section ?? null;
}

/** The visible section after `currentSectionId` (given the answers so far), or null after the last one. */
export function nextSection(
  q: Questionnaire,
  project: ProjectFacts,
  answers: Answers,
  taxonomy: TaxonomyLookup,
  currentSectionId?: string,
): Section | null {
  const sections = visibleSections(q, project, answers, taxonomy);
  if (currentSectionId === undefined) return sections[0] ?? null;
  const order = q.sections.map((s) => s.id);
  const current = order.indexOf(currentSectionId);
  return sections.find((s) => order.indexOf(s.id) > current) ?? null;
}

export function findQuestion(q: Questionnaire, questionId: string): Question | undefined {
  for (const section of q.sections) {
    const found = section.questions.find((question) => question.id === questionId);
    if (found) return found;
  }
  return undefined;
}

/** The label of an answer, for explanations: the option's label, or the text itself. */
export function answerLabel(question: Question, value: string): string {
  if (question.type === "yes-no-unsure") return value === "yes" ? "Yes" : value === "no" ? "No" : "Not sure";
  if (question.type === "country" && value === UNSURE) return "Not sure";
  return question.options?.find((o) => o.id === value)?.label ?? value;
}

/** A lookup over a loaded technology taxonomy (the file itself is read by the server helper). */
export function createTaxonomyLookup(taxonomy: TechnologyTaxonomy): TaxonomyLookup {
  const byId = new Map<string, TaxonomyFacts>(
    taxonomy.areas.map((area) => [
      area.id,
      {
        label: area.label,
        surveillanceCapable: area.surveillanceCapable,
        sensitivity: area.sensitivity,
        euHighestRisk: area.euCriticalTechnology?.highestRisk ?? false,
        controlCategories: [...area.controlList.categories],
      },
    ]),
  );
  return (areaId) => byId.get(areaId);
}
