// Writing CSV that opens safely in spreadsheets: RFC 4180 quoting, and any cell that a
// spreadsheet would read as a formula (=, +, -, @, tab, carriage return) neutralised with a
// leading apostrophe, as OWASP's "CSV Injection" page recommends.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
