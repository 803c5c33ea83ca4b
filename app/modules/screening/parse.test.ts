// List parsers on small fixture texts and the official 13-row sample; malformed input; diffs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffEntries, entryKey, ImportFormatError, parseCslCsv, parseCslJson, parseEntitiesJson, parseNroCsv } from "./parse";
import type { ScreeningEntry } from "./parse";

const CSL_HEADER =
  "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids";

function cslRow(values: Partial<Record<string, string>>): string {
  const columns = CSL_HEADER.split(",");
  return columns.map((c) => `"${(values[c] ?? "").replace(/"/g, '""')}"`).join(",");
}

function thrown(fn: () => unknown): ImportFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportFormatError) return error;
    throw error;
  }
  throw new Error("expected an ImportFormatError");
}

describe("parseCslCsv", () => {
  it("reads the official 13-row sample into 13 entries", () => {
    const text = readFileSync(path.join(import.meta.dirname, "__fixtures__", "csl-consolidated-sample.csv"), "utf8");
    const entries = parseCslCsv(text);
    expect(entries).toHaveLength(13);
    const cetc = entries.find((e) => e.name.startsWith("China Electronics Technology Group Corporation 13th"));
    expect(cetc?.country).toBe("CN");
    expect(cetc?.aliases).toContain("Hebei Semiconductor Research Institute");
    const rim = entries.find((e) => e.name === "RIM, Ryong Nam");
    // Countries come from addresses, never from nationality.
    expect(rim?.countries).toEqual(["CN", "KP"]);
    expect(new Set(entries.map(entryKey)).size).toBe(13);
  });

  it("handles quotes, embedded commas and line breaks", () => {
    const text = [
      CSL_HEADER,
      cslRow({
        source: "Entity List (EL) - Bureau of Industry and Security",
        name: 'Acme "Optics", Ltd.',
        addresses: "1 Road,\nWindhoek, NA; 2 Street, Shanghai, CN",
        alt_names: "Acme; Acme Photonics",
      }),
    ].join("\r\n");
    const [entry] = parseCslCsv(text);
    expect(entry?.name).toBe('Acme "Optics", Ltd.');
    expect(entry?.countries).toEqual(["NA", "CN"]);
    expect(entry?.country).toBe("NA");
    expect(entry?.aliases).toEqual(["Acme", "Acme Photonics"]);
  });

  it("names the row and field of a bad record", () => {
    const text = [
      CSL_HEADER,
      cslRow({ source: "Entity List (EL) - Bureau of Industry and Security", name: "Good Name" }),
      cslRow({ source: "Entity List (EL) - Bureau of Industry and Security", name: "" }),
    ].join("\n");
    const error = thrown(() => parseCslCsv(text));
    expect(error.row).toBe(3);
    expect(error.field).toBe("name");
    expect(error.message).toContain("row 3");
  });

  it("reports a record with too few fields and an unclosed quote", () => {
    expect(thrown(() => parseCslCsv(`${CSL_HEADER}\n"a","b"`)).message).toContain("row 2");
    expect(thrown(() => parseCslCsv(`${CSL_HEADER}\n${cslRow({ name: "x" })}\n"unclosed`)).row).toBe(3);
  });
});

describe("parseCslJson", () => {
  const file = (entries: unknown[]) =>
    JSON.stringify({
      tables: { sources: ["Entity List (EL) - Bureau of Industry and Security"], programmes: ["P1; P2"], urls: ["https://example.org/el"] },
      entries,
    });

  it("expands the compact keys", () => {
    const [entry] = parseCslJson(file([{ n: "Harbin Institute of Technology", a: ["HIT"], s: 0, c: ["CN"], pg: 0, u: 0, e: "42" }]));
    expect(entry).toMatchObject({
      listId: "us-csl",
      entryId: "EL-42",
      name: "Harbin Institute of Technology",
      aliases: ["HIT"],
      country: "CN",
      programs: ["P1", "P2"],
      url: "https://example.org/el",
    });
  });

  it("names the entry and field of a bad record", () => {
    const error = thrown(() => parseCslJson(file([{ n: "Fine", s: 0 }, { n: "Broken", s: 7 }])));
    expect(error.row).toBe(2);
    expect(error.field).toBe("s");
    expect(error.message).toContain("entry 2");
  });
});

describe("parseEntitiesJson", () => {
  it("resolves country names to ISO codes and keeps ids unique", () => {
    const text = JSON.stringify({
      entities: [
        { name: "Alpha Works", aliases: ["AW"], country: "Russia" },
        { name: "Alpha Works", aliases: [], country: "Russia" },
        { name: "Beta Lab", aliases: [], country: null },
      ],
    });
    const entries = parseEntitiesJson(text, "bis-entity-list");
    expect(entries.map((e) => e.country)).toEqual(["RU", "RU", null]);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(3);
  });

  it("rejects an entity without a name", () => {
    const error = thrown(() => parseEntitiesJson(JSON.stringify({ entities: [{ name: "A" }, { aliases: [] }] }), "dod-1286"));
    expect(error.row).toBe(2);
    expect(error.field).toBe("name");
  });
});

describe("parseNroCsv", () => {
  it("splits aliases and keeps Namibia's code", () => {
    const text = 'name,country,country_iso2,aliases\n"Institute, of Things",Namibia,NA,IOT; Things Institute\nSecond Org,Iran,IR,\n';
    const entries = parseNroCsv(text);
    expect(entries[0]).toMatchObject({ name: "Institute, of Things", country: "NA", aliases: ["IOT", "Things Institute"] });
    expect(entries[1]?.aliases).toEqual([]);
  });

  it("names the row of a malformed country code", () => {
    const text = "name,country,country_iso2,aliases\nGood,Iran,IR,\nBad,Iran,Iran,\n";
    const error = thrown(() => parseNroCsv(text));
    expect(error.row).toBe(3);
    expect(error.field).toBe("country_iso2");
    expect(error.message).toMatch(/row 3.*country_iso2/);
  });
});

describe("diffEntries", () => {
  const entry = (entryId: string, name: string, extra: Partial<ScreeningEntry> = {}): ScreeningEntry => ({
    listId: "ca-nro",
    entryId,
    name,
    aliases: [],
    country: "CN",
    ...extra,
  });

  it("reports added, removed and changed entries", () => {
    const before = [entry("a", "Alpha"), entry("b", "Beta"), entry("c", "Gamma", { aliases: ["G"] })];
    const after = [entry("a", "Alpha"), entry("c", "Gamma", { aliases: ["G", "Gamma Lab"], country: "RU" }), entry("d", "Delta")];
    const diff = diffEntries(before, after);
    expect(diff.added.map((e) => e.entryId)).toEqual(["d"]);
    expect(diff.removed.map((e) => e.entryId)).toEqual(["b"]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]).toMatchObject({ key: "ca-nro:c", fields: ["aliases", "country"] });
  });

  it("ignores alias order", () => {
    const diff = diffEntries([entry("a", "A", { aliases: ["x", "y"] })], [entry("a", "A", { aliases: ["y", "x"] })]);
    expect(diff.changed).toEqual([]);
  });
});
