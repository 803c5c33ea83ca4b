// Owns the compliance office's dashboard figures: the open caseload by severity and age,
// deadlines kept and missed, how long decisions take, what was decided, which rules raise
// flags that end in "no concern", and the shape of the project portfolio. A few aggregate
// queries, each filtered by the officer's institution through an index that leads with it.
import type { DecisionKind } from "../../../db/schema/cases";
import type { Actor } from "../auth/actor";
import type { Db } from "../db.server";
import { ForbiddenError } from "../errors";
import { areaLabel } from "../projects/projects.server";
import { DECISION_KINDS, decisionLabels, RANKED_SEVERITIES } from "./labels";
import { median, severityOfRank } from "./policy";

export type Severity = (typeof RANKED_SEVERITIES)[number];

const DAY_MS = 86_400_000;
/** How far back the figures about closed cases and decisions look. */
export const LOOKBACK_DAYS = 365;
export const RULE_ROWS = 15;
export const AREA_ROWS = 15;
export const TRL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** Ages of open cases, in whole days since they opened (as the queue's "age" column counts them). */
export const AGE_BUCKETS = [
  { id: "0-7", label: "0 to 7 days" },
  { id: "8-30", label: "8 to 30 days" },
  { id: "31-90", label: "31 to 90 days" },
  { id: "over-90", label: "Over 90 days" },
] as const;

/** Decisions that took effect: in force now, or in force until the case was reopened. */
const EFFECTIVE_DECISION = "d.status in ('in_force', 'reopened')";

export type OfficeDashboard = {
  lookbackDays: number;
  totals: { openCases: number; projects: number };
  openBySeverityAndAge: {
    buckets: { id: string; label: string }[];
    /** One row per severity, most severe first; `counts` follows `buckets`. */
    rows: { severity: Severity; counts: number[]; total: number }[];
  };
  breaches: { openOverdue: number; closedLate: number; closedOnTime: number };
  timeToDecision: {
    /** Median whole days from a case opening to its decision taking effect; null without decisions. */
    medianDays: number | null;
    count: number;
    bySeverity: { severity: Severity; medianDays: number | null; count: number }[];
  };
  decisionsByKind: { kind: DecisionKind; label: string; count: number }[];
  rules: { ruleId: string; title: string; open: number; noConcern: number; decided: number; noConcernShare: number | null }[];
  projectsByArea: { areaId: string; label: string; count: number }[];
  projectsByTrl: { trl: number; count: number }[];
};

export function officeDashboard(database: Db, actor: Actor, now = new Date()): OfficeDashboard {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  const institutionId = actor.institutionId;
  const sqlite = database.$client;
  const nowMs = now.getTime();
  const since = nowMs - LOOKBACK_DAYS * DAY_MS;

  // --- open cases by severity and age (cases_queue_idx) ---
  // A case is in a bucket while its age in whole days is at most the bucket's limit, so
  // "0 to 7 days" means it opened less than 8 days ago.
  const ageRows = sqlite
    .prepare(
      `select severity_rank as rank,
         case when opened_at > @upTo7 then 0 when opened_at > @upTo30 then 1 when opened_at > @upTo90 then 2 else 3 end as bucket,
         count(*) as n
       from cases
       where institution_id = @institutionId and is_open = 1
       group by rank, bucket`,
    )
    .all({ institutionId, upTo7: nowMs - 8 * DAY_MS, upTo30: nowMs - 31 * DAY_MS, upTo90: nowMs - 91 * DAY_MS }) as { rank: number; bucket: number; n: number }[];
  const openRows = RANKED_SEVERITIES.map((severity) => ({ severity, counts: AGE_BUCKETS.map(() => 0), total: 0 }));
  for (const row of ageRows) {
    const target = openRows[RANKED_SEVERITIES.indexOf(severityOfRank(row.rank))]!;
    target.counts[row.bucket] = (target.counts[row.bucket] ?? 0) + row.n;
    target.total += row.n;
  }
  const openCases = openRows.reduce((sum, row) => sum + row.total, 0);

  // --- deadlines (cases_due_idx, cases_closed_idx) ---
  const overdue = sqlite.prepare("select count(*) as n from cases where institution_id = ? and is_open = 1 and due_at < ?").get(institutionId, nowMs) as { n: number };
  const closed = sqlite
    .prepare(
      `select coalesce(sum(closed_at > due_at), 0) as late, coalesce(sum(closed_at <= due_at), 0) as onTime
       from cases
       where institution_id = ? and closed_at > ? and closed_at <= ? and is_open = 0`,
    )
    .get(institutionId, since, nowMs) as { late: number; onTime: number };

  // --- decisions that took effect: how long they took, and of which kind (case_decisions_institution_idx) ---
  // Counted in whole days, rounded down (as daysBetween counts them), and grouped in SQL, so a
  // year of decisions comes back as a few hundred rows rather than one row per decision.
  const decisionGroups = sqlite
    .prepare(
      `select d.kind as kind, c.severity_rank as rank, max(0, (d.confirmed_at - c.opened_at) / ${DAY_MS}) as days, count(*) as n
       from case_decisions d
       join cases c on c.id = d.case_id and c.institution_id = d.institution_id
       where d.institution_id = ? and ${EFFECTIVE_DECISION} and d.confirmed_at > ? and d.confirmed_at <= ?
       group by d.kind, c.severity_rank, days`,
    )
    .all(institutionId, since, nowMs) as { kind: string; rank: number; days: number; n: number }[];
  const daysBySeverity = new Map<Severity, number[]>(RANKED_SEVERITIES.map((s) => [s, []]));
  const allDays: number[] = [];
  const kindCounts = new Map<string, number>();
  for (const group of decisionGroups) {
    kindCounts.set(group.kind, (kindCounts.get(group.kind) ?? 0) + group.n);
    const forSeverity = daysBySeverity.get(severityOfRank(group.rank))!;
    for (let i = 0; i < group.n; i++) {
      allDays.push(group.days);
      forSeverity.push(group.days);
    }
  }

  // --- rules: open flags, and how often their cases ended in "no concern" (flags_institution_rule_idx) ---
  const ruleFlags = sqlite
    .prepare(
      `select rule_id as ruleId, max(title) as title, coalesce(sum(status = 'open'), 0) as open
       from flags
       where institution_id = ?
       group by rule_id`,
    )
    .all(institutionId) as { ruleId: string; title: string; open: number }[];
  // Decided cases whose project carried a flag of the rule before a decision took effect. A
  // project has at most one flag per rule, so each (case, rule) pair is counted once: a case is
  // "decided" for the rule if any decision came after the flag, "no concern" if such a
  // decision was one.
  const ruleOutcomes = sqlite
    .prepare(
      `with decided as (
         select c.project_id as projectId,
           max(d.confirmed_at) as lastDecidedAt,
           max(case when d.kind = 'no_concern' then d.confirmed_at end) as lastNoConcernAt
         from case_decisions d
         join cases c on c.id = d.case_id and c.institution_id = d.institution_id
         where d.institution_id = @institutionId and ${EFFECTIVE_DECISION} and d.confirmed_at > @since and d.confirmed_at <= @now
         group by d.case_id
       )
       select f.rule_id as ruleId, coalesce(sum(f.opened_at <= x.lastNoConcernAt), 0) as noConcern, count(*) as decided
       from decided x
       join flags f on f.institution_id = @institutionId and f.project_id = x.projectId and f.opened_at <= x.lastDecidedAt
       group by f.rule_id`,
    )
    .all({ institutionId, since, now: nowMs }) as { ruleId: string; noConcern: number; decided: number }[];
  const outcomes = new Map(ruleOutcomes.map((r) => [r.ruleId, r]));
  const rules = ruleFlags
    .map((flag) => {
      const outcome = outcomes.get(flag.ruleId);
      const noConcern = outcome?.noConcern ?? 0;
      const decidedCases = outcome?.decided ?? 0;
      return { ruleId: flag.ruleId, title: flag.title, open: flag.open, noConcern, decided: decidedCases, noConcernShare: decidedCases > 0 ? noConcern / decidedCases : null };
    })
    .sort((a, b) => b.noConcern - a.noConcern || b.open - a.open || a.ruleId.localeCompare(b.ruleId))
    .slice(0, RULE_ROWS);

  // --- the portfolio (an index on projects that leads with institution_id, then each project's areas by key) ---
  const areaRows = sqlite
    .prepare(
      `select a.area_id as areaId, count(*) as n
       from projects p
       join project_technology_areas a on a.project_id = p.id
       where p.institution_id = ?
       group by a.area_id
       order by n desc, a.area_id
       limit ?`,
    )
    .all(institutionId, AREA_ROWS) as { areaId: string; n: number }[];
  const trlRows = sqlite.prepare("select trl, count(*) as n from projects where institution_id = ? group by trl").all(institutionId) as { trl: number; n: number }[];
  const trlCounts = new Map(trlRows.map((r) => [r.trl, r.n]));

  return {
    lookbackDays: LOOKBACK_DAYS,
    totals: { openCases, projects: trlRows.reduce((sum, r) => sum + r.n, 0) },
    openBySeverityAndAge: { buckets: AGE_BUCKETS.map((bucket) => ({ ...bucket })), rows: openRows },
    breaches: { openOverdue: overdue.n, closedLate: closed.late, closedOnTime: closed.onTime },
    timeToDecision: {
      medianDays: median(allDays),
      count: allDays.length,
      bySeverity: RANKED_SEVERITIES.map((severity) => {
        const days = daysBySeverity.get(severity)!;
        return { severity, medianDays: median(days), count: days.length };
      }),
    },
    decisionsByKind: DECISION_KINDS.map((kind) => ({ kind, label: decisionLabels[kind], count: kindCounts.get(kind) ?? 0 })),
    rules,
    projectsByArea: areaRows.map((r) => ({ areaId: r.areaId, label: areaLabel(r.areaId), count: r.n })),
    projectsByTrl: TRL_LEVELS.map((trl) => ({ trl, count: trlCounts.get(trl) ?? 0 })),
  };
}
