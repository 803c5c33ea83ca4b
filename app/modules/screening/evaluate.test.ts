// Measures the matcher on the labelled pairs in tests/fixtures/screening-pairs.json
// against the shipped lists, and holds precision and recall to at least 0.95.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadShippedEntries } from "./lists.server";
import { buildIndex, MATCH_THRESHOLD, screen } from "./match";
import type { ScreeningCandidate, ScreeningIndex } from "./match";

interface LabelledPair {
  query: string;
  country?: string;
  expectListId?: string;
  expectEntryName?: string;
  label: "match" | "no-match";
  note: string;
}

const pairs: LabelledPair[] = JSON.parse(
  readFileSync(path.resolve(process.cwd(), "tests", "fixtures", "screening-pairs.json"), "utf8"),
);

interface Outcome {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  misses: string[];
}

function isExpected(pair: LabelledPair, candidate: ScreeningCandidate): boolean {
  return (
    candidate.entryName.toLowerCase() === pair.expectEntryName?.toLowerCase() &&
    (pair.expectListId === undefined || candidate.listId === pair.expectListId)
  );
}

/** A match pair counts when its expected entry is among the strong candidates; any strong candidate on a no-match pair is a false positive. */
function evaluate(results: Map<LabelledPair, ScreeningCandidate[]>, threshold: number): Outcome {
  const outcome: Outcome = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0, precision: 0, recall: 0, misses: [] };
  for (const [pair, candidates] of results) {
    const strong = candidates.filter((c) => c.score >= threshold);
    if (pair.label === "match") {
      if (strong.some((c) => isExpected(pair, c))) outcome.truePositives += 1;
      else {
        outcome.falseNegatives += 1;
        const best = candidates.find((c) => isExpected(pair, c));
        outcome.misses.push(`missed: "${pair.query}" (${pair.note}); expected entry scored ${best?.score ?? "below review"}`);
      }
    } else if (strong.length > 0) {
      outcome.falsePositives += 1;
      outcome.misses.push(`false hit: "${pair.query}" → "${strong[0]!.entryName}" ${strong[0]!.score} (${pair.note})`);
    } else {
      outcome.trueNegatives += 1;
    }
  }
  const flagged = outcome.truePositives + outcome.falsePositives;
  outcome.precision = flagged === 0 ? 1 : outcome.truePositives / flagged;
  outcome.recall = outcome.truePositives / (outcome.truePositives + outcome.falseNegatives);
  return outcome;
}

describe("screening evaluation on labelled pairs", () => {
  let index: ScreeningIndex;
  const results = new Map<LabelledPair, ScreeningCandidate[]>();

  beforeAll(() => {
    index = buildIndex(loadShippedEntries());
    for (const pair of pairs) results.set(pair, screen(index, { name: pair.query, country: pair.country }, { minScore: 0.3, limit: 50 }));
  });

  it("has an honest, sizeable labelled set", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(150);
    expect(pairs.filter((p) => p.label === "match").length).toBeGreaterThan(50);
    expect(pairs.filter((p) => p.label === "no-match").length).toBeGreaterThan(50);
    for (const pair of pairs.filter((p) => p.label === "match")) {
      const listed = index.entries.some((e) => e.listId === pair.expectListId && e.name === pair.expectEntryName);
      expect(listed, `${pair.expectListId} lists "${pair.expectEntryName}"`).toBe(true);
    }
  });

  it("reaches precision and recall of at least 0.95 at the chosen threshold", () => {
    const sweep = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9].map((t) => {
      const o = evaluate(results, t);
      return `  threshold ${t.toFixed(2)}: precision ${o.precision.toFixed(3)}, recall ${o.recall.toFixed(3)}`;
    });
    const chosen = evaluate(results, MATCH_THRESHOLD);
    console.log(
      [
        `screening evaluation: ${pairs.length} pairs, threshold ${MATCH_THRESHOLD}`,
        `  precision ${chosen.precision.toFixed(3)} (TP ${chosen.truePositives}, FP ${chosen.falsePositives})`,
        `  recall ${chosen.recall.toFixed(3)} (FN ${chosen.falseNegatives}), true negatives ${chosen.trueNegatives}`,
        "threshold sweep:",
        ...sweep,
        ...chosen.misses.map((m) => `  ${m}`),
      ].join("\n"),
    );
    expect(chosen.recall).toBeGreaterThanOrEqual(0.95);
    expect(chosen.precision).toBeGreaterThanOrEqual(0.95);
  });
});
