// Loads content/reference/technology-areas.json once, validated against the schema and
// against the Annex I entries index it refers to.
import { loadAnnexI } from "./annex-i.server";
import { readReferenceFile, referenceDir } from "./files.server";
import { ReferenceDataError } from "./errors";
import { parseTechnologyTaxonomy } from "./technology-areas";
import type { TechnologyTaxonomy } from "./technology-areas";

const FILE = "technology-areas.json";
let cache: TechnologyTaxonomy | undefined;

export function loadTechnologyTaxonomy(dir = referenceDir()): TechnologyTaxonomy {
  if (dir === referenceDir() && cache) return cache;
  let data: unknown;
  try {
    data = JSON.parse(readReferenceFile(dir, FILE));
  } catch (error) {
    if (error instanceof ReferenceDataError) throw error;
    throw new ReferenceDataError(`${FILE}: not valid JSON (${(error as Error).message})`, FILE);
  }
  const knownCodes = new Set(loadAnnexI(dir).entries.map((e) => e.code));
  const taxonomy = parseTechnologyTaxonomy(data, FILE, knownCodes);
  if (dir === referenceDir()) cache = taxonomy;
  return taxonomy;
}
