// The acting user, as every module function receives it first: who is asking, in which role,
// and for which institution or agency. It comes from the session, never from the request.
import type { Role } from "../../../db/schema/users";

export type { Role };

export type Actor = Readonly<{
  userId: number;
  email: string;
  name: string;
  role: Role;
  institutionId: number | null;
  agencyId: number | null;
  sessionId: string;
  /** Signed in with a password, in a role that must set up two-step sign-in first. */
  twoStepSetupNeeded?: boolean;
}>;

/** Where an action came from, for the audit trail. */
export type RequestOrigin = Readonly<{ ip: string | null; userAgent: string | null }>;

export const roleLabels: Record<Role, string> = {
  researcher: "Researcher",
  officer: "Compliance officer",
  analyst: "Agency analyst",
  admin: "Administrator",
};

export const homePathFor: Record<Role, string> = {
  researcher: "/researcher",
  officer: "/office",
  analyst: "/agency",
  admin: "/admin",
};
