// Form and command input for institutions and agencies, validated with zod.
import { z } from "zod";
import { isCountryCode } from "../reference/countries";

const domainPattern = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, "Choose a country from the list.");

export const institutionInput = z.object({
  name: z.string().trim().min(2, "Enter the institution's name.").max(200, "Use at most 200 characters."),
  country: countryCode,
  domains: z
    .string()
    .transform((text) =>
      text
        .split(/[\s,;]+/)
        .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(domainPattern, "Enter domains such as uni.example.edu, separated by commas or new lines."))
        .min(1, "Enter at least one e-mail domain, such as uni.example.edu.")
        .max(20, "Use at most 20 domains."),
    ),
});
export type InstitutionInput = z.infer<typeof institutionInput>;

export const agencyInput = z.object({
  name: z.string().trim().min(2, "Enter the agency's name.").max(200, "Use at most 200 characters."),
  countries: z
    .array(countryCode)
    .min(1, "Choose at least one country the agency covers.")
    .max(60, "Choose at most 60 countries."),
});
export type AgencyInput = z.infer<typeof agencyInput>;

export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "institution"
  );
}
