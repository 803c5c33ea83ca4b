// EAR country groups and Wassenaar participation lookups, and refusal of malformed rows.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEarCountryGroups } from "./country-groups";
import { countryGroupsOf, loadCountryGroups } from "./country-groups.server";
import { referenceDir } from "./files.server";

describe("country groups", () => {
  it("gives the EAR groups of a country", () => {
    expect(countryGroupsOf("CN")?.ear).toEqual(["D:1", "D:3", "D:4", "D:5"]);
    expect(countryGroupsOf("cn")?.wassenaarParticipant).toBe(false);
    expect(countryGroupsOf("IR")?.ear).toContain("E:1");
    expect(countryGroupsOf("CU")?.ear).toContain("E:2");
    expect(countryGroupsOf("MO")?.ear).not.toContain("D:5");
  });

  it("treats NA as Namibia, not as a missing value", () => {
    expect(countryGroupsOf("NA")?.earName).toBe("Namibia");
  });

  it("knows the Wassenaar participants, with caveats", () => {
    const index = loadCountryGroups();
    expect(index.wassenaarParticipants()).toEqual(expect.arrayContaining(["DE", "US", "RU", "MT", "UA", "JP"]));
    expect(countryGroupsOf("RU")?.wassenaarParticipant).toBe(true);
    expect(countryGroupsOf("IS")?.wassenaarNote).toMatch(/VERIFY/);
    expect(index.membersOf("E:1").sort()).toEqual(["IR", "KP", "SY"]);
    expect(index.isInGroup("KP", "D:1")).toBe(true);
    expect(countryGroupsOf("ZZ")).toBeNull();
  });

  it("refuses a malformed row, naming the file and the item", () => {
    const text = readFileSync(path.join(referenceDir(), "ear-country-groups.csv"), "utf8").replace("Namibia,NA,", "Namibia,Nam,");
    expect(() => parseEarCountryGroups(text)).toThrow(/ear-country-groups\.csv: row \d+ \("Namibia"\), field "iso2"/);
    const badMark = readFileSync(path.join(referenceDir(), "ear-country-groups.csv"), "utf8").replace(/^Albania,AL,,,,,,X/m, "Albania,AL,,,,,,yes");
    expect(() => parseEarCountryGroups(badMark)).toThrow(/row 3 \("Albania"\), field "A:6"/);
  });
});
