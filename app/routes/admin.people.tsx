import { Form, Link } from "react-router";
import type { Route } from "./+types/admin.people";
import { SelectField, TextField } from "~/components/form";
import { PeopleTable } from "~/components/people";
import { EmptyState, InlinePostButton, PageHeader, formatDate } from "~/components/ui";
import { guardAction, guardLoader, idParam, originOf, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { roleLabels, type Role } from "~/modules/auth/actor";
import { db } from "~/modules/db.server";
import { listOpenInvitations, listPeople, revokeInvitation } from "~/modules/people/people.server";
import { roles } from "~/modules/auth/roles";

export function meta() {
  return [{ title: "People – Upstream" }];
}

export const loader = guardLoader(({ request, url, context }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const roleParam = url.searchParams.get("role") ?? "";
  const role = (roles as readonly string[]).includes(roleParam) ? (roleParam as Role) : undefined;
  return { q, role: role ?? "", people: listPeople(db(), actor, { q, role }), invitations: listOpenInvitations(db(), actor) };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const form = await readForm(request);
  revokeInvitation(db(), actor, idParam(form.invitation), originOf(request, context));
  return redirectWithFlash("/admin/people", "The invitation has been withdrawn.");
});

export default function People({ loaderData }: Route.ComponentProps) {
  const { people, invitations, q, role } = loaderData;
  return (
    <>
      <PageHeader title="People" back={{ to: "/admin", label: "Administration" }} />
      <p>
        <Link className="button" to="/admin/people/invite">
          Invite someone
        </Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label="Find people">
        <TextField name="q" label="Name or e-mail" type="search" defaultValue={q} />
        <SelectField name="role" label="Role" placeholder="Any role" options={roles.map((r) => ({ value: r, label: roleLabels[r] }))} defaultValue={role} />
        <button type="submit" className="button secondary">
          Filter
        </button>
      </Form>
      {people.length === 0 ? (
        <EmptyState title="Nobody matches">
          <p>{q || role ? "Try another name, address or role." : "Invite the first compliance officer or analyst."}</p>
        </EmptyState>
      ) : (
        <PeopleTable people={people} basePath="/admin/people" showOrganisation={true} />
      )}
      <h2>Open invitations</h2>
      {invitations.length === 0 ? (
        <p className="muted">No invitation is waiting to be accepted.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Invited</th>
                <th scope="col">Role</th>
                <th scope="col">Organisation</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="muted">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.name} ({i.email})
                  </td>
                  <td>{roleLabels[i.role]}</td>
                  <td>{i.institutionName ?? i.agencyName ?? "—"}</td>
                  <td className="date">{formatDate(i.expiresAt)}</td>
                  <td>
                    <InlinePostButton fields={{ invitation: i.id }} label="Withdraw" context={`the invitation of ${i.email}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
