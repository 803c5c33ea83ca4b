// Input for an institution's country tier.
import { z } from "zod";
import { isCountryCode } from "./countries";

export const countryTierInput = z.object({
  country: z.string().trim().toUpperCase().refine(isCountryCode, "Choose a country from the list."),
  tier: z.enum(["concern", "watch"], { message: "Choose a tier." }),
  reason: z.string().trim().min(10, "Say why, in a sentence (at least 10 characters): it is shown to the other officers.").max(500, "Use at most 500 characters."),
});
