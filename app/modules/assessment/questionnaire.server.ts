// Reads the shipped questionnaires from content/questionnaires/<version>.json, validated and
// cross-checked against the technology taxonomy, once per process.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../../lib/paths.server";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { conditionAreaIds, parseQuestionnaire, QuestionnaireError } from "./questionnaire";
import type { Condition, Questionnaire } from "./questionnaire";

const cache = new Map<string, Questionnaire>();

export function questionnairesDir(): string {
  return projectPath("content", "questionnaires");
}

function versionNumber(version: string): number {
  return Number(version.slice(1));
}

/** The versions shipped, oldest first, e.g. ["v1", "v2"]. */
export function questionnaireVersions(dir = questionnairesDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^(v[0-9]+)\.json$/.exec(name)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort((a, b) => versionNumber(a) - versionNumber(b));
}

export function latestQuestionnaireVersion(dir = questionnairesDir()): string {
  const versions = questionnaireVersions(dir);
  const latest = versions[versions.length - 1];
  if (!latest) throw new QuestionnaireError("No questionnaire is shipped in content/questionnaires/.", "content/questionnaires");
  return latest;
}

/** Parses one questionnaire file; also checks that the file name matches its version and that areas named in conditions exist. */
export function readQuestionnaireFile(file: string): Questionnaire {
  const name = path.basename(file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new QuestionnaireError(`${name}: cannot be read as JSON (${(error as Error).message})`, name);
  }
  const questionnaire = parseQuestionnaire(data, name);
  if (`${questionnaire.version}.json` !== name) {
    throw new QuestionnaireError(`${name}: top level, field "version": says "${questionnaire.version}" but the file is named ${name}`, name);
  }
  const known = new Set(loadTechnologyTaxonomy().areas.map((a) => a.id));
  const check = (condition: Condition | undefined, questionId: string | null, sectionId: string) => {
    const unknown = condition ? conditionAreaIds(condition).find((id) => !known.has(id)) : undefined;
    if (unknown) {
      const where = questionId ? `question "${questionId}" (section "${sectionId}")` : `section "${sectionId}"`;
      throw new QuestionnaireError(`${name}: ${where}, field "showIf": technology area "${unknown}" is not in the taxonomy`, name, questionId, sectionId);
    }
  };
  for (const section of questionnaire.sections) {
    check(section.showIf, null, section.id);
    for (const question of section.questions) check(question.showIf, question.id, section.id);
  }
  return questionnaire;
}

/** A shipped questionnaire by version ("v1"), or the newest one. */
export function loadQuestionnaire(version?: string): Questionnaire {
  const wanted = version ?? latestQuestionnaireVersion();
  if (!/^v[0-9]+$/.test(wanted)) throw new QuestionnaireError(`There is no questionnaire version "${wanted}".`, `${wanted}.json`);
  const cached = cache.get(wanted);
  if (cached) return cached;
  const file = path.join(questionnairesDir(), `${wanted}.json`);
  if (!existsSync(file)) throw new QuestionnaireError(`There is no questionnaire version "${wanted}".`, `${wanted}.json`);
  const questionnaire = readQuestionnaireFile(file);
  cache.set(wanted, questionnaire);
  return questionnaire;
}
