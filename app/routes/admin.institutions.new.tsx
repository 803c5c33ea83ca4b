import type { Route } from "./+types/admin.institutions.new";
import { InstitutionForm } from "~/components/organisation-forms";
import { PageHeader } from "~/components/ui";
import { guardLoader, guardAction, originOf, parseInput, readForm, redirectWithFlash, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { createInstitution } from "~/modules/institutions/institutions.server";
import { institutionInput } from "~/modules/institutions/schema";

export function meta() {
  return [{ title: "Add an institution – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  requireActor(request, context, ["admin"]);
  return null;
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const input = parseInput(institutionInput, await readForm(request));
  const created = createInstitution(db(), actor, input, originOf(request, context));
  return redirectWithFlash(`/admin/institutions/${created.id}`, `${created.name} has been added.`);
});

export default function NewInstitution({ actionData }: Route.ComponentProps) {
  return (
    <>
      <PageHeader title="Add an institution" back={{ to: "/admin/institutions", label: "Institutions" }} />
      <InstitutionForm values={actionData?.values ?? {}} errors={actionData?.errors} submitLabel="Add the institution" />
    </>
  );
}
