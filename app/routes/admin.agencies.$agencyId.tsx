import type { Route } from "./+types/admin.agencies.$agencyId";
import { AgencyForm } from "~/components/organisation-forms";
import { PageHeader } from "~/components/ui";
import { guardLoader, guardAction, idParam, originOf, parseInput, readFormData, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getAgency, updateAgency } from "~/modules/institutions/institutions.server";
import { agencyInput } from "~/modules/institutions/schema";

export function meta() {
  return [{ title: "Agency – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  return { agency: getAgency(db(), actor, idParam(params.agencyId)) };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const id = idParam(params.agencyId);
  const form = await readFormData(request);
  const input = parseInput(agencyInput, { name: form.get("name"), countries: form.getAll("countries") });
  updateAgency(db(), actor, id, input, originOf(request, context));
  return redirectWithFlash(`/admin/agencies/${id}`, "The changes have been saved.");
});

export default function EditAgency({ loaderData, actionData }: Route.ComponentProps) {
  const { agency } = loaderData;
  const values = actionData?.values ? { name: actionData.values.name, countries: actionData.values.countries?.split(",") } : { name: agency.name, countries: agency.countries };
  return (
    <>
      <PageHeader title={agency.name} back={{ to: "/admin/agencies", label: "Agencies" }} />
      <AgencyForm values={values} errors={actionData?.errors} submitLabel="Save changes" />
    </>
  );
}
