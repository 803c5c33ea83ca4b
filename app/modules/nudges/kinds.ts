// The e-mail nudges the portal sends, as plain data: who receives each kind, whether it goes
// out at once or in the daily summary, whether a person may switch it off, and the props its
// template renders. Pages and the sender read this; templates in emails/ implement the props.
import type { Role } from "../auth/roles";

/** Every nudge's template also receives these, added when it is sent. */
export type NudgeCommon = {
  /** The recipient's name, for the greeting. */
  name: string;
  /** The one page the e-mail's button opens. */
  url: string;
  /** The recipient's notification settings. */
  preferencesUrl: string;
  /** One click, no sign-in: stops this kind (or, for messages that cannot be stopped, every optional one). */
  unsubscribeUrl: string;
};

export type NudgeProps = {
  "assessment-reminder": { projectTitle: string; startedOn: string; daysSince: number; reminder: 1 | 2 };
  "yearly-reassessment": { projectTitle: string; lastAssessedOn: string };
  "reassessment-request": { projectTitle: string; reason: string };
  "case-question": { projectTitle: string; question: string; officerName: string };
  "case-decision": { projectTitle: string; decision: string; measures: { measure: string; owner: string }[]; reviewOn: string | null };
  "library-digest": { period: "week" | "month"; articles: { title: string; summary: string; url: string; reason: string }[] };
  "case-new": { projectTitle: string; caseNumber: number; severity: string; flags: string[]; dueOn: string };
  "case-severity-raised": { projectTitle: string; caseNumber: number; from: string; to: string; dueOn: string };
  "deadline-approaching": { projectTitle: string; caseNumber: number; severity: string; dueOn: string };
  "deadline-breached": { projectTitle: string; caseNumber: number; severity: string; dueOn: string };
  "researcher-answer": { projectTitle: string; caseNumber: number; researcherName: string; answer: string };
  "four-eyes-waiting": { projectTitle: string; caseNumber: number; proposerName: string; decision: string };
  "warning-new": { warningId: string; institutionName: string; urgency: string; severity: string; concern: string };
  "warning-answer": { warningId: string; institutionName: string; answer: string };
  /** Several non-urgent nudges merged into one e-mail a day. */
  digest: { items: { label: string; summary: string; url: string }[] };
};

export type NudgeKind = keyof NudgeProps;

export type KindInfo = {
  /** What the settings page calls it. */
  label: string;
  audience: Role;
  /** Sent at once when true; otherwise merged into the daily summary. */
  urgent: boolean | ((props: never) => boolean);
  /** Messages about a person's own open case cannot be switched off. */
  canTurnOff: boolean;
};

const urgentSeverity = (props: { severity?: string; to?: string }) => ["critical", "high"].includes(props.severity ?? props.to ?? "");

export const KINDS: Record<Exclude<NudgeKind, "digest">, KindInfo> = {
  "assessment-reminder": { label: "Reminders of a self-assessment you started", audience: "researcher", urgent: false, canTurnOff: true },
  "yearly-reassessment": { label: "A yearly reminder to assess an active project again", audience: "researcher", urgent: false, canTurnOff: true },
  "reassessment-request": { label: "A request to assess again after a change to the project", audience: "researcher", urgent: false, canTurnOff: true },
  "case-question": { label: "Questions from your compliance office about your project", audience: "researcher", urgent: true, canTurnOff: false },
  "case-decision": { label: "Your compliance office's decision on your project", audience: "researcher", urgent: true, canTurnOff: false },
  "library-digest": { label: "New and updated library articles for your projects", audience: "researcher", urgent: false, canTurnOff: true },
  "case-new": { label: "New cases (at once when high or critical)", audience: "officer", urgent: urgentSeverity as never, canTurnOff: true },
  "case-severity-raised": { label: "A case's severity raised (at once when high or critical)", audience: "officer", urgent: urgentSeverity as never, canTurnOff: true },
  "deadline-approaching": { label: "A case's deadline is near", audience: "officer", urgent: true, canTurnOff: true },
  "deadline-breached": { label: "A case is past its deadline", audience: "officer", urgent: true, canTurnOff: true },
  "researcher-answer": { label: "A researcher answered your question", audience: "officer", urgent: true, canTurnOff: true },
  "four-eyes-waiting": { label: "A decision waits for your confirmation", audience: "officer", urgent: true, canTurnOff: true },
  "warning-new": { label: "A new early warning for your agency", audience: "analyst", urgent: true, canTurnOff: true },
  "warning-answer": { label: "An institution answered your question", audience: "analyst", urgent: true, canTurnOff: true },
};

export const NUDGE_KINDS = Object.keys(KINDS) as Exclude<NudgeKind, "digest">[];

export function isUrgent(kind: NudgeKind, props: unknown): boolean {
  if (kind === "digest") return true;
  const urgent = KINDS[kind].urgent;
  return typeof urgent === "function" ? urgent(props as never) : urgent;
}

/** A person's choice per kind: at once (as the kind goes), in the daily summary, or not at all. */
export const PREFERENCE_MODES = ["on", "digest", "off"] as const;
export type PreferenceMode = (typeof PREFERENCE_MODES)[number];

/** The library digest's own cadence. */
export const LIBRARY_CADENCES = ["weekly", "monthly", "off"] as const;
export type LibraryCadence = (typeof LIBRARY_CADENCES)[number];

export const DIGEST_HOUR_UTC = 7;
export const REMINDER_DAYS = [3, 10] as const;
export const DEADLINE_WARNING_HOURS = 24;
