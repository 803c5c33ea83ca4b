// Reads the shipped triage rule sets from content/rules/baseline-<n>.json, validated against the
// current questionnaire and the technology taxonomy, once per process.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../../lib/paths.server";
import { loadQuestionnaire } from "../assessment/questionnaire.server";
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { knownQuestionsOf, parseRuleSet, RuleSetError } from "./rules";
import type { RuleSet } from "./rules";

const cache = new Map<string, RuleSet>();

export function rulesDir(): string {
  return projectPath("content", "rules");
}

const BASELINE_FILE = /^(baseline-([0-9]+))\.json$/;

/** The baseline versions shipped, oldest first, e.g. ["baseline-1", "baseline-2"]. */
export function baselineVersions(dir = rulesDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => BASELINE_FILE.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[2]) - Number(b[2]))
    .map((match) => match[1]!);
}

/** Parses one rule-set file; its version must match its file name. */
export function readRuleSetFile(file: string): RuleSet {
  const name = path.basename(file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new RuleSetError(`${name}: cannot be read as JSON (${(error as Error).message})`, name);
  }
  const questions = knownQuestionsOf(loadQuestionnaire());
  const areas = new Set(loadTechnologyTaxonomy().areas.map((area) => area.id));
  const ruleSet = parseRuleSet(data, name, questions, { areas });
  if (`${ruleSet.version}.json` !== name) {
    throw new RuleSetError(`${name}: top level, field "version": says "${ruleSet.version}" but the file is named ${name}`, name, null, "version");
  }
  return ruleSet;
}

// The rule sets ship with the release: the newest is looked up once, not on every triage.
let newestShipped: string | undefined;

/** A shipped baseline by version ("baseline-1"), or the newest one. */
export function loadBaselineRuleSet(version?: string): RuleSet {
  const wanted = version ?? (newestShipped ??= baselineVersions().at(-1));
  if (!wanted) throw new RuleSetError("No baseline rule set is shipped in content/rules/.", "content/rules");
  if (!/^baseline-[0-9]+$/.test(wanted)) throw new RuleSetError(`There is no baseline rule set "${wanted}".`, `${wanted}.json`);
  const cached = cache.get(wanted);
  if (cached) return cached;
  const file = path.join(rulesDir(), `${wanted}.json`);
  if (!existsSync(file)) throw new RuleSetError(`There is no baseline rule set "${wanted}".`, `${wanted}.json`);
  const ruleSet = readRuleSetFile(file);
  cache.set(wanted, ruleSet);
  return ruleSet;
}
