// Form input for invitations and role changes.
import { z } from "zod";
import { roles } from "../../../db/schema/users";

const optionalId = z
  .union([z.literal(""), z.coerce.number().int().positive()])
  .optional()
  .transform((value) => (value === "" || value === undefined ? null : value));

export const roleChangeInput = z.object({
  role: z.enum(roles, { message: "Choose a role." }),
  institutionId: optionalId,
  agencyId: optionalId,
});
export type RoleChangeInput = z.infer<typeof roleChangeInput>;

export const invitationInput = roleChangeInput.extend({
  email: z.email({ message: "Enter an e-mail address such as name@uni.example.edu." }).max(254, "Use at most 254 characters."),
  name: z.string().trim().min(1, "Enter the person's name.").max(120, "Use at most 120 characters."),
});
export type InvitationInput = z.infer<typeof invitationInput>;
