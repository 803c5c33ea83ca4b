import type { Route } from "./+types/admin.institutions.$institutionId";
import { InstitutionForm } from "~/components/organisation-forms";
import { PageHeader } from "~/components/ui";
import { guardLoader, guardAction, idParam, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { getInstitution, updateInstitution } from "~/modules/institutions/institutions.server";
import { institutionInput } from "~/modules/institutions/schema";

export function meta() {
  return [{ title: "Institution – Upstream" }];
}

export const loader = guardLoader(({ request, context, params }: Route.LoaderArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  return { institution: getInstitution(db(), actor, idParam(params.institutionId)) };
});

export const action = guardAction(async ({ request, context, params }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const id = idParam(params.institutionId);
  const input = parseInput(institutionInput, await readForm(request));
  updateInstitution(db(), actor, id, input, originOf(request, context));
  return redirectWithFlash(`/admin/institutions/${id}`, "The changes have been saved.");
});

export default function EditInstitution({ loaderData, actionData }: Route.ComponentProps) {
  const { institution } = loaderData;
  const values = actionData?.values ?? { name: institution.name, country: institution.country, domains: institution.domains.join("\n") };
  return (
    <>
      <PageHeader title={institution.name} back={{ to: "/admin/institutions", label: "Institutions" }} />
      <InstitutionForm values={values} errors={actionData?.errors} submitLabel="Save changes" />
    </>
  );
}
