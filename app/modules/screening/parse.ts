// Parsers that turn screening-list files into one normalised entry shape, and the
// diff between two versions of a list (pure: text in, entries out).
import { CsvSyntaxError, parseCsvObjects } from "../reference/csv";
import { countryToIso2 } from "./country-names";
import type { ListFormat } from "./lists";
import { foldCase } from "./normalise";

export interface ScreeningEntry {
  listId: string;
  /** Stable within a list across versions, so that diffs line up. */
  entryId: string;
  name: string;
  aliases: string[];
  /** First listed country (ISO-2), from addresses only, never from a person's nationality. */
  country: string | null;
  /** Every listed country, when there is more than one. */
  countries?: string[];
  type?: string;
  programs?: string[];
  /** The sub-list or publication the entry comes from (e.g. "Entity List (EL)"). */
  source?: string;
  url?: string;
}

export class ImportFormatError extends Error {
  readonly format: ListFormat;
  /** 1-based; for CSV the header is row 1, for JSON it is the position in the entries array. */
  readonly row: number | null;
  readonly field: string | null;

  constructor(message: string, details: { format: ListFormat; row?: number | null; field?: string | null }) {
    super(message);
    this.name = "ImportFormatError";
    this.format = details.format;
    this.row = details.row ?? null;
    this.field = details.field ?? null;
  }
}

function fail(format: ListFormat, where: string, row: number | null, field: string | null, problem: string): never {
  const location = [where, field ? `field "${field}"` : null].filter(Boolean).join(", ");
  throw new ImportFormatError(`${format}: ${location}: ${problem}`, { format, row, field });
}

function slug(text: string): string {
  const s = foldCase(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return s.slice(0, 80) || "unnamed";
}

/** Gives each entry a unique id, numbering repeats ("-2", "-3") in file order. */
function uniqueIds<T extends { entryId: string }>(entries: T[]): T[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const n = (counts.get(entry.entryId) ?? 0) + 1;
    counts.set(entry.entryId, n);
    if (n > 1) entry.entryId = `${entry.entryId}-${n}`;
  }
  return entries;
}

function splitList(value: string | undefined, separator = ";"): string[] {
  if (!value) return [];
  return value
    .split(separator)
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function withCountries(countries: string[]): Pick<ScreeningEntry, "country" | "countries"> {
  const unique = [...new Set(countries)];
  return unique.length > 1 ? { country: unique[0]!, countries: unique } : { country: unique[0] ?? null };
}

/** "Entity List (EL) - Bureau of Industry and Security" → "EL". */
function cslSourceCode(source: string): string | null {
  return /\(([A-Za-z][A-Za-z0-9-]*)\)/.exec(source)?.[1] ?? null;
}

function cslEntryId(sourceCode: string, entityNumber: string, name: string): string {
  return entityNumber ? `${sourceCode}-${entityNumber}` : `${sourceCode}-${slug(name)}`;
}

// ---------------------------------------------------------------------------------
// csl-csv: the official 29-column consolidated.csv

const CSL_REQUIRED_COLUMNS = ["source", "entity_number", "type", "programs", "name", "addresses", "alt_names", "source_list_url"];

/** Country codes at the end of each address: "Komitas 26/114, Yerevan, Armenia, AM; …". */
function addressCountries(addresses: string): string[] {
  return splitList(addresses)
    .map((address) => address.split(",").pop()?.trim() ?? "")
    .filter((code) => /^[A-Z]{2}$/.test(code));
}

export function parseCslCsv(text: string, listId = "us-csl"): ScreeningEntry[] {
  const format: ListFormat = "csl-csv";
  let records;
  try {
    records = parseCsvObjects(text, { requiredColumns: CSL_REQUIRED_COLUMNS }).records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) fail(format, `row ${error.row}`, error.row, null, error.message);
    throw error;
  }
  return uniqueIds(
    records.map((record) => {
      const v = record.values;
      const where = `row ${record.row}`;
      const name = (v.name ?? "").trim();
      if (!name) fail(format, where, record.row, "name", "is empty");
      const source = (v.source ?? "").trim();
      if (!source) fail(format, where, record.row, "source", "is empty");
      const code = cslSourceCode(source);
      if (!code) fail(format, where, record.row, "source", `"${source}" has no list code in parentheses`);
      const entry: ScreeningEntry = {
        listId,
        entryId: cslEntryId(code, (v.entity_number ?? "").trim(), name),
        name,
        aliases: splitList(v.alt_names),
        ...withCountries(addressCountries(v.addresses ?? "")),
        source,
      };
      const type = (v.type ?? "").trim();
      if (type) entry.type = type;
      const programs = splitList(v.programs);
      if (programs.length > 0) entry.programs = programs;
      const url = (v.source_list_url ?? "").trim();
      if (url) entry.url = url;
      return entry;
    }),
  );
}

// ---------------------------------------------------------------------------------
// csl-json: the compact JSON shipped in content/reference/lists/us-csl.json

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function parseJson(text: string, format: ListFormat): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(format, "file", null, null, `not valid JSON (${(error as Error).message})`);
  }
}

export function parseCslJson(text: string, listId = "us-csl"): ScreeningEntry[] {
  const format: ListFormat = "csl-json";
  const data = parseJson(text, format) as {
    tables?: { sources?: unknown; programmes?: unknown; urls?: unknown };
    entries?: unknown;
  };
  if (typeof data !== "object" || data === null) fail(format, "file", null, null, "expected an object");
  const sources = data.tables?.sources;
  const programmes = data.tables?.programmes ?? [];
  const urls = data.tables?.urls ?? [];
  if (!isStringArray(sources)) fail(format, "tables", null, "tables.sources", "expected a list of source names");
  if (!isStringArray(programmes)) fail(format, "tables", null, "tables.programmes", "expected a list of programme names");
  if (!isStringArray(urls)) fail(format, "tables", null, "tables.urls", "expected a list of addresses");
  if (!Array.isArray(data.entries)) fail(format, "file", null, "entries", "expected a list of entries");

  const entries = data.entries.map((raw: unknown, index: number): ScreeningEntry => {
    const row = index + 1;
    const where = `entry ${row}`;
    if (typeof raw !== "object" || raw === null) fail(format, where, row, null, "expected an object");
    const e = raw as Record<string, unknown>;
    if (typeof e.n !== "string" || e.n.trim() === "") fail(format, where, row, "n", "name is missing or empty");
    if (typeof e.s !== "number" || sources[e.s] === undefined) fail(format, where, row, "s", "source index does not point into tables.sources");
    if (e.a !== undefined && e.a !== null && !isStringArray(e.a)) fail(format, where, row, "a", "aliases must be a list of text");
    if (e.c !== undefined && e.c !== null && !isStringArray(e.c)) fail(format, where, row, "c", "countries must be a list of text");
    if (e.e !== undefined && e.e !== null && typeof e.e !== "string") fail(format, where, row, "e", "entity number must be text");
    if (e.pg !== undefined && e.pg !== null && (typeof e.pg !== "number" || programmes[e.pg] === undefined)) {
      fail(format, where, row, "pg", "programme index does not point into tables.programmes");
    }
    if (e.u !== undefined && e.u !== null && (typeof e.u !== "number" || urls[e.u] === undefined)) {
      fail(format, where, row, "u", "address index does not point into tables.urls");
    }
    const source = sources[e.s]!;
    const code = cslSourceCode(source) ?? `S${e.s}`;
    const name = e.n.trim();
    const entry: ScreeningEntry = {
      listId,
      entryId: cslEntryId(code, typeof e.e === "string" ? e.e.trim() : "", name),
      name,
      aliases: ((e.a as string[] | undefined) ?? []).map((a) => a.trim()).filter(Boolean),
      // Most values are ISO-2 codes; a few are names or regions, resolved where possible.
      ...withCountries(((e.c as string[] | null | undefined) ?? []).flatMap((c) => countryToIso2(c) ?? [])),
      source,
    };
    if (typeof e.t === "string" && e.t) entry.type = e.t;
    if (typeof e.pg === "number") entry.programs = splitList(programmes[e.pg]);
    if (typeof e.u === "number") entry.url = urls[e.u];
    return entry;
  });
  return uniqueIds(entries);
}

// ---------------------------------------------------------------------------------
// entities-json: one list per file, {entities: [{name, aliases, country, …}]}

export function parseEntitiesJson(text: string, listId: string, url?: string): ScreeningEntry[] {
  const format: ListFormat = "entities-json";
  const data = parseJson(text, format) as { entities?: unknown; source_file?: unknown };
  if (typeof data !== "object" || data === null || !Array.isArray(data.entities)) {
    fail(format, "file", null, "entities", "expected an object with a list of entities");
  }
  const source = typeof data.source_file === "string" ? data.source_file : undefined;
  const entries = data.entities.map((raw: unknown, index: number): ScreeningEntry => {
    const row = index + 1;
    const where = `entry ${row}`;
    if (typeof raw !== "object" || raw === null) fail(format, where, row, null, "expected an object");
    const e = raw as Record<string, unknown>;
    if (typeof e.name !== "string" || e.name.trim() === "") fail(format, where, row, "name", "is missing or empty");
    if (e.aliases !== undefined && e.aliases !== null && !isStringArray(e.aliases)) {
      fail(format, where, row, "aliases", "must be a list of text");
    }
    if (e.country !== undefined && e.country !== null && typeof e.country !== "string") {
      fail(format, where, row, "country", "must be text or null");
    }
    const name = e.name.trim();
    const country = countryToIso2(e.country as string | null | undefined);
    const entry: ScreeningEntry = {
      listId,
      entryId: country ? `${slug(name)}-${country.toLowerCase()}` : slug(name),
      name,
      aliases: ((e.aliases as string[] | null | undefined) ?? []).map((a) => a.trim()).filter(Boolean),
      country,
    };
    if (source) entry.source = source;
    if (url) entry.url = url;
    return entry;
  });
  return uniqueIds(entries);
}

// ---------------------------------------------------------------------------------
// nro-csv: Canada's Named Research Organizations (name, country, country_iso2, aliases)

export function parseNroCsv(text: string, listId = "ca-nro", url?: string): ScreeningEntry[] {
  const format: ListFormat = "nro-csv";
  let records;
  try {
    records = parseCsvObjects(text, { requiredColumns: ["name", "country", "country_iso2", "aliases"] }).records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) fail(format, `row ${error.row}`, error.row, null, error.message);
    throw error;
  }
  return uniqueIds(
    records.map((record) => {
      const v = record.values;
      const where = `row ${record.row}`;
      const name = (v.name ?? "").trim();
      if (!name) fail(format, where, record.row, "name", "is empty");
      const code = (v.country_iso2 ?? "").trim();
      // "NA" is Namibia; only a truly empty cell means "no country".
      if (code && !/^[A-Z]{2}$/.test(code)) fail(format, where, record.row, "country_iso2", `"${code}" is not an ISO-2 code`);
      const country = code || countryToIso2(v.country);
      const entry: ScreeningEntry = {
        listId,
        entryId: slug(name),
        name,
        aliases: splitList(v.aliases),
        country: country ?? null,
      };
      if (url) entry.url = url;
      return entry;
    }),
  );
}

/** Parses a list file in the given format. */
export function parseScreeningList(format: ListFormat, text: string, listId: string, url?: string): ScreeningEntry[] {
  switch (format) {
    case "csl-csv":
      return parseCslCsv(text, listId);
    case "csl-json":
      return parseCslJson(text, listId);
    case "entities-json":
      return parseEntitiesJson(text, listId, url);
    case "nro-csv":
      return parseNroCsv(text, listId, url);
  }
}

// ---------------------------------------------------------------------------------
// Diff between two versions of a list

export function entryKey(entry: Pick<ScreeningEntry, "listId" | "entryId">): string {
  return `${entry.listId}:${entry.entryId}`;
}

export interface EntryChange {
  key: string;
  before: ScreeningEntry;
  after: ScreeningEntry;
  /** Which fields differ: name, aliases, country, type, programs. */
  fields: string[];
}

export interface EntryDiff {
  added: ScreeningEntry[];
  removed: ScreeningEntry[];
  changed: EntryChange[];
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function diffEntries(oldEntries: readonly ScreeningEntry[], newEntries: readonly ScreeningEntry[]): EntryDiff {
  const before = new Map(oldEntries.map((e) => [entryKey(e), e]));
  const after = new Map(newEntries.map((e) => [entryKey(e), e]));
  const added: ScreeningEntry[] = [];
  const removed: ScreeningEntry[] = [];
  const changed: EntryChange[] = [];
  for (const [key, entry] of after) {
    const previous = before.get(key);
    if (!previous) {
      added.push(entry);
      continue;
    }
    const fields: string[] = [];
    if (previous.name !== entry.name) fields.push("name");
    if (!sameSet(previous.aliases, entry.aliases)) fields.push("aliases");
    if (previous.country !== entry.country || !sameSet(previous.countries, entry.countries)) fields.push("country");
    if ((previous.type ?? null) !== (entry.type ?? null)) fields.push("type");
    if (!sameSet(previous.programs, entry.programs)) fields.push("programs");
    if (fields.length > 0) changed.push({ key, before: previous, after: entry, fields });
  }
  for (const [key, entry] of before) if (!after.has(key)) removed.push(entry);
  return { added, removed, changed };
}
