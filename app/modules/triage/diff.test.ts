// The what-if diff: flags that would appear, disappear or change severity, per project and per rule.
import { describe, expect, it } from "vitest";
import { diffFlags } from "./diff";
import type { FlagResult } from "./evaluate";
import type { Severity } from "./rules";

const flag = (ruleId: string, severity: Severity): FlagResult => ({
  ruleId,
  title: ruleId,
  severity,
  dimension: "partner",
  evidence: [],
  rationale: "",
  action: "",
  source: { title: "", url: "" },
  libraryTags: [],
});

describe("diffFlags", () => {
  it("reports appearing, disappearing and re-graded flags, sorted, with a per-rule summary", () => {
    const before = new Map<number, FlagResult[]>([
      [2, [flag("end-use-unknown", "low"), flag("wmd-misuse", "high")]],
      [1, [flag("end-use-unknown", "low")]],
      [3, [flag("funding-source-unclear", "medium")]],
    ]);
    const after = new Map<number, FlagResult[]>([
      [1, [flag("end-use-unknown", "medium"), flag("wmd-misuse", "high")]],
      [2, [flag("wmd-misuse", "high")]],
      [4, [flag("end-use-unknown", "medium")]],
    ]);
    expect(diffFlags(before, after)).toEqual({
      appear: [
        { projectId: 1, ruleId: "wmd-misuse", severity: "high" },
        { projectId: 4, ruleId: "end-use-unknown", severity: "medium" },
      ],
      disappear: [
        { projectId: 2, ruleId: "end-use-unknown", severity: "low" },
        { projectId: 3, ruleId: "funding-source-unclear", severity: "medium" },
      ],
      severityChanged: [{ projectId: 1, ruleId: "end-use-unknown", from: "low", to: "medium" }],
      byRule: [
        { ruleId: "end-use-unknown", appear: 1, disappear: 1, severityChanged: 1 },
        { ruleId: "funding-source-unclear", appear: 0, disappear: 1, severityChanged: 0 },
        { ruleId: "wmd-misuse", appear: 1, disappear: 0, severityChanged: 0 },
      ],
    });
  });

  it("is empty when nothing changes", () => {
    const flags = new Map([[1, [flag("wmd-misuse", "high")]]]);
    expect(diffFlags(flags, new Map(flags))).toEqual({ appear: [], disappear: [], severityChanged: [], byRule: [] });
  });
});
