// Country groups used in triage: EAR Supplement No. 1 to Part 740 groups (A:1 to E:2)
// and Wassenaar Arrangement participation, parsed from the shipped CSV files (pure).
import { z } from "zod";
import { CsvSyntaxError, parseCsvObjects } from "./csv";
import { describeIssue, ReferenceDataError } from "./errors";

export const EAR_COUNTRY_GROUPS = [
  "A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B",
  "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2",
] as const;
export type EarCountryGroup = (typeof EAR_COUNTRY_GROUPS)[number];

/** What each group of concern is about, in plain words for explanations. */
export const EAR_GROUPS_OF_CONCERN: Record<"D:1" | "D:2" | "D:3" | "D:4" | "D:5" | "E:1" | "E:2", string> = {
  "D:1": "national security concerns",
  "D:2": "nuclear proliferation concerns",
  "D:3": "chemical and biological weapons concerns",
  "D:4": "missile technology concerns",
  "D:5": "US arms embargo",
  "E:1": "countries the US designates as supporting terrorism",
  "E:2": "unilateral US embargo",
};

export interface CountryGroups {
  iso2: string;
  /** The country's name as the EAR spells it. */
  earName: string;
  ear: EarCountryGroup[];
  wassenaarParticipant: boolean;
  /** A caveat carried by the source file, e.g. a membership still to be verified. */
  wassenaarNote: string | null;
}

export interface CountryGroupIndex {
  countries: CountryGroups[];
  countryGroupsOf(iso2: string): CountryGroups | null;
  isInGroup(iso2: string, group: EarCountryGroup): boolean;
  membersOf(group: EarCountryGroup): string[];
  wassenaarParticipants(): string[];
}

// ISO-2 codes are kept as text on purpose: "NA" is Namibia, never "not available".
const iso2 = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter ISO 3166-1 code");
const mark = z.enum(["", "X"], { message: 'must be empty or "X"' });

function readCsv(text: string, file: string, requiredColumns: string[]) {
  try {
    return parseCsvObjects(text, { requiredColumns, fileLabel: file }).records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ReferenceDataError(error.message, file);
    throw error;
  }
}

export function parseEarCountryGroups(text: string, file = "ear-country-groups.csv"): Omit<CountryGroups, "wassenaarParticipant" | "wassenaarNote">[] {
  const rowSchema = z.object({
    ear_country_name: z.string().trim().min(1),
    iso2,
    ...Object.fromEntries(EAR_COUNTRY_GROUPS.map((g) => [g, mark])),
  });
  const records = readCsv(text, file, ["ear_country_name", "iso2", ...EAR_COUNTRY_GROUPS]);
  const seen = new Set<string>();
  return records.map((record) => {
    const itemLabel = `row ${record.row} ("${record.values.ear_country_name ?? ""}")`;
    const parsed = rowSchema.safeParse(record.values);
    if (!parsed.success) throw describeIssue(file, itemLabel, parsed.error.issues);
    const code = parsed.data.iso2;
    if (seen.has(code)) throw new ReferenceDataError(`${file}: ${itemLabel}, field "iso2": duplicate code ${code}`, file);
    seen.add(code);
    return {
      iso2: code,
      earName: parsed.data.ear_country_name,
      ear: EAR_COUNTRY_GROUPS.filter((g) => record.values[g] === "X"),
    };
  });
}

export function parseWassenaarParticipants(
  text: string,
  file = "wassenaar-participating-states.csv",
): { iso2: string; name: string; note: string | null }[] {
  const rowSchema = z.object({ name_as_in_ear: z.string().trim().min(1), iso2, note: z.string() });
  const records = readCsv(text, file, ["name_as_in_ear", "iso2", "note"]);
  return records.map((record) => {
    const parsed = rowSchema.safeParse(record.values);
    if (!parsed.success) {
      throw describeIssue(file, `row ${record.row} ("${record.values.name_as_in_ear ?? ""}")`, parsed.error.issues);
    }
    return { iso2: parsed.data.iso2, name: parsed.data.name_as_in_ear, note: parsed.data.note.trim() || null };
  });
}

export function buildCountryGroupIndex(
  ear: ReturnType<typeof parseEarCountryGroups>,
  wassenaar: ReturnType<typeof parseWassenaarParticipants>,
): CountryGroupIndex {
  const participants = new Map(wassenaar.map((w) => [w.iso2, w]));
  const countries: CountryGroups[] = ear.map((c) => ({
    ...c,
    wassenaarParticipant: participants.has(c.iso2),
    wassenaarNote: participants.get(c.iso2)?.note ?? null,
  }));
  // A participant the EAR table does not list still needs an answer.
  for (const w of wassenaar) {
    if (!countries.some((c) => c.iso2 === w.iso2)) {
      countries.push({ iso2: w.iso2, earName: w.name, ear: [], wassenaarParticipant: true, wassenaarNote: w.note });
    }
  }
  const byCode = new Map(countries.map((c) => [c.iso2, c]));
  const normalise = (code: string) => code.trim().toUpperCase();
  return {
    countries,
    countryGroupsOf: (code) => byCode.get(normalise(code)) ?? null,
    isInGroup: (code, group) => byCode.get(normalise(code))?.ear.includes(group) ?? false,
    membersOf: (group) => countries.filter((c) => c.ear.includes(group)).map((c) => c.iso2),
    wassenaarParticipants: () => countries.filter((c) => c.wassenaarParticipant).map((c) => c.iso2),
  };
}
