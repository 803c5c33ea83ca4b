// Reads the shipped screening-list snapshots from content/reference/lists/ and builds
// the screening index once per process.
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../../lib/paths.server";
import { buildIndex } from "./match";
import type { ScreeningIndex } from "./match";
import { parseScreeningList } from "./parse";
import type { ScreeningEntry } from "./parse";
import { SCREENING_LISTS } from "./lists";
import type { ScreeningListId } from "./lists";

export function listsDir(): string {
  return projectPath("content", "reference", "lists");
}

/** Parses the shipped snapshots of the given lists (all of them by default). */
export function loadShippedEntries(ids?: readonly ScreeningListId[], dir = listsDir()): ScreeningEntry[] {
  const wanted = SCREENING_LISTS.filter((list) => !ids || ids.includes(list.id));
  return wanted.flatMap((list) => {
    const text = readFileSync(path.join(dir, list.file), "utf8");
    try {
      return parseScreeningList(list.format, text, list.id, list.format === "csl-json" ? undefined : list.sourceUrl);
    } catch (error) {
      (error as Error).message = `${list.file}: ${(error as Error).message}`;
      throw error;
    }
  });
}

let cache: ScreeningIndex | undefined;

/** The index over every shipped list, built on first use. */
export function shippedScreeningIndex(): ScreeningIndex {
  cache ??= buildIndex(loadShippedEntries());
  return cache;
}
