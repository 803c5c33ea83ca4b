// CSV reading for the shipped reference and screening files (RFC 4180 style).
// Written by hand so that every value stays a string: no "NA"-as-missing guessing
// (Namibia is "NA"), no number coercion, and every record knows its row and line.

export interface CsvRecord {
  /** 1-based record number, the header being row 1. */
  row: number;
  /** 1-based physical line where the record starts (differs from `row` when fields hold newlines). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly row: number,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Splits CSV text into records. Handles quoted fields with embedded commas, doubled
 * quotes and line breaks, CRLF or LF endings and a leading byte-order mark. A blank
 * line at the very end is ignored; blank lines in between become one-empty-field records
 * so that callers can report them.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let quotedFieldClosed = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = "";
    quotedFieldClosed = false;
  };
  const endRecord = () => {
    endField();
    records.push({ row: records.length + 1, line: recordLine, fields });
    fields = [];
  };

  while (i < src.length) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        quotedFieldClosed = true;
        i += 1;
        continue;
      }
      if (ch === "\n") line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field.length > 0 || quotedFieldClosed) {
        throw new CsvSyntaxError(
          `unexpected quote inside an unquoted field (row ${records.length + 1}, line ${line})`,
          records.length + 1,
          line,
        );
      }
      inQuotes = true;
      i += 1;
      continue;
    }
    if (ch === ",") {
      endField();
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    if (quotedFieldClosed) {
      throw new CsvSyntaxError(
        `text after a closing quote (row ${records.length + 1}, line ${line})`,
        records.length + 1,
        line,
      );
    }
    field += ch;
    i += 1;
  }
  if (inQuotes) {
    throw new CsvSyntaxError(
      `a quoted field opened on row ${records.length + 1} (line ${recordLine}) is never closed`,
      records.length + 1,
      recordLine,
    );
  }
  if (field.length > 0 || fields.length > 0 || quotedFieldClosed) endRecord();
  return records;
}

/** A record as an object keyed by header names. */
export interface CsvObjectRecord {
  row: number;
  line: number;
  values: Record<string, string>;
}

/**
 * Parses CSV text with a header row into objects. A record with a different number
 * of fields than the header is an error, reported with its row and line.
 */
export function parseCsvObjects(
  text: string,
  options: { requiredColumns?: readonly string[]; fileLabel?: string } = {},
): { header: string[]; records: CsvObjectRecord[] } {
  const label = options.fileLabel ? `${options.fileLabel}: ` : "";
  const all = parseCsv(text);
  const headerRecord = all[0];
  if (!headerRecord) throw new CsvSyntaxError(`${label}the file is empty (no header row)`, 1, 1);
  const header = headerRecord.fields.map((h) => h.trim());
  for (const column of options.requiredColumns ?? []) {
    if (!header.includes(column)) {
      throw new CsvSyntaxError(`${label}row 1 (header): missing column "${column}"`, 1, 1);
    }
  }
  const records: CsvObjectRecord[] = [];
  for (const record of all.slice(1)) {
    if (record.fields.length === 1 && record.fields[0] === "") continue; // blank line
    if (record.fields.length !== header.length) {
      throw new CsvSyntaxError(
        `${label}row ${record.row} (line ${record.line}): expected ${header.length} fields, found ${record.fields.length}`,
        record.row,
        record.line,
      );
    }
    const values: Record<string, string> = {};
    header.forEach((name, index) => {
      values[name] = record.fields[index] ?? "";
    });
    records.push({ row: record.row, line: record.line, values });
  }
  return { header, records };
}
