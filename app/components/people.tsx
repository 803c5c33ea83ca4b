import type { UserStatus } from "~/modules/auth/roles";
import { Badge } from "./ui";

const statusText: Record<UserStatus, string> = { active: "Active", pending: "Not confirmed", disabled: "Disabled" };

export function StatusBadge({ status }: { status: UserStatus }) {
  return <Badge tone={status}>{statusText[status]}</Badge>;
}
