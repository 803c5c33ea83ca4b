// The upstream.projects/v1 file format: projects with their answers, assessed from a file
// without storing anything (for batch checks, tests and other systems). Pure: the questionnaire,
// taxonomy, country context and screening come in as dependencies.
import { z } from "zod";
import { isCountryCode } from "../reference/countries";
import { assessRisk } from "../risk/model";
import type { CountryContext, RiskProfile } from "../risk/model";
import { FUNDER_KINDS, PARTNER_KINDS, evaluateCondition, progress, validateSection } from "./questionnaire";
import type { Answers, ProjectFacts, Questionnaire, TaxonomyLookup } from "./questionnaire";

export const PROJECTS_FORMAT = "upstream.projects/v1";
export const MAX_PROJECTS = 1000;

const country = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be a two-letter ISO 3166-1 code in capitals, e.g. \"DE\"")
  .refine(isCountryCode, "is not an ISO 3166-1 country code")
  .nullable();

const answerValue = z.union([z.string().max(5000), z.array(z.string().max(200)).max(50)]);

export const projectInputSchema = z
  .object({
    externalId: z.string().trim().min(1).max(100).optional(),
    /** For imports: the e-mail address of the project's principal investigator, a researcher of the institution. */
    principalInvestigator: z.email().max(254).optional(),
    title: z.string().trim().min(3).max(200),
    // The same limits as the project form, so an imported project can be saved again as it is.
    summary: z.string().trim().min(20).max(3000),
    field: z.string().trim().min(2).max(120),
    technologyAreas: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a technology-area id such as \"pure-mathematics\"")).min(1).max(8),
    trl: z.number().int().min(1).max(9),
    partners: z
      .array(
        z
          .object({
            name: z.string().trim().min(2).max(300),
            country,
            kind: z.enum(PARTNER_KINDS),
            role: z.string().trim().min(2).max(300),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    funders: z
      .array(z.object({ name: z.string().trim().min(2).max(300), country, kind: z.enum(FUNDER_KINDS) }).strict())
      .max(50)
      .default([]),
    previousAssessment: z.boolean().optional(),
    institutionCountry: country.optional(),
    answers: z.record(z.string(), answerValue).default({}),
  })
  .strict();

export type ProjectInput = z.infer<typeof projectInputSchema>;

const fileShape = z
  .object({
    format: z.literal(PROJECTS_FORMAT, { message: `must be "${PROJECTS_FORMAT}"` }),
    projects: z.array(z.unknown()).min(1, "needs at least one project").max(MAX_PROJECTS, `at most ${MAX_PROJECTS} projects per file`),
  })
  .strict();

export class ProjectsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ProjectsFileError";
  }
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0]!;
  const where = issue.path.length ? `field "${issue.path.map(String).join(".")}"` : "(whole item)";
  return `${where}: ${issue.message}`;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every string in the document without control characters or broken Unicode, as the forms store them. */
function cleanStrings(value: unknown): unknown {
  if (typeof value === "string") return value.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROL, "");
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)]));
  return value;
}

/** Parses and validates a projects file; every malformed project is reported by position and title. */
export function parseProjectsFile(text: string): { projects: ProjectInput[] } {
  let data: unknown;
  try {
    data = cleanStrings(JSON.parse(text));
  } catch (error) {
    throw new ProjectsFileError([`The file is not valid JSON (${(error as Error).message}).`]);
  }
  const top = fileShape.safeParse(data);
  if (!top.success) throw new ProjectsFileError([`top level, ${describe(top.error.issues)}`]);
  const problems: string[] = [];
  const projects: ProjectInput[] = [];
  top.data.projects.forEach((raw, index) => {
    const title = typeof raw === "object" && raw !== null && "title" in raw && typeof raw.title === "string" ? ` ("${raw.title.slice(0, 80)}")` : "";
    const parsed = projectInputSchema.safeParse(raw);
    if (parsed.success) projects.push(parsed.data);
    else problems.push(`project ${index + 1}${title}, ${describe(parsed.error.issues)}`);
  });
  if (problems.length) throw new ProjectsFileError(problems);
  return { projects };
}

export type ProjectAssessment = {
  index: number;
  externalId: string | null;
  title: string;
  profile: RiskProfile;
  complete: boolean;
  /** Answers that were refused or ignored, and required questions left open. */
  problems: { questionId: string; message: string }[];
};

export type AssessProjectsDeps = {
  questionnaire: Questionnaire;
  taxonomy: TaxonomyLookup;
  countries: CountryContext;
  screen: (name: string, country: string | null) => ProjectFacts["partners"][number]["screening"];
};

/** The facts the model reads, with each partner screened; a file never carries team members. */
export function projectFactsFromInput(input: ProjectInput, screen: AssessProjectsDeps["screen"]): ProjectFacts {
  return {
    title: input.title,
    summary: input.summary,
    field: input.field,
    technologyAreas: input.technologyAreas,
    trl: input.trl,
    funders: input.funders,
    partners: input.partners.map((p) => ({ ...p, screening: screen(p.name, p.country) })),
    team: [],
    previousAssessment: input.previousAssessment ?? false,
    institutionCountry: input.institutionCountry ?? null,
  };
}

/**
 * Assesses each project as the portal would: answers pass the same per-page validation as the
 * form, so a refused or hidden answer never counts, and every such case is reported.
 */
export function assessProjects(projects: ProjectInput[], deps: AssessProjectsDeps): ProjectAssessment[] {
  const { questionnaire, taxonomy, countries } = deps;
  const known = new Set(questionnaire.sections.flatMap((s) => s.questions.map((q) => q.id)));
  return projects.map((input, index) => {
    const facts = projectFactsFromInput(input, deps.screen);
    const problems: ProjectAssessment["problems"] = [];
    for (const area of input.technologyAreas) {
      if (!taxonomy(area)) problems.push({ questionId: "technologyAreas", message: `"${area}" is not a technology area of the taxonomy; it was ignored.` });
    }
    for (const questionId of Object.keys(input.answers)) {
      if (!known.has(questionId)) problems.push({ questionId, message: `There is no question "${questionId}" in questionnaire ${questionnaire.version}.` });
    }

    let answers: Answers = {};
    for (const section of questionnaire.sections) {
      if (section.showIf && !evaluateCondition(section.showIf, facts, answers, taxonomy)) continue;
      const submitted = Object.fromEntries(section.questions.filter((q) => Object.hasOwn(input.answers, q.id)).map((q) => [q.id, input.answers[q.id]!]));
      const result = validateSection(section, facts, answers, submitted, taxonomy);
      answers = result.answers;
      for (const [questionId, message] of Object.entries(result.errors)) problems.push({ questionId, message });
    }
    for (const questionId of Object.keys(input.answers)) {
      if (known.has(questionId) && !(questionId in answers) && !problems.some((p) => p.questionId === questionId)) {
        problems.push({ questionId, message: "Not asked for this project (an earlier answer or a project fact hides it); the answer was ignored." });
      }
    }

    return {
      index,
      externalId: input.externalId ?? null,
      title: input.title,
      profile: assessRisk(facts, answers, questionnaire, taxonomy, countries),
      complete: progress(questionnaire, facts, answers, taxonomy).complete,
      problems,
    };
  });
}
