import type { Route } from "./+types/admin.agencies.new";
import { AgencyForm } from "~/components/organisation-forms";
import { PageHeader } from "~/components/ui";
import { guardLoader, guardAction, originOf, parseInput, readFormData, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { createAgency } from "~/modules/institutions/institutions.server";
import { agencyInput } from "~/modules/institutions/schema";

export function meta() {
  return [{ title: "Add an agency – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  requireActor(request, context, ["admin"]);
  return null;
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const form = await readFormData(request);
  const input = parseInput(agencyInput, { name: form.get("name"), countries: form.getAll("countries") });
  const created = createAgency(db(), actor, input, originOf(request, context));
  return redirectWithFlash(`/admin/agencies/${created.id}`, `${created.name} has been added.`);
});

export default function NewAgency({ actionData }: Route.ComponentProps) {
  const values = actionData?.values;
  return (
    <>
      <PageHeader title="Add an agency" back={{ to: "/admin/agencies", label: "Agencies" }} />
      <AgencyForm values={{ name: values?.name, countries: values?.countries?.split(",") }} errors={actionData?.errors} submitLabel="Add the agency" />
    </>
  );
}
