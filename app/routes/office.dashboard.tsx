// The compliance office's dashboard: the caseload, deadlines, decisions, rules and portfolio
// at a glance, each picture with its numbers beside it.
import { Link } from "react-router";
import type { Route } from "./+types/office.dashboard";
import { BarChart, formatCount, plural, StackedBarChart } from "~/components/charts";
import { PageHeader } from "~/components/ui";
import { guardLoader, requireActor } from "~/lib/http.server";
import { officeDashboard } from "~/modules/cases/dashboard.server";
import { db } from "~/modules/db.server";

export function meta() {
  return [{ title: "Dashboard – Compliance office – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["officer"]);
  return officeDashboard(db(), actor);
});

function days(value: number) {
  return `${value.toLocaleString("en-GB", { maximumFractionDigits: 1 })} ${value === 1 ? "day" : "days"}`;
}

function percent(share: number | null) {
  return share === null ? "–" : `${Math.round(share * 100)}%`;
}

function capitalised(word: string) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The largest rows, named, for a chart's one-sentence summary. */
function leaders(rows: { label: string; count: number }[], take = 2) {
  return [...rows]
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, take)
    .map((row) => `${row.label} (${formatCount(row.count)})`)
    .join(", then ");
}

const AGE_TONES = ["tone-age-0", "tone-age-1", "tone-age-2", "tone-age-3"];

export default function OfficeDashboard({ loaderData }: Route.ComponentProps) {
  const { totals, openBySeverityAndAge, breaches, timeToDecision, decisionsByKind, rules, projectsByArea, projectsByTrl, lookbackDays } = loaderData;
  const period = lookbackDays === 365 ? "the last 12 months" : `the last ${lookbackDays} days`;
  const oldest = openBySeverityAndAge.rows.reduce((sum, row) => sum + (row.counts[openBySeverityAndAge.buckets.length - 1] ?? 0), 0);
  const closedCount = breaches.closedLate + breaches.closedOnTime;
  const decisionCount = decisionsByKind.reduce((sum, row) => sum + row.count, 0);

  return (
    <>
      <PageHeader
        title="Office dashboard"
        lead="Your institution's cases, deadlines, decisions, rules and projects at a glance. Every picture has its numbers beside it."
        back={{ to: "/office", label: "Compliance office" }}
      />

      <h2>At a glance</h2>
      <dl className="dashboard-figures">
        <div>
          <dt>Open cases</dt>
          <dd>
            <Link to="/office/cases">{formatCount(totals.openCases)}</Link>
          </dd>
        </div>
        <div>
          <dt>Past their due date</dt>
          <dd>{breaches.openOverdue > 0 ? <Link to="/office/cases?overdue=1">{formatCount(breaches.openOverdue)}</Link> : "0"}</dd>
        </div>
        <div>
          <dt>Median time to a decision</dt>
          <dd>{timeToDecision.medianDays === null ? "None yet" : days(timeToDecision.medianDays)}</dd>
        </div>
        <div>
          <dt>Projects</dt>
          <dd>
            <Link to="/office/projects">{formatCount(totals.projects)}</Link>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="open-cases">
        <h2 id="open-cases">Open cases by severity and age</h2>
        <StackedBarChart
          caption="Open cases by severity, split by how long they have been open"
          summary={`${plural(totals.openCases, "open case")}: ${openBySeverityAndAge.rows
            .filter((row) => row.total > 0)
            .map((row) => `${formatCount(row.total)} ${row.severity}`)
            .join(", ")}; ${oldest === 1 ? "1 has" : `${formatCount(oldest)} have`} been open for over 90 days.`}
          labelHeading="Severity"
          series={openBySeverityAndAge.buckets.map((bucket, i) => ({ label: bucket.label, tone: AGE_TONES[i] ?? "tone-brand" }))}
          rows={openBySeverityAndAge.rows.map((row) => ({ label: capitalised(row.severity), values: row.counts, href: `/office/cases?severity=${row.severity}` }))}
          totalHeading="Open cases"
          emptyText="No open cases. A case opens when triage raises a flag on a project."
        />
        <p>
          <Link to="/office/cases">See the case queue</Link>
        </p>
      </section>

      <section aria-labelledby="deadlines">
        <h2 id="deadlines">Deadlines</h2>
        <p>
          {breaches.openOverdue === 0 ? (
            "No open case is past its due date."
          ) : (
            <>
              {breaches.openOverdue === 1 ? "1 open case is" : `${formatCount(breaches.openOverdue)} open cases are`} past their due date.{" "}
              <Link to="/office/cases?overdue=1">See the overdue cases</Link>
            </>
          )}
        </p>
        <BarChart
          caption={`Cases closed in ${period}: on time and late`}
          summary={`Of ${plural(closedCount, "case")} closed in ${period}, ${formatCount(breaches.closedOnTime)} closed on time and ${formatCount(breaches.closedLate)} after the due date.`}
          labelHeading="Closed"
          valueHeading="Cases"
          extraHeadings={["Share"]}
          rows={[
            { label: "On time", value: breaches.closedOnTime, tone: "tone-on-time", extra: [percent(closedCount ? breaches.closedOnTime / closedCount : null)] },
            { label: "After the due date", value: breaches.closedLate, tone: "tone-late", extra: [percent(closedCount ? breaches.closedLate / closedCount : null)] },
          ]}
          emptyText={`No case was closed in ${period}.`}
        />
        <p>
          <Link to="/office/cases/deadlines">Set the deadlines per severity</Link>
        </p>
      </section>

      <section aria-labelledby="time-to-decision">
        <h2 id="time-to-decision">Time to a decision</h2>
        <p>
          {timeToDecision.medianDays === null
            ? `No decision took effect in ${period}.`
            : `Half of the ${plural(timeToDecision.count, "decision")} that took effect in ${period} did so within ${days(timeToDecision.medianDays)} of the case opening.`}
        </p>
        <BarChart
          caption={`Median time from a case opening to its decision taking effect, by severity, over ${period}`}
          summary={`The median time to a decision is ${timeToDecision.medianDays === null ? "unknown" : days(timeToDecision.medianDays)}; by severity: ${timeToDecision.bySeverity
            .filter((row) => row.medianDays !== null)
            .map((row) => `${row.severity} ${days(row.medianDays!)}`)
            .join(", ")}.`}
          labelHeading="Severity"
          valueHeading="Median time"
          extraHeadings={["Decisions"]}
          rows={timeToDecision.bySeverity.map((row) => ({
            label: capitalised(row.severity),
            value: row.medianDays ?? 0,
            valueText: row.medianDays === null ? "none" : days(row.medianDays),
            tone: `tone-${row.severity}`,
            extra: [formatCount(row.count)],
          }))}
          empty={timeToDecision.count === 0}
          emptyText="The chart appears once decisions have taken effect."
        />
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">Decisions by kind</h2>
        <BarChart
          caption={`Decisions that took effect in ${period}, by kind`}
          summary={`${plural(decisionCount, "decision")} took effect in ${period}; the most common: ${leaders(decisionsByKind) || "none"}.`}
          labelHeading="Decision"
          valueHeading="Decisions"
          rows={decisionsByKind.map((row) => ({ label: row.label, value: row.count }))}
          emptyText={`No decision took effect in ${period}.`}
        />
      </section>

      <section aria-labelledby="rules">
        <h2 id="rules">Rules and their false alarms</h2>
        <p>
          For each rule: its open flags, and how many decided cases with one of its flags ended in “no concern” in {period}. A rule whose flags mostly end in no concern may need
          tuning.
        </p>
        <StackedBarChart
          caption={`Decided cases per rule in ${period}: no concern and other decisions`}
          summary={
            rules.some((rule) => rule.noConcern > 0)
              ? `The rule with the most cases ending in no concern is “${rules[0]!.title}”: ${formatCount(rules[0]!.noConcern)} of ${plural(rules[0]!.decided, "decided case")}.`
              : "No decided case with a flag from these rules ended in no concern."
          }
          labelHeading="Rule"
          series={[
            { label: "No concern", tone: "tone-no-concern" },
            { label: "Other decisions", tone: "tone-other-decision" },
          ]}
          totalHeading="Decided cases"
          extraHeadings={["Share no concern", "Open flags"]}
          rows={rules.map((rule) => ({
            label: rule.title,
            values: [rule.noConcern, rule.decided - rule.noConcern],
            endText: rule.decided === 0 ? "no decisions yet" : `${formatCount(rule.noConcern)} of ${formatCount(rule.decided)}`,
            href: "/office/rules",
            extra: [percent(rule.noConcernShare), formatCount(rule.open)],
          }))}
          empty={rules.length === 0}
          emptyText="No rule has raised a flag yet."
        />
        <p>
          <Link to="/office/rules">Tune the rules and see the effect before saving</Link>
        </p>
      </section>

      <section aria-labelledby="areas">
        <h2 id="areas">Projects by technology area</h2>
        <p className="muted">A project can name several areas, so it may count more than once.</p>
        <BarChart
          caption="Technology areas with the most projects"
          summary={`Most projects are in ${leaders(projectsByArea) || "no area"}.`}
          labelHeading="Technology area"
          valueHeading="Projects"
          rows={projectsByArea.map((row) => ({ label: row.label, value: row.count }))}
          emptyText="No project has been registered yet."
        />
      </section>

      <section aria-labelledby="trl">
        <h2 id="trl">Projects by technology readiness level</h2>
        <BarChart
          caption="Projects by technology readiness level (TRL 1, basic principles, to TRL 9, proven in operation)"
          summary={`Of ${plural(totals.projects, "project")}, the most are at ${leaders(projectsByTrl.map((row) => ({ label: `TRL ${row.trl}`, count: row.count }))) || "no level"}.`}
          labelHeading="Readiness level"
          valueHeading="Projects"
          rows={projectsByTrl.map((row) => ({ label: `TRL ${row.trl}`, value: row.count }))}
          emptyText="No project has been registered yet."
        />
      </section>
    </>
  );
}
