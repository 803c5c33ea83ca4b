// The shipped taxonomy loads and covers what researchers need; malformed data is refused by name.
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TMP_DIR } from "../../../tests/support/paths";
import { ReferenceDataError } from "./errors";
import { EU_CRITICAL_TECHNOLOGY_AREAS, isHighestRiskArea, parseTechnologyTaxonomy } from "./technology-areas";
import { loadTechnologyTaxonomy } from "./technology-areas.server";
import { referenceDir } from "./files.server";

describe("technology taxonomy", () => {
  const taxonomy = loadTechnologyTaxonomy();

  it("loads the shipped file with 20 to 35 areas", () => {
    expect(taxonomy.areas.length).toBeGreaterThanOrEqual(20);
    expect(taxonomy.areas.length).toBeLessThanOrEqual(35);
  });

  it("covers the required fields, including clearly benign ones", () => {
    const ids = taxonomy.areas.map((a) => a.id);
    for (const id of [
      "ai-machine-learning", "quantum-computing", "semiconductors-microelectronics", "biotechnology-genetic-engineering",
      "advanced-materials", "sensing-imaging", "cryptography-information-security", "telecommunications-networks",
      "space-satellites", "propulsion-rocketry", "navigation-timing", "robotics-autonomous-systems", "energy-technologies",
      "nuclear-radiation", "marine-underwater", "lasers-optics-photonics", "human-machine-integration",
      "pure-mathematics", "humanities", "social-sciences", "other-benign",
    ]) {
      expect(ids, id).toContain(id);
    }
    const benign = taxonomy.areas.filter((a) => a.sensitivity === "none");
    expect(benign.every((a) => a.euCriticalTechnology === null && !a.surveillanceCapable)).toBe(true);
  });

  it("marks exactly the four highest-risk EU areas as such", () => {
    const highest = new Set(taxonomy.areas.filter(isHighestRiskArea).map((a) => a.euCriticalTechnology!.area));
    expect([...highest].sort()).toEqual(EU_CRITICAL_TECHNOLOGY_AREAS.filter((a) => a.highestRisk).map((a) => a.id).sort());
  });

  it("refuses a malformed area, naming the file and the item", () => {
    const broken = JSON.parse(readFileSync(path.join(referenceDir(), "technology-areas.json"), "utf8"));
    broken.areas[3].sensitivity = "extreme";
    expect(() => parseTechnologyTaxonomy(broken)).toThrow(ReferenceDataError);
    expect(() => parseTechnologyTaxonomy(broken)).toThrow(/technology-areas\.json: area 4 \("quantum-computing"\), field "sensitivity"/);
  });

  it("refuses a wrong highest-risk flag and an unknown Annex I entry", () => {
    const broken = JSON.parse(readFileSync(path.join(referenceDir(), "technology-areas.json"), "utf8"));
    broken.areas[0].euCriticalTechnology.highestRisk = false;
    expect(() => parseTechnologyTaxonomy(broken)).toThrow(/highestRisk/);

    const dir = mkdtempSync(path.join(TMP_DIR, "taxonomy-"));
    for (const f of ["eu-annex-i-categories.csv", "eu-annex-i-entries.csv"]) copyFileSync(path.join(referenceDir(), f), path.join(dir, f));
    const unknown = JSON.parse(readFileSync(path.join(referenceDir(), "technology-areas.json"), "utf8"));
    unknown.areas[0].controlList.exampleEntries = ["4D999"];
    writeFileSync(path.join(dir, "technology-areas.json"), JSON.stringify(unknown));
    expect(() => loadTechnologyTaxonomy(dir)).toThrow(/area 1 \("ai-machine-learning"\).*4D999 is not in the Annex I entries index/);
  });
});
