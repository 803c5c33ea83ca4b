// The role, institution and agency choices of the invitation and role-change forms.
import { SelectField, type FieldErrors } from "./form";
import { roleLabels } from "~/modules/auth/actor";
import { roles } from "~/modules/auth/roles";

export function RoleFields({
  values,
  errors,
  choices,
}: {
  values: { role?: string; institutionId?: string; agencyId?: string };
  errors?: FieldErrors;
  choices: { institutions: { id: number; name: string }[]; agencies: { id: number; name: string }[] };
}) {
  return (
    <>
      <SelectField name="role" label="Role" placeholder="Choose a role" options={roles.map((r) => ({ value: r, label: roleLabels[r] }))} defaultValue={values.role} error={errors?.role} />
      <SelectField
        name="institutionId"
        label="Institution"
        hint="For researchers and compliance officers."
        placeholder="No institution"
        options={choices.institutions.map((i) => ({ value: String(i.id), label: i.name }))}
        defaultValue={values.institutionId}
        error={errors?.institutionId}
      />
      <SelectField
        name="agencyId"
        label="Agency"
        hint="For agency analysts."
        placeholder="No agency"
        options={choices.agencies.map((a) => ({ value: String(a.id), label: a.name }))}
        defaultValue={values.agencyId}
        error={errors?.agencyId}
      />
    </>
  );
}
