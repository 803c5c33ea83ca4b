// The rules of a case that need no database: due dates in working days, which status may
// follow which, and the CSV cells that spreadsheets must not mistake for formulas.
import type { CaseStatus } from "../../../db/schema/cases";
import { DEFAULT_DEADLINES, RANKED_SEVERITIES, SEVERITY_RANK } from "./labels";

export type Deadlines = Record<(typeof RANKED_SEVERITIES)[number], number>;

/** Adds working days (Monday to Friday) to a moment, keeping the time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  const at = new Date(from.getTime());
  let left = Math.max(0, Math.floor(days));
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return at;
}

export function rankOf(severity: string): number {
  return SEVERITY_RANK[severity] ?? 4;
}

export function severityOfRank(rank: number): (typeof RANKED_SEVERITIES)[number] {
  return RANKED_SEVERITIES[rank] ?? "info";
}

export function deadlineFor(deadlines: Partial<Deadlines> | null | undefined, severity: string): number {
  const key = severityOfRank(rankOf(severity));
  return deadlines?.[key] ?? DEFAULT_DEADLINES[key];
}

/** The statuses a case may move to by an officer's plain status change (decisions and questions have their own verbs). */
const manualTransitions: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ["in_review"],
  in_review: ["new"],
  waiting_for_researcher: ["in_review"],
  escalated: ["in_review"],
  closed: [],
};

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return manualTransitions[from].includes(to);
}

/** The statuses a status change to `to` may start from. */
export function sourcesOf(to: CaseStatus): CaseStatus[] {
  return (Object.keys(manualTransitions) as CaseStatus[]).filter((from) => manualTransitions[from].includes(to));
}

export function isOverdue(dueAt: Date, status: CaseStatus, now: Date): boolean {
  return status !== "closed" && dueAt.getTime() < now.getTime();
}

/** Days between two moments, rounded down; for "age" columns. */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
