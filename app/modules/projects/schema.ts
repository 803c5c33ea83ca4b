// Form and import input for projects, partners, funders and team members.
import { z } from "zod";
import { funderKinds, partnerKinds } from "../../../db/schema/projects";
import { isCountryCode } from "../reference/countries";

const isoDate = z
  .string()
  .trim()
  .transform((v) => v || null)
  // A real calendar date: 2026-02-31 does not exist, although Date.parse would roll it over.
  .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v), "Give a date such as 2027-01-31.");

const optionalCountry = z
  .string()
  .trim()
  .toUpperCase()
  .transform((v) => v || null)
  .refine((v) => v === null || isCountryCode(v), "Choose a country from the list.");

export const projectInput = z
  .object({
    title: z.string().trim().min(3, "Give the project a title (at least 3 characters).").max(200, "Use at most 200 characters."),
    summary: z.string().trim().min(20, "Describe the project in a sentence or two (at least 20 characters).").max(3000, "Use at most 3,000 characters."),
    field: z.string().trim().min(2, "Name the research field, e.g. computational linguistics.").max(120, "Use at most 120 characters."),
    technologyAreas: z.array(z.string().max(60)).min(1, "Choose at least one technology area; “Other, not sensitive” is fine.").max(8, "Choose at most 8 areas: the ones the project really advances."),
    trl: z.coerce.number({ message: "Choose the readiness level that fits best." }).int().min(1, "Choose a level from 1 to 9.").max(9, "Choose a level from 1 to 9."),
    startDate: isoDate,
    endDate: isoDate,
  })
  .refine((p) => !p.startDate || !p.endDate || p.startDate <= p.endDate, { message: "The end date must be on or after the start date.", path: ["endDate"] });
export type ProjectInput = z.infer<typeof projectInput>;

export const partnerInput = z.object({
  name: z.string().trim().min(2, "Enter the organisation's name.").max(300, "Use at most 300 characters."),
  country: optionalCountry,
  kind: z.enum(partnerKinds, { message: "Choose what kind of organisation it is." }),
  role: z.string().trim().min(2, "Say in a few words what the partner does in the project.").max(300, "Use at most 300 characters."),
});
export type PartnerInput = z.infer<typeof partnerInput>;

export const funderInput = z.object({
  name: z.string().trim().min(2, "Enter the funder's name.").max(300, "Use at most 300 characters."),
  country: optionalCountry,
  kind: z.enum(funderKinds, { message: "Choose what kind of funder it is." }),
});
export type FunderInput = z.infer<typeof funderInput>;

export const memberInput = z.object({
  name: z.string().trim().min(1, "Enter the person's name.").max(120, "Use at most 120 characters."),
  role: z.string().trim().min(2, "Enter the person's role, e.g. doctoral researcher.").max(120, "Use at most 120 characters."),
});
export type MemberInput = z.infer<typeof memberInput>;

export { funderKindLabels, partnerKindLabels, trlHelp } from "./labels";
