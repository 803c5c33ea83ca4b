// Portfolio patterns: one organisation across projects (whatever the spelling), a cluster of
// sensitive work with one foreign country, and a quarter-over-quarter rise in a sensitive area.
import { describe, expect, it } from "vitest";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { detectPatterns } from "./patterns";
import type { PortfolioProject } from "./patterns";

const taxonomy = loadTaxonomyLookup();
const base = { asOf: "2026-11-24", institutionCountry: "NL" };

function project(projectId: number, overrides: Partial<PortfolioProject> = {}): PortfolioProject {
  return { projectId, title: `Project ${projectId}`, technologyAreas: ["pure-mathematics"], trl: 2, startedOn: "2025-01-15", partners: [], ...overrides };
}

describe("same organisation", () => {
  it("counts spelling variants as one organisation, keyed by the folded name", () => {
    const projects = [
      project(3, { partners: [{ name: "Harbin Inst. of Tech.", country: "CN" }] }),
      project(1, { partners: [{ name: "Harbin Institute of Technology", country: "CN" }] }),
      project(2, { partners: [{ name: "HARBIN INSTITUTE OF TECHNOLOGY", country: "CN" }, { name: "Harbin Institute of Technology", country: "CN" }] }),
      project(4, { partners: [{ name: "Harbin Engineering University", country: "CN" }] }),
    ];
    const flags = detectPatterns(projects, taxonomy, base).filter((f) => f.patternId === "same-organisation");
    expect(flags).toHaveLength(1);
    const [flag] = flags;
    expect(flag!.key).toBe("same-organisation:harbin institute technologi");
    expect(flag!.projectIds).toEqual([1, 2, 3]);
    expect(flag!.severity).toBe("medium");
    expect(flag!.explanation).toContain('"Project 1" (#1), "Project 2" (#2), "Project 3" (#3)');
    expect(flag!.explanation).toContain('also written "Harbin Inst. of Tech."');
  });

  it("stays quiet below the threshold, and honours a lower one", () => {
    const projects = [project(1, { partners: [{ name: "Example University", country: "DE" }] }), project(2, { partners: [{ name: "Example Univ.", country: "DE" }] })];
    expect(detectPatterns(projects, taxonomy, base)).toEqual([]);
    expect(detectPatterns(projects, taxonomy, { ...base, sameOrganisationMinProjects: 2 }).map((f) => f.key)).toEqual(["same-organisation:example universiti"]);
  });
});

describe("sensitive area with one foreign country", () => {
  it("flags three sensitive projects with partners in the same country, not the home country", () => {
    const names = ["Alpha Photonics", "Bravo Quantum", "Charlie Labs"];
    const projects = [1, 2, 3].map((id) => project(id, { technologyAreas: ["quantum-computing"], partners: [{ name: names[id - 1]!, country: "SG" }, { name: `${names[id - 1]} Home Office`, country: "NL" }] }));
    const flags = detectPatterns(projects, taxonomy, base).filter((f) => f.patternId === "sensitive-area-country");
    expect(flags.map((f) => [f.key, f.severity, f.projectIds])).toEqual([["sensitive-area-country:quantum-computing:SG", "high", [1, 2, 3]]]);
    expect(flags[0]!.evidence.map((e) => e.partnerName)).toEqual(names);
  });

  it("ignores areas below elevated sensitivity", () => {
    const projects = ["Alpha Clinic", "Bravo Hospital", "Charlie Biolab"].map((name, i) => project(i + 1, { technologyAreas: ["life-sciences-medicine"], partners: [{ name, country: "SG" }] }));
    expect(detectPatterns(projects, taxonomy, base)).toEqual([]);
  });
});

describe("quarter-over-quarter rise", () => {
  // asOf 2026-11-24 is in 2026-Q4, so the latest complete quarter is 2026-Q3 and the one before 2026-Q2.
  const inQ3 = ["2026-07-02", "2026-08-15", "2026-09-30"];

  it("flags at least three in the latest complete quarter and at least double the previous one", () => {
    const projects = [
      ...inQ3.map((startedOn, i) => project(10 + i, { technologyAreas: ["semiconductors-microelectronics"], startedOn })),
      project(20, { technologyAreas: ["semiconductors-microelectronics"], startedOn: "2026-05-01" }),
      project(21, { technologyAreas: ["semiconductors-microelectronics"], startedOn: "2026-10-01" }),
    ];
    const flags = detectPatterns(projects, taxonomy, base).filter((f) => f.patternId === "sensitive-area-rise");
    expect(flags.map((f) => [f.key, f.projectIds])).toEqual([["sensitive-area-rise:semiconductors-microelectronics:2026-Q3", [10, 11, 12]]]);
    expect(flags[0]!.title).toContain("3 in 2026-Q3, 1 the quarter before");
  });

  it("stays quiet when the previous quarter was already as busy", () => {
    const projects = [
      ...inQ3.map((startedOn, i) => project(10 + i, { technologyAreas: ["semiconductors-microelectronics"], startedOn })),
      project(20, { technologyAreas: ["semiconductors-microelectronics"], startedOn: "2026-04-01" }),
      project(21, { technologyAreas: ["semiconductors-microelectronics"], startedOn: "2026-06-30" }),
    ];
    expect(detectPatterns(projects, taxonomy, base).filter((f) => f.patternId === "sensitive-area-rise")).toEqual([]);
  });

  it("crosses the year boundary", () => {
    const projects = ["2026-10-03", "2026-11-11", "2026-12-31"].map((startedOn, i) => project(i + 1, { technologyAreas: ["quantum-sensing-communication"], startedOn }));
    expect(detectPatterns(projects, taxonomy, { ...base, asOf: "2027-01-10" }).map((f) => f.key)).toEqual(["sensitive-area-rise:quantum-sensing-communication:2026-Q4"]);
  });
});

it("is deterministic whatever the input order", () => {
  const projects = [
    ...[1, 2, 3].map((id) => project(id, { technologyAreas: ["quantum-computing", "lasers-optics-photonics"], startedOn: "2026-08-01", partners: [{ name: "Tsinghua University", country: "CN" }] })),
    project(4, { partners: [{ name: "Qinghua Univ.", country: "CN" }] }),
  ];
  const forward = detectPatterns(projects, taxonomy, base);
  expect(detectPatterns([...projects].reverse(), taxonomy, base)).toEqual(forward);
  expect(forward.map((f) => f.key)).toEqual([
    "same-organisation:tsinghua universiti",
    "sensitive-area-country:lasers-optics-photonics:CN",
    "sensitive-area-country:quantum-computing:CN",
    "sensitive-area-rise:lasers-optics-photonics:2026-Q3",
    "sensitive-area-rise:quantum-computing:2026-Q3",
  ]);
  expect(forward[0]!.projectIds).toEqual([1, 2, 3, 4]);
});
