// The words of early warnings, for pages (no validators here).
import type { WarningOutcome, WarningStatus, WarningUrgency } from "../../../db/schema/warnings";

export const warningStatusLabels: Record<WarningStatus, string> = {
  new: "New",
  acknowledged: "Acknowledged",
  information_requested: "More information asked",
  closed: "Closed",
};

export const urgencyLabels: Record<WarningUrgency, string> = { immediate: "Immediate", priority: "Priority", routine: "Routine" };

export const urgencyHelp: Record<WarningUrgency, string> = {
  immediate: "A transfer may happen within days (a visit, a shipment of samples, a code release).",
  priority: "The agency should look at it within weeks.",
  routine: "For the agency's awareness; nothing is imminent.",
};

export const outcomeLabels: Record<WarningOutcome, string> = {
  no_action: "No action needed",
  guidance_given: "Guidance given to the institution",
  licence_process_started: "Licence process started",
  passed_to_other_authority: "Passed to another authority",
};
