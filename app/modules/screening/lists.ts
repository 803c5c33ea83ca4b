// The registry of screening lists the product ships: who publishes each list, where
// the official version lives, under which terms the shipped copy may be used, and how
// old it is.

export type ScreeningListId = "us-csl" | "bis-entity-list" | "dod-1286" | "dod-1260h" | "ca-nro";
export type ListFormat = "csl-csv" | "csl-json" | "entities-json" | "nro-csv";

export interface ScreeningList {
  id: ScreeningListId;
  name: string;
  shortName: string;
  publisher: string;
  /** The official publication to check a hit against. */
  sourceUrl: string;
  licence: string;
  /**
   * Date of the shipped copy (YYYY-MM-DD): the official list's date where the source
   * states one, otherwise the date the copy was taken (see content/reference/SOURCES.md).
   */
  snapshotDate: string;
  /** File under content/reference/lists/. */
  file: string;
  format: ListFormat;
  /** What a hit on this list means for a research collaboration, in plain words. */
  meaning: string;
}

export const SCREENING_LISTS: readonly ScreeningList[] = [
  {
    id: "us-csl",
    name: "Consolidated Screening List",
    shortName: "US CSL",
    publisher: "US International Trade Administration (Departments of Commerce, State and the Treasury)",
    sourceUrl: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json",
    licence:
      "US Government work, public domain (17 U.S.C. 105). Compact copy prepared by the export-controls-agent-mcp project (MIT licence, (c) 2026 seelpeed-debug).",
    snapshotDate: "2026-07-31",
    file: "us-csl.json",
    format: "csl-json",
    meaning:
      "The party appears on one of eleven US export, sanctions or debarment lists; the entry's source list says which rules apply.",
  },
  {
    id: "bis-entity-list",
    name: "Entity List (Supplement No. 4 to Part 744 of the EAR)",
    shortName: "BIS Entity List",
    publisher: "US Department of Commerce, Bureau of Industry and Security",
    sourceUrl: "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744#Supplement-No.-4-to-Part-744",
    licence:
      "Underlying list is a US Government publication (public domain). The structured extraction (nsfreg project) carries no licence: use as reference and re-derive from the eCFR before redistribution.",
    snapshotDate: "2026-07-09",
    file: "bis-entity-list.json",
    format: "entities-json",
    meaning: "Exports, re-exports and transfers of items subject to the EAR to this party need a licence, usually presumed denied.",
  },
  {
    id: "dod-1286",
    name: "Section 1286 list of foreign institutions and talent programs (FY2024)",
    shortName: "DoD Sec. 1286",
    publisher: "US Department of Defense (Office of the Under Secretary of Defense for Research and Engineering)",
    sourceUrl: "https://basicresearch.defense.gov/Programs/Academic-Research-Security/",
    licence:
      "Underlying list is a US Government publication (public domain). The structured extraction (nsfreg project) carries no licence: use as reference and re-derive from the official PDF before redistribution.",
    snapshotDate: "2026-07-09",
    file: "dod-1286.json",
    format: "entities-json",
    meaning:
      "US defence research funding treats ties to this institution or talent program as a risk factor that must be mitigated or may disqualify a proposal.",
  },
  {
    id: "dod-1260h",
    name: "Section 1260H list of Chinese military companies",
    shortName: "DoD Sec. 1260H",
    publisher: "US Department of Defense",
    sourceUrl: "https://www.federalregister.gov/documents/search?conditions%5Bsearch_type_id%5D=3&conditions%5Bterm%5D=1260H",
    licence:
      "Underlying list is a US Government publication (public domain). The structured extraction (nsfreg project) carries no licence: use as reference and re-derive from the Federal Register before redistribution.",
    snapshotDate: "2026-06-10",
    file: "dod-1260h.json",
    format: "entities-json",
    meaning:
      "The company is named as operating for or with China's military; US defence contracting and some federal research funding restrict dealings with it.",
  },
  {
    id: "ca-nro",
    name: "Named Research Organizations",
    shortName: "Canada NRO",
    publisher: "Government of Canada (Innovation, Science and Economic Development Canada)",
    sourceUrl: "https://science.gc.ca/",
    licence:
      "Crown copyright, Government of Canada; reproduced for non-commercial use with attribution under the Government of Canada's terms. Not an open-data release: check the terms before any other reuse.",
    snapshotDate: "2024-04-18",
    file: "ca-nro.csv",
    format: "nro-csv",
    meaning:
      "Under Canada's STRAC policy, research that aims to advance a sensitive technology area is not funded if a team member is affiliated with or funded by this organisation.",
  },
];

export function screeningList(id: string): ScreeningList | undefined {
  return SCREENING_LISTS.find((list) => list.id === id);
}

export function isScreeningListId(id: string): id is ScreeningListId {
  return SCREENING_LISTS.some((list) => list.id === id);
}

/** The largest list file an administrator may upload. */
export const MAX_LIST_FILE_BYTES = 20 * 1024 * 1024;
