// Input for the compliance office's verbs on cases: decisions, messages, notes, deadlines.
import { z } from "zod";
import { CASE_STATUSES, DECISION_KINDS, EXEMPTIONS, RANKED_SEVERITIES } from "./labels";

export const MITIGATION_ROWS = 5;

const text = (min: number, max: number, tooShort: string) => z.string().trim().min(min, tooShort).max(max, `Use at most ${max.toLocaleString("en")} characters.`);

export const messageInput = z.object({ body: text(2, 5000, "Write your message.") });
export const noteInput = z.object({ note: text(2, 5000, "Write the note.") });
export const reasonInput = z.object({ reason: text(5, 2000, "Give the reason in a few words.") });

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A decision as the form sends it; mitigation rows arrive as measure_1/owner_1 … measure_5/owner_5. */
export function parseDecisionForm(form: Record<string, string>, today: string) {
  const errors: Record<string, string> = {};
  const kind = DECISION_KINDS.find((k) => k === form.kind);
  if (!kind) errors.kind = "Choose what you decided.";
  const rationale = (form.rationale ?? "").trim();
  if (rationale.length < 10) errors.rationale = "Explain the decision (at least 10 characters): someone reading the record years from now needs the reason.";
  else if (rationale.length > 5000) errors.rationale = "Use at most 5,000 characters.";
  const reviewOn = (form.reviewOn ?? "").trim() || null;
  if (reviewOn && (!isoDay.test(reviewOn) || Number.isNaN(Date.parse(reviewOn)))) errors.reviewOn = "Give a date such as 2027-06-30.";
  else if (reviewOn && reviewOn <= today) errors.reviewOn = "Choose a review date after today.";
  const mitigations: { measure: string; owner: string }[] = [];
  for (let i = 1; i <= MITIGATION_ROWS; i++) {
    const measure = (form[`measure_${i}`] ?? "").trim();
    const owner = (form[`owner_${i}`] ?? "").trim();
    if (!measure && !owner) continue;
    if (!measure) errors[`measure_${i}`] = "Describe the measure, or clear its owner.";
    else if (measure.length > 500) errors[`measure_${i}`] = "Use at most 500 characters.";
    if (!owner) errors[`owner_${i}`] = "Name who is responsible for this measure.";
    else if (owner.length > 200) errors[`owner_${i}`] = "Use at most 200 characters.";
    mitigations.push({ measure, owner });
  }
  const controlEntry = (form.controlEntry ?? "").trim().toUpperCase();
  const exemption = (form.exemption ?? "").trim();
  const duplicateOf = (form.duplicateOf ?? "").trim().replace(/^#/, "");
  if (kind === "mitigations_agreed") {
    if (mitigations.length === 0 && !errors.measure_1) errors.measure_1 = "List at least one measure and who owns it.";
    if (!reviewOn && !errors.reviewOn) errors.reviewOn = "Set a date to check that the measures are in place.";
  }
  if (kind === "licence_required" && !controlEntry) errors.controlEntry = "Name the control-list entry concerned, e.g. 5A002.";
  if (kind === "exemption" && !(exemption in EXEMPTIONS)) errors.exemption = "Choose which exemption applies.";
  if (kind === "duplicate" && !/^\d{1,12}$/.test(duplicateOf)) errors.duplicateOf = "Give the number of the case this one duplicates.";
  if (Object.keys(errors).length > 0) return { ok: false as const, errors };
  return {
    ok: true as const,
    decision: {
      kind: kind!,
      rationale,
      reviewOn,
      details: {
        ...(kind === "mitigations_agreed" || mitigations.length > 0 ? { mitigations } : {}),
        ...(kind === "licence_required" ? { controlEntry } : {}),
        ...(kind === "exemption" ? { exemption } : {}),
        ...(kind === "duplicate" ? { duplicateOf: Number(duplicateOf) } : {}),
      },
    },
  };
}
export type DecisionInput = Extract<ReturnType<typeof parseDecisionForm>, { ok: true }>["decision"];

export const deadlinesInput = z.object({
  ...(Object.fromEntries(
    RANKED_SEVERITIES.map((s) => [s, z.coerce.number({ message: "Give a number of working days." }).int("Give a whole number of working days.").min(1, "At least 1 working day.").max(250, "At most 250 working days.")]),
  ) as Record<(typeof RANKED_SEVERITIES)[number], z.ZodCoercedNumber>),
  retentionYears: z.coerce.number({ message: "Give a number of years." }).int("Give a whole number of years.").min(1, "At least 1 year.").max(30, "At most 30 years."),
});

/** The queue's filters, read leniently from the query string: an unknown value is ignored, never an error. */
export type QueueFilters = {
  status: "open" | "all" | (typeof CASE_STATUSES)[number];
  severity: string | null;
  dimension: string | null;
  assignee: "me" | "none" | number | null;
  area: string | null;
  country: string | null;
  q: string | null;
  overdue: boolean;
  sort: "priority" | "due" | "age" | "updated";
  page: number;
};

export function parseQueueFilters(params: URLSearchParams, known: { areas: Set<string>; dimensions: Set<string> }): QueueFilters {
  const status = params.get("status") ?? "open";
  const severity = params.get("severity") ?? "";
  const dimension = params.get("dimension") ?? "";
  const assignee = params.get("assignee") ?? "";
  const area = params.get("area") ?? "";
  const country = (params.get("country") ?? "").toUpperCase();
  const q = (params.get("q") ?? "").trim().slice(0, 200);
  const sort = params.get("sort") ?? "priority";
  const page = Number(params.get("page") ?? "1");
  return {
    status: status === "all" || (CASE_STATUSES as readonly string[]).includes(status) ? (status as QueueFilters["status"]) : "open",
    severity: (RANKED_SEVERITIES as readonly string[]).includes(severity) ? severity : null,
    dimension: known.dimensions.has(dimension) ? dimension : null,
    assignee: assignee === "me" || assignee === "none" ? assignee : /^\d{1,12}$/.test(assignee) ? Number(assignee) : null,
    area: known.areas.has(area) ? area : null,
    country: /^[A-Z]{2}$/.test(country) ? country : null,
    q: q || null,
    overdue: params.get("overdue") === "1",
    sort: sort === "due" || sort === "age" || sort === "updated" ? sort : "priority",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}
