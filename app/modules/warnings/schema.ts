// Input for escalations and for the agency's replies.
import { z } from "zod";
import { warningOutcomes, warningUrgencies } from "../../../db/schema/warnings";

export const escalationInput = z
  .object({
    agencyIds: z.array(z.coerce.number().int().positive()).min(1, "Choose the agency to warn."),
    urgency: z.enum(warningUrgencies, { message: "Choose how urgent it is." }),
    concern: z.string().trim().min(20, "Describe the concern in a few sentences (at least 20 characters).").max(4000, "Use at most 4,000 characters."),
    includePi: z.boolean(),
    piReason: z
      .string()
      .trim()
      .max(500, "Use at most 500 characters.")
      .transform((v) => v || null),
  })
  .refine((v) => !v.includePi || (v.piReason !== null && v.piReason.length >= 10), { message: "Say why the agency needs the principal investigator's name (at least 10 characters).", path: ["piReason"] });

export function escalationFromForm(form: Record<string, string | string[]>) {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
  return { agencyIds: list(form.agencyIds), urgency: one(form.urgency), concern: one(form.concern), includePi: one(form.includePi) === "yes", piReason: one(form.piReason) };
}

export const agencyQuestionInput = z.object({ body: z.string().trim().min(5, "Write your question.").max(4000, "Use at most 4,000 characters.") });
export const agencyAnswerInput = z.object({ answer: z.string().trim().min(2, "Write your answer.").max(4000, "Use at most 4,000 characters.") });
export const closeInput = z.object({
  outcome: z.enum(warningOutcomes, { message: "Choose the outcome." }),
  note: z
    .string()
    .trim()
    .max(2000, "Use at most 2,000 characters.")
    .transform((v) => v || null),
});
