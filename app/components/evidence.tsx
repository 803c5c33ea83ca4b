// A flag's evidence in plain words: exactly the answers, facts, partners and list entries
// that satisfied the rule.
import type { Evidence } from "~/modules/triage/evaluate";
import { countryName } from "~/modules/reference/countries";
import { screeningList } from "~/modules/screening/lists";

function groupsText(groups: string[]) {
  const named = groups.filter((g) => g !== "WA");
  return named.length ? ` (EAR country groups ${named.join(", ")})` : "";
}

/** Question ids to their wording, so evidence quotes the question the researcher saw. */
export type QuestionLabels = Record<string, string>;

function question(id: string, labels: QuestionLabels) {
  return labels[id] ? `“${labels[id]}”` : `question ${id}`;
}

export function describeEvidence(e: Evidence, labels: QuestionLabels = {}): string {
  switch (e.type) {
    case "answer":
      return `Answered ${e.matched.map((m) => `“${m.label ?? m.value}”`).join(", ")} to ${question(e.questionId, labels)}.`;
    case "answer-country":
      return `Named ${countryName(e.country)}${groupsText(e.groups)} in answer to ${question(e.questionId, labels)}.`;
    case "trl":
      return `Technology Readiness Level ${e.trl}.`;
    case "technology-area":
      return `Technology area ${e.label ?? e.areaId}: sensitivity ${e.sensitivity}${e.euHighestRisk ? ", among the EU's highest-risk areas" : ""}${e.surveillanceCapable ? ", surveillance-capable" : ""}.`;
    case "partner":
      return `Partner ${e.name}${e.country ? `, ${countryName(e.country)}${groupsText(e.groups)}` : ""} (${e.partnerKind}).`;
    case "funder":
      return `Funder ${e.name}${e.country ? `, ${countryName(e.country)}${groupsText(e.groups)}` : ""} (${e.funderKind}).`;
    case "screening-hit":
      return `${e.partner} resembles “${e.entryName}” on the ${screeningList(e.listId)?.shortName ?? e.listId} (score ${Math.round(e.score * 100)}/100, ${e.level} match${e.decision === "confirmed" ? ", confirmed by the office" : ""}).`;
    case "profile-level":
      return `The ${e.dimension.replace("_", " ")} dimension of the self-assessment is ${e.level} (the rule looks for ${e.atLeast} or above).`;
    case "profile-factor":
      return `The self-assessment found: ${e.label}.`;
    case "absent":
      return `Absent: ${e.condition}.`;
  }
}

export function EvidenceList({ evidence, labels }: { evidence: Evidence[]; labels?: QuestionLabels }) {
  return (
    <ul className="evidence">
      {evidence.map((e, i) => (
        <li key={i}>{describeEvidence(e, labels)}</li>
      ))}
    </ul>
  );
}
