import { Link } from "react-router";
import { roleLabels } from "~/modules/auth/actor";
import type { Role, UserStatus } from "~/modules/auth/roles";
import { Badge, formatDate } from "./ui";

const statusText: Record<UserStatus, string> = { active: "Active", pending: "Not confirmed", disabled: "Disabled" };

export function StatusBadge({ status }: { status: UserStatus }) {
  return <Badge tone={status}>{statusText[status]}</Badge>;
}

type PersonRow = { id: number; name: string; email: string; role: Role; status: UserStatus; createdAt: Date; institutionName?: string | null; agencyName?: string | null };

/** People as a table, each name linking to `${basePath}/<id>`; the organisation column is optional. */
export function PeopleTable({ people, basePath, showOrganisation, caption }: { people: PersonRow[]; basePath: string; showOrganisation: boolean; caption?: string }) {
  return (
    <div className="table-wrap">
      <table>
        {caption ? <caption className="muted">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            {showOrganisation ? <th scope="col">Organisation</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`${basePath}/${p.id}`}>{p.name}</Link>
              </td>
              <td>{p.email}</td>
              <td>{roleLabels[p.role]}</td>
              {showOrganisation ? <td>{p.institutionName ?? p.agencyName ?? "—"}</td> : null}
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td className="date">{formatDate(p.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
