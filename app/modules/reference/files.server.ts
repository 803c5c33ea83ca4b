// Where the shipped reference files live and how they are read (one place, so tests
// and tools can point the loaders at another folder).
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../../lib/paths.server";
import { ReferenceDataError } from "./errors";

export function referenceDir(): string {
  return projectPath("content", "reference");
}

export function readReferenceFile(dir: string, name: string): string {
  try {
    return readFileSync(path.join(dir, name), "utf8");
  } catch (error) {
    throw new ReferenceDataError(`${name}: cannot be read (${(error as Error).message})`, name);
  }
}
