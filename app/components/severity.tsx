// Severity badges: the word always carries the meaning; colour only repeats it.
import { Badge, badgeHtml, type BadgeTone } from "./ui";

const tones = { info: "neutral", low: "neutral", medium: "warning", high: "error", critical: "error" } as const;
const toneOf = (severity: string): BadgeTone => tones[severity as keyof typeof tones] ?? "neutral";

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={toneOf(severity)}>{severity}</Badge>;
}

export function severityBadgeHtml(severity: string) {
  return badgeHtml(toneOf(severity), severity);
}
