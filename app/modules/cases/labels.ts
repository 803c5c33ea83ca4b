// The vocabulary of cases as plain values, usable by pages without the server modules.
import type { CaseStatus, DecisionKind } from "../../../db/schema/cases";

export const CASE_STATUSES = ["new", "in_review", "waiting_for_researcher", "escalated", "closed"] as const satisfies readonly CaseStatus[];

export const statusLabels: Record<CaseStatus, string> = {
  new: "New",
  in_review: "In review",
  waiting_for_researcher: "Waiting for the researcher",
  escalated: "Escalated",
  closed: "Closed",
};

export const DECISION_KINDS = ["no_concern", "mitigations_agreed", "licence_required", "exemption", "not_to_proceed", "duplicate"] as const satisfies readonly DecisionKind[];

export const decisionLabels: Record<DecisionKind, string> = {
  no_concern: "No concern",
  mitigations_agreed: "Mitigations agreed",
  licence_required: "Licence required",
  exemption: "Fundamental or basic research exemption applies",
  not_to_proceed: "Collaboration not to proceed",
  duplicate: "Duplicate of another case",
};

/** What each kind of decision means, in a sentence, for the decision form. */
export const decisionHelp: Record<DecisionKind, string> = {
  no_concern: "The flags do not point to a real risk for this project. Say why, so the rule can be tuned if it keeps firing.",
  mitigations_agreed: "The work goes ahead with measures agreed with the researcher. Name each measure and who owns it, and set a date to check them.",
  licence_required: "A transfer in the project needs an export authorisation. Name the control-list entry concerned. A second officer confirms.",
  exemption: "The work is fundamental (basic) research or in the public domain, so the control does not apply. Record the reasoning.",
  not_to_proceed: "The collaboration, or the part of it at issue, should not go ahead. A second officer confirms.",
  duplicate: "The same matter is already handled in another case. Name that case.",
};

/** Decisions that need a second officer's confirmation before they take effect. */
export const FOUR_EYES_KINDS: readonly DecisionKind[] = ["licence_required", "not_to_proceed"];

export const EXEMPTIONS = {
  "basic-scientific-research": "Basic scientific research",
  "public-domain": "In the public domain",
  "patent-application": "Minimum information for a patent application",
} as const;

export const DIMENSION_LABELS: Record<string, string> = {
  military: "Military and dual use",
  human_rights: "Human rights",
  itt: "Transfer of know-how",
  partner: "Partners",
};

export const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
export const RANKED_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

/** Working days from a case's opening to its due date, per severity, unless the office sets others. */
export const DEFAULT_DEADLINES: Record<(typeof RANKED_SEVERITIES)[number], number> = { critical: 2, high: 5, medium: 15, low: 30, info: 60 };
