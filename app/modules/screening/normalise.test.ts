// Name normalisation: each rule on small, realistic cases.
import { describe, expect, it } from "vitest";
import { foldRomanisation, looksLikeAcronym, nameVariants, normaliseName } from "./normalise";

const folded = (name: string) => normaliseName(name).folded.join(" ");
const tokenSet = (name: string) => [...new Set(normaliseName(name).folded)].sort().join(" ");

describe("normaliseName", () => {
  it("ignores case, accents and punctuation", () => {
    expect(folded("TECHNISCHE Universität, München!")).toBe(folded("technische universitat munchen"));
    expect(folded("École Polytechnique")).toBe(folded("ecole polytechnique"));
    expect(folded("Xi'an Jiaotong")).toBe(folded("Xian Jiaotong"));
  });

  it("expands common abbreviations and treats & as and", () => {
    expect(folded("Harbin Inst. of Tech.")).toBe(folded("Harbin Institute of Technology"));
    expect(folded("Beijing Univ. of Posts & Telecommunications")).toBe(folded("Beijing University of Posts and Telecommunications"));
    expect(folded("Acad. of Military Medical Sci.")).toBe(folded("Academy of Military Medical Sciences"));
    expect(folded("Huazhong University of S&T")).toBe(folded("Huazhong University of Science and Technology"));
  });

  it("drops legal forms and stop words", () => {
    expect(folded("Huawei Technologies Co., Ltd.")).toBe(folded("Huawei Technologies"));
    expect(tokenSet("Concern Almaz-Antey JSC")).toBe(tokenSet("Joint-Stock Company Concern Almaz-Antey"));
    expect(normaliseName("The Institute of Physics").plain).toEqual(["institute", "physic"]);
    expect(normaliseName("Siemens GmbH").plain).toEqual(["siemen"]);
  });

  it("keeps legal-form words when nothing else is left", () => {
    expect(normaliseName("Company Limited").plain.length).toBeGreaterThan(0);
  });

  it("compares word sets regardless of order", () => {
    expect(tokenSet("Institute of Computing Technology, Chinese Academy of Sciences")).toBe(
      tokenSet("Chinese Academy of Sciences Institute of Computing Technology"),
    );
  });

  it("aligns British and American spellings", () => {
    expect(folded("National University of Defence Technology")).toBe(folded("National University of Defense Technology"));
    expect(folded("Research Centre")).toBe(folded("Research Center"));
  });

  it("derives acronyms from significant words", () => {
    expect(normaliseName("National University of Defense Technology").acronym).toBe("nudt");
    expect(normaliseName("Beijing University of Posts and Telecommunications").acronym).toBe("bupt");
    expect(normaliseName("Harbin Institute of Technology").acronym).toBe("hit");
    expect(normaliseName("Tianjin University").acronym).toBeNull();
  });

  it("folds common romanisation variants", () => {
    expect(folded("Peking")).toBe(folded("Beijing"));
    expect(folded("Qinghua University")).toBe(folded("Tsinghua University"));
    expect(folded("Tsing Hua")).toBe(folded("Tsinghua"));
    expect(folded("Nanking")).toBe(folded("Nanjing"));
    expect(folded("Tekhnicheskiy")).toBe(folded("Tekhnicheskii"));
    expect(folded("Tekhnicheskiy")).toBe(folded("Tekhnicheskij"));
    expect(folded("Tekhnicheskiy")).toBe(folded("Tehnicheskii"));
    expect(folded("Kharkevich")).toBe(folded("Harkevich"));
    expect(folded("Almaz-Antey")).toBe(folded("Almaz Antei"));
    expect(foldRomanisation("yekaterinburg")).toBe(foldRomanisation("ekaterinburg"));
  });
});

describe("nameVariants", () => {
  it("separates a.k.a. names and parenthesised acronyms", () => {
    const variants = nameVariants("Mesbah Energy Company (a.k.a. “MEC”)").map((v) => v.name);
    expect(variants).toContain("Mesbah Energy Company");
    expect(variants).toContain("MEC");
  });

  it("removes list boilerplate", () => {
    const [first] = nameVariants("Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof");
    expect(first?.name).toBe("Sinobright Import and Export Company");
  });

  it("pulls out comma-set acronyms and drops honorifics", () => {
    const kharkevich = nameVariants("A.A. Kharkevich Institute for Information Transmission Problems, IITP, Russian Academy of Sciences");
    expect(kharkevich.map((v) => v.name)).toContain("IITP");
    const ural = nameVariants("Ural Federal University Named After First President of Russia B.N. Yeltsin").map((v) => v.name);
    expect(ural).toContain("Ural Federal University");
  });

  it("does not take place qualifiers for acronyms", () => {
    const names = nameVariants("Ace Electronics (HK) Co., Limited").map((v) => v.name);
    expect(names).not.toContain("HK");
    expect(looksLikeAcronym("NUDT")).toBe(true);
    expect(looksLikeAcronym("Harbin")).toBe(false);
  });
});
