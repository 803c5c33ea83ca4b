// Risk levels as badges: the word always says the level, colour only repeats it.
import { Badge } from "./ui";

export type Level = "none" | "low" | "medium" | "high" | "critical";

const tone: Record<Level, "success" | "neutral" | "warning" | "error"> = { none: "success", low: "neutral", medium: "warning", high: "error", critical: "error" };
export const levelLabels: Record<Level, string> = { none: "None", low: "Low", medium: "Medium", high: "High", critical: "Critical" };

export function LevelBadge({ level, prefix = "" }: { level: Level; prefix?: string }) {
  return <Badge tone={tone[level]}>{`${prefix}${levelLabels[level]}`}</Badge>;
}
