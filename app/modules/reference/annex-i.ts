// EU dual-use Annex I (Regulation 2021/821) categories, product groups and the entries
// index: parsing of the shipped CSV files and lookups (pure).
import { z } from "zod";
import { CsvSyntaxError, parseCsvObjects } from "./csv";
import { describeIssue, ReferenceDataError } from "./errors";
import { ANNEX_I_ENTRY_CODE, CONTROL_LIST_CATEGORIES, CONTROL_LIST_PRODUCT_GROUPS } from "./technology-areas";
import type { ControlListCategory, ControlListProductGroup } from "./technology-areas";

export interface AnnexICategory {
  code: ControlListCategory;
  name: string;
  entryCount: number;
}

export interface AnnexIProductGroup {
  code: ControlListProductGroup;
  name: string;
  entryCount: number;
}

export interface AnnexIEntry {
  code: string;
  category: ControlListCategory;
  productGroup: ControlListProductGroup;
  /** First line of the entry's legal text, as published (kept verbatim: it is the regulation's wording). */
  heading: string;
  parameterCount: number;
  noteCount: number;
}

export interface AnnexI {
  categories: AnnexICategory[];
  productGroups: AnnexIProductGroup[];
  entries: AnnexIEntry[];
  category(code: string): AnnexICategory | undefined;
  productGroup(code: string): AnnexIProductGroup | undefined;
  entry(code: string): AnnexIEntry | undefined;
  entriesIn(category: string, productGroup?: string): AnnexIEntry[];
}

const countText = z.string().regex(/^\d+$/, "must be a whole number").transform(Number);

const categoryRow = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("category"), code: z.enum(CONTROL_LIST_CATEGORIES), name: z.string().min(1), count: countText }),
  z.object({ kind: z.literal("product_group"), code: z.enum(CONTROL_LIST_PRODUCT_GROUPS), name: z.string().min(1), count: countText }),
]);

const entryRow = z.object({
  entry_code: z.string().regex(ANNEX_I_ENTRY_CODE, 'must look like "5A002"'),
  category: z.enum(CONTROL_LIST_CATEGORIES),
  product_group: z.enum(CONTROL_LIST_PRODUCT_GROUPS),
  heading_first_line: z.string().min(1),
  n_parameters: countText,
  n_notes: countText,
});

function readCsv(text: string, file: string, requiredColumns: string[]) {
  try {
    return parseCsvObjects(text, { requiredColumns, fileLabel: file }).records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ReferenceDataError(error.message, file);
    throw error;
  }
}

export function parseAnnexICategories(
  text: string,
  file = "eu-annex-i-categories.csv",
): { categories: AnnexICategory[]; productGroups: AnnexIProductGroup[] } {
  const countColumn = "entries_in_2025-11-15_consolidation";
  const records = readCsv(text, file, ["kind", "code", "name"]);
  const categories: AnnexICategory[] = [];
  const productGroups: AnnexIProductGroup[] = [];
  for (const record of records) {
    // The count column carries the consolidation date in its name; accept any such column.
    const countKey = Object.keys(record.values).find((k) => k.startsWith("entries_in_")) ?? countColumn;
    const parsed = categoryRow.safeParse({ ...record.values, count: record.values[countKey] ?? "" });
    if (!parsed.success) {
      throw describeIssue(file, `row ${record.row} ("${record.values.code ?? ""}")`, parsed.error.issues);
    }
    const row = parsed.data;
    if (row.kind === "category") categories.push({ code: row.code, name: row.name, entryCount: row.count });
    else productGroups.push({ code: row.code, name: row.name, entryCount: row.count });
  }
  return { categories, productGroups };
}

export function parseAnnexIEntries(text: string, file = "eu-annex-i-entries.csv"): AnnexIEntry[] {
  const records = readCsv(text, file, ["entry_code", "category", "product_group", "heading_first_line"]);
  const seen = new Set<string>();
  return records.map((record) => {
    const itemLabel = `row ${record.row} ("${record.values.entry_code ?? ""}")`;
    const parsed = entryRow.safeParse(record.values);
    if (!parsed.success) throw describeIssue(file, itemLabel, parsed.error.issues);
    const row = parsed.data;
    if (row.entry_code[0] !== row.category || row.entry_code[1] !== row.product_group) {
      throw new ReferenceDataError(`${file}: ${itemLabel}, field "category": does not agree with the entry code`, file);
    }
    if (seen.has(row.entry_code)) throw new ReferenceDataError(`${file}: ${itemLabel}, field "entry_code": duplicate`, file);
    seen.add(row.entry_code);
    const heading = row.heading_first_line.startsWith(row.entry_code)
      ? row.heading_first_line.slice(row.entry_code.length).trim()
      : row.heading_first_line;
    return {
      code: row.entry_code,
      category: row.category,
      productGroup: row.product_group,
      heading,
      parameterCount: row.n_parameters,
      noteCount: row.n_notes,
    };
  });
}

export function buildAnnexI(
  parts: { categories: AnnexICategory[]; productGroups: AnnexIProductGroup[] },
  entries: AnnexIEntry[],
): AnnexI {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  return {
    categories: parts.categories,
    productGroups: parts.productGroups,
    entries,
    category: (code) => parts.categories.find((c) => c.code === code),
    productGroup: (code) => parts.productGroups.find((g) => g.code === code.toUpperCase()),
    entry: (code) => byCode.get(code.trim().toUpperCase()),
    entriesIn: (category, productGroup) =>
      entries.filter((e) => e.category === category && (productGroup === undefined || e.productGroup === productGroup)),
  };
}
