// Input for the articles an office writes for its own institution.
import { z } from "zod";

export const ownArticleInput = z.object({
  title: z.string().trim().min(5, "Give the article a title (at least 5 characters).").max(200, "Use at most 200 characters."),
  summary: z.string().trim().min(20, "Summarise the article in a sentence (at least 20 characters).").max(400, "Use at most 400 characters."),
  audience: z.enum(["researcher", "officer", "both"], { message: "Choose who the article is for." }),
  topics: z
    .string()
    .transform((text) =>
      text
        .split(/[,\n]/)
        .map((t) => t.trim().toLowerCase().replace(/\s+/g, "-"))
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9-]{2,40}$/, "Use topics of letters, digits and hyphens, separated by commas.")).max(8, "Use at most 8 topics.")),
  body: z.string().trim().min(50, "Write the article (at least 50 characters of markdown).").max(40_000, "Use at most 40,000 characters."),
});

export const feedbackInput = z.object({
  useful: z.enum(["yes", "no"], { message: "Choose yes or no." }),
  comment: z
    .string()
    .trim()
    .max(1000, "Use at most 1,000 characters.")
    .optional()
    .transform((v) => v || null),
});

