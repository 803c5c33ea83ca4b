// Project facts and a walker that answers the questionnaire like a researcher would, page by
// page, for the questionnaire and risk-model tests.
import type { AnswerValue, Answers, ProjectFacts, Question, Questionnaire, TaxonomyLookup } from "../questionnaire";
import { firstIncompleteSection, validateSection, visibleQuestions, pruneAnswers } from "../questionnaire";

export function project(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    title: "On the distribution of prime gaps",
    summary: "Bounds on gaps between consecutive primes using sieve methods.",
    field: "Number theory",
    technologyAreas: ["pure-mathematics"],
    trl: 1,
    funders: [{ name: "National Science Foundation of Examplia", country: "NL", kind: "public" }],
    partners: [],
    team: [{ name: "Ada Example", role: "Principal investigator" }],
    ...overrides,
  };
}

export type Answerer = (question: Question) => AnswerValue | undefined;

/** Answers every visible question section by section, through the same validation a form post gets. */
export function walk(
  q: Questionnaire,
  facts: ProjectFacts,
  taxonomy: TaxonomyLookup,
  answerer: Answerer,
): { answers: Answers; asked: string[]; sections: string[] } {
  let answers: Answers = {};
  const asked: string[] = [];
  const sections: string[] = [];
  for (let guard = 0; guard < 50; guard++) {
    const section = firstIncompleteSection(q, facts, answers, taxonomy);
    if (!section) break;
    sections.push(section.id);
    const submitted: Record<string, string | string[]> = {};
    // Answer in order: an answer can open a later question of the same page.
    for (let pass = 0; pass < section.questions.length; pass++) {
      const current = { ...answers, ...submitted } as Answers;
      for (const question of visibleQuestions(section, facts, current, taxonomy)) {
        if (question.id in submitted) continue;
        const value = answerer(question);
        if (value !== undefined) submitted[question.id] = value;
      }
    }
    const result = validateSection(section, facts, answers, submitted, taxonomy);
    if (Object.keys(result.errors).length) throw new Error(`${section.id}: ${JSON.stringify(result.errors)}`);
    asked.push(...visibleQuestions(section, facts, result.answers, taxonomy).map((question) => question.id));
    answers = pruneAnswers(q, facts, result.answers, taxonomy);
  }
  return { answers, asked, sections };
}

/** The calm answer to anything: no, the first option, nothing of concern. */
export function benignAnswer(question: Question): AnswerValue | undefined {
  const table: Record<string, AnswerValue> = {
    "research-type": "basic",
    "publication-intent": "open",
    "beneficial-potential": "Sharper bounds on prime gaps, useful across number theory.",
  };
  if (question.id in table) return table[question.id];
  if (question.type === "yes-no-unsure") return "no";
  if (!question.required) return undefined;
  if (question.type === "single") return question.options![0]!.id;
  if (question.type === "multiple") return [question.options!.find((o) => o.exclusive)?.id ?? question.options![0]!.id];
  return undefined;
}
