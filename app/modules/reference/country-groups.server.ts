// Loads the EAR country groups and Wassenaar participants from content/reference/ once
// per process.
import { buildCountryGroupIndex, parseEarCountryGroups, parseWassenaarParticipants } from "./country-groups";
import type { CountryGroupIndex, CountryGroups } from "./country-groups";
import { readReferenceFile, referenceDir } from "./files.server";

let cache: CountryGroupIndex | undefined;

export function loadCountryGroups(dir = referenceDir()): CountryGroupIndex {
  const shipped = dir === referenceDir();
  if (shipped && cache) return cache;
  const index = buildCountryGroupIndex(
    parseEarCountryGroups(readReferenceFile(dir, "ear-country-groups.csv")),
    parseWassenaarParticipants(readReferenceFile(dir, "wassenaar-participating-states.csv")),
  );
  if (shipped) cache = index;
  return index;
}

/** `countryGroupsOf("CN")`: the EAR groups and Wassenaar participation of a country, or null for an unknown code. */
export function countryGroupsOf(iso2: string): CountryGroups | null {
  return loadCountryGroups().countryGroupsOf(iso2);
}
