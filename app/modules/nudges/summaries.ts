// One line per nudge for the daily summary: what happened, and the page to open.
import type { NudgeKind, NudgeProps } from "./kinds";

type Item = { label: string; summary: string; url: string };

export function summaryOf<K extends Exclude<NudgeKind, "digest">>(kind: K, props: NudgeProps[K] & { url: string }): Item {
  const p = props as Record<string, unknown> & { url: string };
  const title = String(p.projectTitle ?? "");
  switch (kind) {
    case "assessment-reminder":
      return { label: "Self-assessment to finish", summary: `“${title}”: started on ${p.startedOn}.`, url: p.url };
    case "yearly-reassessment":
      return { label: "Yearly self-assessment", summary: `“${title}” was last assessed on ${p.lastAssessedOn}.`, url: p.url };
    case "reassessment-request":
      return { label: "Please assess again", summary: `“${title}”: ${p.reason}.`, url: p.url };
    case "case-question":
      return { label: "Question from your compliance office", summary: `About “${title}”.`, url: p.url };
    case "case-decision":
      return { label: "Decision on your project", summary: `“${title}”: ${p.decision}.`, url: p.url };
    case "library-digest":
      return { label: "New in the library", summary: `${(p.articles as unknown[]).length} articles for your projects.`, url: p.url };
    case "case-new":
      return { label: `New case #${p.caseNumber}`, summary: `“${title}”, ${p.severity}, due ${p.dueOn}.`, url: p.url };
    case "case-severity-raised":
      return { label: `Case #${p.caseNumber} raised`, summary: `“${title}”: ${p.from} to ${p.to}.`, url: p.url };
    case "deadline-approaching":
      return { label: `Case #${p.caseNumber} due soon`, summary: `“${title}”, due ${p.dueOn}.`, url: p.url };
    case "deadline-breached":
      return { label: `Case #${p.caseNumber} past its deadline`, summary: `“${title}”, was due ${p.dueOn}.`, url: p.url };
    case "researcher-answer":
      return { label: `Answer on case #${p.caseNumber}`, summary: `${p.researcherName} answered about “${title}”.`, url: p.url };
    case "four-eyes-waiting":
      return { label: `Decision to confirm on case #${p.caseNumber}`, summary: `${p.proposerName} proposed “${p.decision}”.`, url: p.url };
    case "warning-new":
      return { label: `New warning ${p.warningId}`, summary: `From ${p.institutionName}, ${p.urgency}.`, url: p.url };
    case "warning-answer":
      return { label: `Answer on warning ${p.warningId}`, summary: `${p.institutionName} answered your question.`, url: p.url };
    default:
      return { label: "Update", summary: "", url: p.url };
  }
}
