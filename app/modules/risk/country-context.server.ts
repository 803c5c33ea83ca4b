// The country context (EAR country groups and Wassenaar participation) the risk model reads,
// built once from the shipped reference files.
import { loadCountryGroups } from "../reference/country-groups.server";
import { createCountryContext } from "./model";
import type { CountryContext } from "./model";

let cache: CountryContext | undefined;

export function loadCountryContext(): CountryContext {
  return (cache ??= createCountryContext(loadCountryGroups()));
}
