// Errors raised when a shipped reference file is malformed, worded so that whoever
// edits the file can find the broken item without reading code.
import type { z } from "zod";

export class ReferenceDataError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = "ReferenceDataError";
  }
}

function describePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(whole item)" : path.map((p) => String(p)).join(".");
}

/**
 * Turns the first zod issue into a message naming the file, the item (by its own id
 * when it has one) and the field, e.g.
 * `technology-areas.json: area 4 ("quantum-computing"), field "label": Required`.
 */
export function describeIssue(
  file: string,
  itemLabel: string,
  issues: readonly z.core.$ZodIssue[],
): ReferenceDataError {
  const first = issues[0];
  const where = first ? `field "${describePath(first.path)}"` : "unknown field";
  const what = first ? first.message : "invalid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return new ReferenceDataError(`${file}: ${itemLabel}, ${where}: ${what}${more}`, file);
}
