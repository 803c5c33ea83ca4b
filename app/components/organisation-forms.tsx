// The institution and agency forms, shared by the "new" and "edit" pages.
import { Form, useNavigation } from "react-router";
import { ErrorSummary, SelectField, TextArea, TextField, type FieldErrors } from "./form";
import { countries } from "~/modules/reference/countries";

const countryOptions = countries.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }));

export function InstitutionForm({
  values,
  errors,
  submitLabel,
}: {
  values: { name?: string; country?: string; domains?: string };
  errors?: FieldErrors;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Name" defaultValue={values.name} error={errors?.name} />
        <SelectField name="country" label="Country" placeholder="Choose a country" options={countryOptions} defaultValue={values.country} error={errors?.country} />
        <TextArea
          name="domains"
          label="E-mail domains"
          hint="Researchers whose address ends in one of these domains join this institution when they sign up. One per line or separated by commas, e.g. uni.example.edu."
          defaultValue={values.domains}
          error={errors?.domains}
          rows={3}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}

export function AgencyForm({ values, errors, submitLabel }: { values: { name?: string; countries?: string[] }; errors?: FieldErrors; submitLabel: string }) {
  const navigation = useNavigation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <TextField name="name" label="Name" defaultValue={values.name} error={errors?.name} />
        <SelectField
          name="countries"
          label="Countries covered"
          hint="The jurisdiction: early warnings from institutions in these countries can go to this agency. Hold Ctrl (or Cmd) to choose several."
          options={countryOptions}
          multiple
          defaultValues={values.countries}
          error={errors?.countries}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
