// The matcher on a small hand-made index: aliases, acronyms, variants, near-misses, country.
import { describe, expect, it } from "vitest";
import { buildIndex, isLikelyMatch, MATCH_THRESHOLD, screen } from "./match";
import type { ScreeningEntry } from "./parse";

const entries: ScreeningEntry[] = [
  { listId: "ca-nro", entryId: "nudt", name: "National University of Defense Technology", aliases: ["NUDT", "Hunan Guofang Keji University"], country: "CN" },
  { listId: "ca-nro", entryId: "hit", name: "Harbin Institute of Technology", aliases: ["HIT"], country: "CN" },
  { listId: "ca-nro", entryId: "heu", name: "Harbin Engineering University", aliases: [], country: "CN" },
  { listId: "bis-entity-list", entryId: "nwpu", name: "Northwestern Polytechnical University", aliases: ["Northwest Polytechnic University"], country: "CN" },
  { listId: "bis-entity-list", entryId: "skoltech", name: "Skolkovo Institute of Science and Technology", aliases: ["Skoltech"], country: "RU" },
  { listId: "dod-1286", entryId: "xjtu", name: "Xi'an Jiatong University", aliases: [], country: null },
  { listId: "us-csl", entryId: "EL-1", name: "Moskovskiy Fiziko-Tekhnicheskiy Institut", aliases: [], country: "RU" },
  { listId: "us-csl", entryId: "EL-2", name: "Huawei Technologies Co., Ltd.", aliases: [], country: "CN" },
  { listId: "us-csl", entryId: "EL-3", name: "Shenzhen Huawei Terminal Co., Ltd.", aliases: [], country: "CN" },
  { listId: "us-csl", entryId: "EL-4", name: "Beijing University of Aeronautics and Astronautics", aliases: ["Beihang University", "BUAA"], country: "CN" },
  { listId: "us-csl", entryId: "EL-5", name: "Tianjin University", aliases: [], country: "CN" },
  { listId: "us-csl", entryId: "EL-6", name: "Sichuan Trading Company", aliases: [], country: "CN" },
  { listId: "us-csl", entryId: "EL-7", name: "Polar Research Institute", aliases: [], country: "CN" },
  { listId: "us-csl", entryId: "EL-8", name: "Central Research Institute of Chemistry", aliases: [], country: "RU" },
];
const index = buildIndex(entries);
const top = (name: string, country?: string) => screen(index, { name, country })[0];

describe("screen", () => {
  it("finds an exact name and says so", () => {
    const hit = top("Harbin Institute of Technology", "CN");
    expect(hit).toMatchObject({ entryId: "hit", method: "exact", score: 1, countryAgrees: true, level: "strong" });
  });

  it("finds entries by listed aliases and acronyms, and the explanation names the alias and the country", () => {
    const nudt = top("NUDT", "CN")!;
    expect(nudt.entryId).toBe("nudt");
    expect(nudt.matchedName).toBe("NUDT");
    expect(nudt.explanation).toContain('alias "NUDT"');
    expect(nudt.explanation).toContain("National University of Defense Technology");
    expect(nudt.explanation).toMatch(/country agrees/i);
    expect(top("Beihang University")?.entryId).toBe("EL-4");
    expect(top("Skoltech")?.entryId).toBe("skoltech");
  });

  it("derives acronyms from listed names", () => {
    const hit = screen(index, { name: "HEU" }).find((c) => c.entryId === "heu");
    expect(hit?.method).toBe("acronym");
    expect(hit?.explanation).toContain("acronym");
  });

  it("survives punctuation, case, accents, abbreviations, & and word order", () => {
    for (const variant of [
      "harbin inst. of tech.",
      "HARBIN INSTITUTE OF TECHNOLOGY",
      "Hárbin Institute of Technology",
      "Technology Institute of Harbin",
      "Harbin Institute of Technology, Ltd.",
    ]) {
      const hit = top(variant, "CN");
      expect(hit?.entryId, variant).toBe("hit");
      expect(isLikelyMatch(hit!), variant).toBe(true);
    }
    expect(top("Beijing Univ. of Aeronautics & Astronautics")?.entryId).toBe("EL-4");
  });

  it("folds transliteration and spelling variants", () => {
    const xjtu = top("Xi'an Jiaotong University", "CN")!;
    expect(xjtu.entryId).toBe("xjtu");
    expect(xjtu.method).toBe("transliteration");
    expect(xjtu.countryAgrees).toBeNull();
    expect(xjtu.explanation).toMatch(/could not be compared/);
    const mipt = top("Moskovskii Fiziko-Tekhnicheskii Institut")!;
    expect(mipt.entryId).toBe("EL-1");
    expect(isLikelyMatch(mipt)).toBe(true);
  });

  it("does not flag a different organisation sharing a word", () => {
    expect(screen(index, { name: "Northwestern University", country: "US" }).filter(isLikelyMatch)).toEqual([]);
    expect(screen(index, { name: "National University of Singapore", country: "SG" }).filter(isLikelyMatch)).toEqual([]);
    expect(screen(index, { name: "Harbin Medical University", country: "CN" }).filter(isLikelyMatch)).toEqual([]);
    expect(screen(index, { name: "Tianjin University of Technology", country: "CN" }).filter(isLikelyMatch)).toEqual([]);
  });

  it("lets generic words weigh little", () => {
    // Sharing only "Research Institute" with listed names is not evidence.
    expect(screen(index, { name: "Marine Research Institute", country: "NO" }).filter(isLikelyMatch)).toEqual([]);
  });

  it("lowers the score when the country disagrees, not when it agrees or is unknown", () => {
    const agree = top("Huawei Technologies", "CN")!;
    const unknown = top("Huawei Technologies")!;
    const disagree = top("Huawei Technologies", "DE")!;
    expect(agree.score).toBe(unknown.score);
    expect(disagree.score).toBeLessThan(agree.score);
    expect(disagree.countryAgrees).toBe(false);
    expect(disagree.explanation).toContain("so the score was lowered");
    expect(unknown.explanation).toMatch(/No partner country was given/);
  });

  it("ranks candidates and keeps scores between 0 and 1", () => {
    const results = screen(index, { name: "Huawei Terminal", country: "CN" }, { minScore: 0 });
    expect(results[0]?.entryId).toBe("EL-3");
    for (const c of results) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
    }
    const scores = results.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("returns nothing for empty or noise input", () => {
    expect(screen(index, { name: "" })).toEqual([]);
    expect(screen(index, { name: "   ,,, " })).toEqual([]);
    expect(screen(index, { name: "Co., Ltd." }).filter(isLikelyMatch)).toEqual([]);
  });

  it("exposes the threshold used to call a match", () => {
    expect(MATCH_THRESHOLD).toBeGreaterThan(0.5);
    expect(MATCH_THRESHOLD).toBeLessThan(1);
  });
});
