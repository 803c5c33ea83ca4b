// Severity badges: the word always carries the meaning; colour only repeats it.
import { Badge } from "./ui";

const tone = { info: "neutral", low: "neutral", medium: "warning", high: "error", critical: "error" } as const;

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={tone[severity as keyof typeof tone] ?? "neutral"}>{severity}</Badge>;
}
