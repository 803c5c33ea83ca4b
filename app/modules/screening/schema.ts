// Form input for screening a name and for recording a decision on a candidate.
import { z } from "zod";
import { screeningDecisionKinds } from "../../../db/schema/screening";
import { isCountryCode } from "../reference/countries";

const optionalCountry = z
  .string()
  .trim()
  .toUpperCase()
  .optional()
  .transform((value) => value || null)
  .refine((value) => value === null || isCountryCode(value), "Choose a country from the list, or leave it empty.");

export const screeningQuery = z.object({
  name: z.string().trim().min(2, "Enter the organisation's name (at least two characters).").max(300, "Use at most 300 characters."),
  country: optionalCountry,
});

export const screeningDecisionInput = z.object({
  name: z.string().trim().min(2).max(300),
  country: optionalCountry,
  listId: z.string().min(1).max(40),
  entryId: z.string().min(1).max(200),
  decision: z.enum(screeningDecisionKinds, { message: "Choose whether this is the listed organisation or not." }),
  reason: z.string().trim().min(10, "Say in a sentence why (at least 10 characters): the next person will rely on it.").max(2000, "Use at most 2,000 characters."),
});

export { MAX_LIST_FILE_BYTES } from "./lists";

export const listImportInput = z.object({
  listId: z.string({ message: "Choose a list." }).min(1, "Choose a list."),
  format: z.enum(["csl-csv", "csl-json", "entities-json", "nro-csv"], { message: "Choose the file's format." }),
  snapshotDate: z
    .string()
    .trim()
    .transform((value) => value || null)
    .refine((value) => value === null || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))), "Give the date as YYYY-MM-DD, e.g. 2026-11-26."),
});
