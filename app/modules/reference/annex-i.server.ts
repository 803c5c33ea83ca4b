// Loads the EU Annex I categories and entries index from content/reference/ once per
// process.
import { buildAnnexI, parseAnnexICategories, parseAnnexIEntries } from "./annex-i";
import type { AnnexI } from "./annex-i";
import { readReferenceFile, referenceDir } from "./files.server";

let cache: AnnexI | undefined;

export function loadAnnexI(dir = referenceDir()): AnnexI {
  const shipped = dir === referenceDir();
  if (shipped && cache) return cache;
  const annex = buildAnnexI(
    parseAnnexICategories(readReferenceFile(dir, "eu-annex-i-categories.csv")),
    parseAnnexIEntries(readReferenceFile(dir, "eu-annex-i-entries.csv")),
  );
  if (shipped) cache = annex;
  return annex;
}
