// The CSV reader: quoting, line breaks, Namibia's code and error positions.
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, parseCsvObjects } from "./csv";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, embedded commas and line breaks", () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""","line1\nline2"\nlast,,NA\n');
    expect(records.map((r) => r.fields)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "line1\nline2"],
      ["last", "", "NA"],
    ]);
    expect(records[2]).toMatchObject({ row: 3, line: 4 });
  });

  it("strips a byte-order mark and keeps NA as text", () => {
    const { records } = parseCsvObjects("\uFEFFname,iso2\nNamibia,NA\n");
    expect(records[0]?.values).toEqual({ name: "Namibia", iso2: "NA" });
  });

  it("reports unclosed quotes and wrong field counts with the row", () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsvObjects("a,b\n1,2\n3\n", { fileLabel: "f.csv" })).toThrow(/f\.csv: row 3 \(line 3\): expected 2 fields, found 1/);
    expect(() => parseCsvObjects("a,b\n1,2\n", { requiredColumns: ["c"] })).toThrow(/missing column "c"/);
  });
});
