// The what-if comparison of two triage runs over the same portfolio (for example before and after
// an institution changes its tuning): which flags would appear, disappear or change severity.
import type { FlagResult } from "./evaluate";
import type { Severity } from "./rules";

export type FlagChange = { projectId: number; ruleId: string; severity: Severity };
export type SeverityChange = { projectId: number; ruleId: string; from: Severity; to: Severity };
export type RuleDiffSummary = { ruleId: string; appear: number; disappear: number; severityChanged: number };

export type FlagDiff = {
  appear: FlagChange[];
  disappear: FlagChange[];
  severityChanged: SeverityChange[];
  /** One line per rule with any change, sorted by rule id. */
  byRule: RuleDiffSummary[];
};

function bySeverity(flags: FlagResult[] | undefined): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const flag of flags ?? []) if (!out.has(flag.ruleId)) out.set(flag.ruleId, flag.severity);
  return out;
}

const order = (a: { projectId: number; ruleId: string }, b: { projectId: number; ruleId: string }) =>
  a.projectId - b.projectId || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

/** A project missing from one side counts as having no flags there. */
export function diffFlags(before: ReadonlyMap<number, FlagResult[]>, after: ReadonlyMap<number, FlagResult[]>): FlagDiff {
  const appear: FlagChange[] = [];
  const disappear: FlagChange[] = [];
  const severityChanged: SeverityChange[] = [];
  const projectIds = new Set([...before.keys(), ...after.keys()]);
  for (const projectId of projectIds) {
    const was = bySeverity(before.get(projectId));
    const now = bySeverity(after.get(projectId));
    for (const [ruleId, severity] of now) {
      const previous = was.get(ruleId);
      if (previous === undefined) appear.push({ projectId, ruleId, severity });
      else if (previous !== severity) severityChanged.push({ projectId, ruleId, from: previous, to: severity });
    }
    for (const [ruleId, severity] of was) if (!now.has(ruleId)) disappear.push({ projectId, ruleId, severity });
  }
  appear.sort(order);
  disappear.sort(order);
  severityChanged.sort(order);

  const summary = new Map<string, RuleDiffSummary>();
  const line = (ruleId: string) => {
    const existing = summary.get(ruleId);
    if (existing) return existing;
    const created = { ruleId, appear: 0, disappear: 0, severityChanged: 0 };
    summary.set(ruleId, created);
    return created;
  };
  for (const change of appear) line(change.ruleId).appear++;
  for (const change of disappear) line(change.ruleId).disappear++;
  for (const change of severityChanged) line(change.ruleId).severityChanged++;
  const byRule = [...summary.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { appear, disappear, severityChanged, byRule };
}
