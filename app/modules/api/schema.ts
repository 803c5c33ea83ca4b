// Input for creating an API token.
import { z } from "zod";

export const tokenName = z.object({ name: z.string().trim().min(3, "Name the system that will use the token (at least 3 characters).").max(80, "Use at most 80 characters.") });
