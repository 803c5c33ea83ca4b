// ISO 3166-1 countries: codes and names, for every field that asks for a country.
// Namibia's code is "NA": it is a country, never an empty value.
import data from "../../../content/reference/countries.json";

export type Country = { code: string; name: string };

export const countries: readonly Country[] = data.countries;

const byCode = new Map(countries.map((country) => [country.code, country]));

export function isCountryCode(code: string): boolean {
  return byCode.has(code);
}

export function countryName(code: string): string {
  return byCode.get(code)?.name ?? code;
}
