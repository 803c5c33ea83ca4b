// The upstream.projects/v1 format: the documented example parses, the JSON Schema and the zod
// schema agree, errors name the project and the field, and assessment needs no storage.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { projectPath } from "../../lib/paths.server";
import { loadCountryContext } from "../risk/country-context.server";
import { assessProjects, parseProjectsFile, ProjectsFileError, projectInputSchema } from "./projects-file";
import type { AssessProjectsDeps } from "./projects-file";
import { loadQuestionnaire } from "./questionnaire.server";
import { loadTaxonomyLookup } from "./taxonomy-lookup.server";

const exampleText = readFileSync(projectPath("docs", "formats", "projects-v1.example.json"), "utf8");
const jsonSchema = JSON.parse(readFileSync(projectPath("docs", "formats", "projects-v1.schema.json"), "utf8"));
const fromJsonSchema = z.fromJSONSchema(jsonSchema);
const example = () => JSON.parse(exampleText);

const deps: AssessProjectsDeps = {
  questionnaire: loadQuestionnaire(),
  taxonomy: loadTaxonomyLookup(),
  countries: loadCountryContext(),
  screen: (name) => (name.includes("Listed") ? [{ listId: "nro", entryName: "Listed Academy", score: 0.95, level: "strong", decision: null }] : []),
};

describe("projects file format", () => {
  it("the example parses and validates against the zod schema", () => {
    const { projects } = parseProjectsFile(exampleText);
    expect(projects).toHaveLength(3);
    for (const project of example().projects) expect(projectInputSchema.safeParse(project).success).toBe(true);
  });

  it("the JSON Schema accepts the example and agrees with the zod schema on broken variants", () => {
    expect(fromJsonSchema.safeParse(example()).success).toBe(true);
    const variants: [string, (data: ReturnType<typeof example>) => void][] = [
      ["wrong format", (d) => (d.format = "upstream.projects/v2")],
      ["no projects", (d) => (d.projects = [])],
      ["missing title", (d) => delete d.projects[0].title],
      ["TRL out of range", (d) => (d.projects[1].trl = 10)],
      ["fractional TRL", (d) => (d.projects[1].trl = 2.5)],
      ["lower-case country", (d) => (d.projects[0].partners[0].country = "de")],
      ["unknown partner kind", (d) => (d.projects[0].partners[0].kind = "spy-agency")],
      ["unknown field", (d) => (d.projects[0].nationality = "x")],
      ["number as answer", (d) => (d.projects[0].answers["research-type"] = 3)],
      ["no technology area", (d) => (d.projects[2].technologyAreas = [])],
      ["team members", (d) => (d.projects[2].team = [{ name: "A", role: "B" }])],
    ];
    for (const [name, mutate] of variants) {
      const data = example();
      mutate(data);
      expect(fromJsonSchema.safeParse(data).success, `JSON Schema: ${name}`).toBe(false);
      expect(() => parseProjectsFile(JSON.stringify(data)), `zod: ${name}`).toThrow(ProjectsFileError);
    }
  });

  it("names the project and the field at fault", () => {
    const data = example();
    data.projects[1].partners[0].country = "XX";
    data.projects[2].trl = 0;
    try {
      parseProjectsFile(JSON.stringify(data));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProjectsFileError);
      const problems = (error as ProjectsFileError).problems;
      expect(problems[0]).toMatch(/^project 2 \("Recognising crowd emotions in public-space video"\), field "partners\.0\.country": is not an ISO 3166-1 country code/);
      expect(problems[1]).toMatch(/^project 3 \("Compact atom interferometers for gravity mapping"\), field "trl"/);
    }
    expect(() => parseProjectsFile("{ not json")).toThrow(/not valid JSON/);
    expect(() => parseProjectsFile(JSON.stringify({ format: "upstream.projects/v1" }))).toThrow(/top level, field "projects"/);
  });
});

describe("assessing projects from a file", () => {
  const results = assessProjects(parseProjectsFile(exampleText).projects, deps);

  it("assesses the benign project as quiet and complete", () => {
    const benign = results[0]!;
    expect(benign.externalId).toBe("MATH-2027-014");
    expect(benign.complete).toBe(true);
    expect(benign.problems).toEqual([]);
    expect(benign.profile.needsOfficeReview).toBe(false);
  });

  it("assesses the surveillance-capable project with a high human-rights level", () => {
    const cctv = results[1]!;
    expect(cctv.complete).toBe(true);
    expect(cctv.problems).toEqual([]);
    expect(["high", "critical"]).toContain(cctv.profile.dimensions.human_rights.level);
    expect(cctv.profile.beneficialPotential).toMatch(/crowd crushes/);
  });

  it("assesses the quantum-sensing project as needing review", () => {
    const quantum = results[2]!;
    expect(quantum.problems).toEqual([]);
    expect(quantum.profile.needsOfficeReview).toBe(true);
  });

  it("screens partners, and reports unknown, hidden and refused answers instead of counting them", () => {
    const data = example();
    const project = data.projects[0];
    project.partners.push({ name: "Listed Institute of Technology", country: "DE", kind: "university", role: "Co-author" });
    project.answers["misuse-kinds"] = ["military"];
    project.answers["no-such-question"] = "yes";
    project.answers["publication-intent"] = "whenever";
    project.technologyAreas.push("warp-drives");
    const [result] = assessProjects(parseProjectsFile(JSON.stringify({ ...data, projects: [project] })).projects, deps);
    expect(result!.profile.dimensions.partner.level).toBe("high");
    const byQuestion = Object.fromEntries(result!.problems.map((p) => [p.questionId, p.message]));
    expect(byQuestion["no-such-question"]).toMatch(/no question/);
    expect(byQuestion["misuse-kinds"]).toMatch(/Not asked/);
    expect(byQuestion["publication-intent"]).toBe("Choose one of the answers offered.");
    expect(byQuestion["technologyAreas"]).toMatch(/warp-drives/);
    expect(result!.complete).toBe(false);
  });
});
