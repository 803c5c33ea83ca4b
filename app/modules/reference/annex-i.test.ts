// The EU Annex I reference files load, look up, and refuse malformed rows by name.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAnnexIEntries } from "./annex-i";
import { loadAnnexI } from "./annex-i.server";
import { referenceDir } from "./files.server";

describe("EU Annex I reference", () => {
  const annex = loadAnnexI();

  it("has ten categories, five product groups and the entries index", () => {
    expect(annex.categories.map((c) => c.code)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(annex.productGroups.map((g) => g.code)).toEqual(["A", "B", "C", "D", "E"]);
    expect(annex.entries.length).toBe(384);
    expect(annex.category("5")?.name).toMatch(/Telecommunications/);
  });

  it("looks up entries by code, whatever the case", () => {
    expect(annex.entry("5a002")?.heading).toMatch(/information security/i);
    expect(annex.entriesIn("4", "A").map((e) => e.code)).toContain("4A005");
  });

  it("refuses a malformed row, naming the file and the row", () => {
    const text = readFileSync(path.join(referenceDir(), "eu-annex-i-entries.csv"), "utf8");
    const lines = text.split("\n");
    lines[5] = lines[5]!.replace(/^0B004,0,/, "0B004,7,");
    expect(() => parseAnnexIEntries(lines.join("\n"))).toThrow(/eu-annex-i-entries\.csv: row 6 \("0B004"\), field "category"/);
  });
});
