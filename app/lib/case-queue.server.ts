// The case queue's filters as the query string carries them, checked against the vocabularies.
import { DIMENSION_LABELS } from "~/modules/cases/labels";
import { parseQueueFilters } from "~/modules/cases/schema";
import { areaOptions } from "~/modules/projects/projects.server";

export function queueFiltersOf(url: URL) {
  return parseQueueFilters(url.searchParams, { areas: new Set(areaOptions().map((a) => a.id)), dimensions: new Set(Object.keys(DIMENSION_LABELS)) });
}
