// The technology taxonomy researchers pick from: its vocabularies, schema and lookups
// (pure; the file itself is read by technology-areas.server.ts).
import { z } from "zod";
import { describeIssue, ReferenceDataError } from "./errors";

/** The ten areas of the EU Commission Recommendation of 3 October 2023; the first four are the highest-risk ones. */
export const EU_CRITICAL_TECHNOLOGY_AREAS = [
  { id: "advanced-semiconductors", label: "Advanced semiconductor technologies", highestRisk: true },
  { id: "artificial-intelligence", label: "Artificial intelligence", highestRisk: true },
  { id: "quantum", label: "Quantum technologies", highestRisk: true },
  { id: "biotechnologies", label: "Biotechnologies", highestRisk: true },
  { id: "advanced-connectivity-navigation-digital", label: "Advanced connectivity, navigation and digital technologies", highestRisk: false },
  { id: "advanced-sensing", label: "Advanced sensing technologies", highestRisk: false },
  { id: "space-and-propulsion", label: "Space and propulsion technologies", highestRisk: false },
  { id: "energy", label: "Energy technologies", highestRisk: false },
  { id: "robotics-and-autonomous-systems", label: "Robotics and autonomous systems", highestRisk: false },
  { id: "advanced-materials-manufacturing-recycling", label: "Advanced materials, manufacturing and recycling", highestRisk: false },
] as const;

/** The eleven Sensitive Technology Research Areas of Canada's STRAC policy. */
export const CANADA_STRA_CATEGORIES = [
  { id: "advanced-digital-infrastructure", label: "Advanced Digital Infrastructure Technology" },
  { id: "advanced-energy", label: "Advanced Energy Technology" },
  { id: "advanced-materials-and-manufacturing", label: "Advanced Materials and Manufacturing" },
  { id: "advanced-sensing-and-surveillance", label: "Advanced Sensing and Surveillance" },
  { id: "advanced-weapons", label: "Advanced Weapons" },
  { id: "aerospace-space-and-satellite", label: "Aerospace, Space and Satellite Technology" },
  { id: "ai-and-big-data", label: "Artificial Intelligence and Big Data Technology" },
  { id: "human-machine-integration", label: "Human-Machine Integration" },
  { id: "life-science", label: "Life Science Technology" },
  { id: "quantum-science", label: "Quantum Science and Technology" },
  { id: "robotics-and-autonomous-systems", label: "Robotics and Autonomous Systems" },
] as const;

export const CONTROL_LIST_CATEGORIES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export const CONTROL_LIST_PRODUCT_GROUPS = ["A", "B", "C", "D", "E"] as const;
export const SENSITIVITY_LEVELS = ["none", "low", "elevated", "high"] as const;

export type EuCriticalTechnologyAreaId = (typeof EU_CRITICAL_TECHNOLOGY_AREAS)[number]["id"];
export type CanadaStraCategoryId = (typeof CANADA_STRA_CATEGORIES)[number]["id"];
export type ControlListCategory = (typeof CONTROL_LIST_CATEGORIES)[number];
export type ControlListProductGroup = (typeof CONTROL_LIST_PRODUCT_GROUPS)[number];
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

const euAreaIds = EU_CRITICAL_TECHNOLOGY_AREAS.map((a) => a.id) as [EuCriticalTechnologyAreaId, ...EuCriticalTechnologyAreaId[]];
const straIds = CANADA_STRA_CATEGORIES.map((c) => c.id) as [CanadaStraCategoryId, ...CanadaStraCategoryId[]];

/** Annex I / Wassenaar entry codes look like "5A002": category, product group, three digits. */
export const ANNEX_I_ENTRY_CODE = /^[0-9][A-E][0-9]{3}$/;

export const technologyAreaSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case"),
    label: z.string().trim().min(1),
    description: z.string().trim().min(20, "needs a one-sentence description"),
    euCriticalTechnology: z
      .object({ area: z.enum(euAreaIds), highestRisk: z.boolean() })
      .strict()
      .nullable(),
    canadaStra: z.array(z.enum(straIds)),
    controlList: z
      .object({
        categories: z.array(z.enum(CONTROL_LIST_CATEGORIES)),
        productGroups: z.array(z.enum(CONTROL_LIST_PRODUCT_GROUPS)),
        exampleEntries: z.array(z.string().regex(ANNEX_I_ENTRY_CODE, 'must look like "5A002"')),
      })
      .strict(),
    sensitivity: z.enum(SENSITIVITY_LEVELS),
    surveillanceCapable: z.boolean(),
  })
  .strict()
  .superRefine((area, ctx) => {
    const eu = area.euCriticalTechnology;
    if (eu) {
      const expected = EU_CRITICAL_TECHNOLOGY_AREAS.find((a) => a.id === eu.area)?.highestRisk;
      if (expected !== eu.highestRisk) {
        ctx.addIssue({
          code: "custom",
          path: ["euCriticalTechnology", "highestRisk"],
          message: `"${eu.area}" is ${expected ? "" : "not "}one of the four highest-risk areas`,
        });
      }
    }
    // An example entry outside the area's own categories would make the mapping contradict itself.
    for (const [index, code] of area.controlList.exampleEntries.entries()) {
      const category = code[0] as ControlListCategory;
      const group = code[1] as ControlListProductGroup;
      if (!area.controlList.categories.includes(category) || !area.controlList.productGroups.includes(group)) {
        ctx.addIssue({
          code: "custom",
          path: ["controlList", "exampleEntries", index],
          message: `${code} is outside the listed categories/product groups`,
        });
      }
    }
  });

export type TechnologyArea = z.infer<typeof technologyAreaSchema>;

export interface TechnologyTaxonomy {
  version: number;
  updated: string;
  areas: TechnologyArea[];
}

const fileShape = z.object({
  version: z.number().int().positive(),
  updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().optional(),
  areas: z.array(z.unknown()).min(1),
});

/**
 * Validates the taxonomy file's parsed JSON. Throws a ReferenceDataError naming the
 * file and the offending area (by position and id) when anything is off.
 * `knownEntryCodes`, when given, checks each example entry against the Annex I index.
 */
export function parseTechnologyTaxonomy(
  data: unknown,
  file = "technology-areas.json",
  knownEntryCodes?: ReadonlySet<string>,
): TechnologyTaxonomy {
  const top = fileShape.safeParse(data);
  if (!top.success) throw describeIssue(file, "top level", top.error.issues);

  const areas: TechnologyArea[] = [];
  const seen = new Set<string>();
  top.data.areas.forEach((raw, index) => {
    const rawId = typeof raw === "object" && raw !== null && "id" in raw ? String((raw as { id: unknown }).id) : "?";
    const itemLabel = `area ${index + 1} ("${rawId}")`;
    const parsed = technologyAreaSchema.safeParse(raw);
    if (!parsed.success) throw describeIssue(file, itemLabel, parsed.error.issues);
    if (seen.has(parsed.data.id)) {
      throw new ReferenceDataError(`${file}: ${itemLabel}, field "id": duplicate id`, file);
    }
    seen.add(parsed.data.id);
    if (knownEntryCodes) {
      const unknown = parsed.data.controlList.exampleEntries.find((code) => !knownEntryCodes.has(code));
      if (unknown) {
        throw new ReferenceDataError(
          `${file}: ${itemLabel}, field "controlList.exampleEntries": ${unknown} is not in the Annex I entries index`,
          file,
        );
      }
    }
    areas.push(parsed.data);
  });
  return { version: top.data.version, updated: top.data.updated, areas };
}

export function findTechnologyArea(taxonomy: TechnologyTaxonomy, id: string): TechnologyArea | undefined {
  return taxonomy.areas.find((area) => area.id === id);
}

export function isHighestRiskArea(area: TechnologyArea): boolean {
  return area.euCriticalTechnology?.highestRisk ?? false;
}

export function euCriticalTechnologyLabel(id: EuCriticalTechnologyAreaId): string {
  return EU_CRITICAL_TECHNOLOGY_AREAS.find((a) => a.id === id)?.label ?? id;
}

export function canadaStraLabel(id: CanadaStraCategoryId): string {
  return CANADA_STRA_CATEGORIES.find((c) => c.id === id)?.label ?? id;
}
