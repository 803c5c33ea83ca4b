// Words shown for project facts; kept apart from the validation schemas so pages can use
// them without shipping the validator to the browser.
import type { funderKinds, partnerKinds } from "../../../db/schema/projects";

export const partnerKindLabels: Record<(typeof partnerKinds)[number], string> = {
  university: "University or research institute",
  company: "Company",
  government: "Government body",
  "military-defence": "Military or defence organisation",
  hospital: "Hospital or clinic",
  international: "International organisation",
  other: "Other",
};

export const funderKindLabels: Record<(typeof funderKinds)[number], string> = {
  public: "Public research funder",
  industry: "Industry",
  "military-defence": "Military or defence",
  "foreign-government": "Foreign government",
  philanthropic: "Foundation or charity",
  international: "International programme (e.g. EU)",
  other: "Other",
};

/** Plain-language help for each Technology Readiness Level, with an everyday research example. */
export const trlHelp: Record<number, { title: string; example: string }> = {
  1: { title: "Basic principles observed", example: "You study how a new material behaves, with no application in mind yet." },
  2: { title: "Technology concept formulated", example: "You write down how that behaviour could be used, e.g. in a sensor, and model it." },
  3: { title: "Experimental proof of concept", example: "A first lab experiment shows the idea works at all." },
  4: { title: "Technology validated in the lab", example: "Several parts work together on the bench under controlled conditions." },
  5: { title: "Validated in a relevant environment", example: "The lab prototype is tested under realistic conditions, e.g. real data or field-like settings." },
  6: { title: "Demonstrated in a relevant environment", example: "A working prototype is demonstrated close to real use." },
  7: { title: "Prototype in an operational environment", example: "A near-final system runs where it will be used, e.g. in a hospital or on a vessel." },
  8: { title: "System complete and qualified", example: "The final system has passed its tests and certification." },
  9: { title: "Proven in operation", example: "The system is in routine use." },
};
