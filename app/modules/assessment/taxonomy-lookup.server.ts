// The technology-area lookup the questionnaire and the risk model read, built once from the
// shipped taxonomy file.
import { loadTechnologyTaxonomy } from "../reference/technology-areas.server";
import { createTaxonomyLookup } from "./questionnaire";
import type { TaxonomyLookup } from "./questionnaire";

let cache: TaxonomyLookup | undefined;

export function loadTaxonomyLookup(): TaxonomyLookup {
  return (cache ??= createTaxonomyLookup(loadTechnologyTaxonomy()));
}
