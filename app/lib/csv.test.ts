import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { csvCell, toCsv } from "./csv";
import { parseCsvObjects } from "~/modules/reference/csv";

describe("csv writer", () => {
  test("neutralises cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("Harbin Institute")).toBe("Harbin Institute");
  });

  test("quotes commas, quotes and line breaks, and round-trips through a CSV parser", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 2 }), { maxLength: 8 }), (rows) => {
        const text = toCsv(["a", "b"], rows);
        const parsed = parseCsvObjects(text, { requiredColumns: ["a", "b"], fileLabel: "t.csv" }).records;
        expect(parsed.length).toBe(rows.length);
        parsed.forEach((record, i) => {
          for (const [key, index] of [["a", 0], ["b", 1]] as const) {
            const original = rows[i]![index]!;
            const read = record.values[key];
            // Formula-looking cells come back with the apostrophe that disarms them; nothing else changes.
            expect(read).toBe(/^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
          }
        });
      }),
    );
  });
});
