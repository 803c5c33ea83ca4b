// The form for an office's own library article, with a server-rendered preview.
import { Form, useNavigation } from "react-router";
import { ErrorSummary, SelectField, TextArea, TextField, type FieldErrors } from "./form";

export type ArticleFormValues = { title?: string; summary?: string; audience?: string; topics?: string; body?: string };

export function ArticleForm({ values, errors, preview, submitLabel }: { values: ArticleFormValues; errors?: FieldErrors; preview?: string | null; submitLabel: string }) {
  const navigation = useNavigation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <TextField name="title" label="Title" defaultValue={values.title} error={errors?.title} />
        <TextField name="summary" label="Summary" hint="One sentence shown in search results." defaultValue={values.summary} error={errors?.summary} />
        <SelectField
          name="audience"
          label="Written for"
          placeholder="Choose one"
          options={[
            { value: "researcher", label: "Researchers" },
            { value: "officer", label: "Compliance officers" },
            { value: "both", label: "Everyone" },
          ]}
          defaultValue={values.audience}
          error={errors?.audience}
        />
        <TextField name="topics" label="Topics" hint="Separated by commas, e.g. contacts, travel, procedures." defaultValue={values.topics} error={errors?.topics} />
        <TextArea name="body" label="Article (markdown)" hint="Use ## for section headings, - for lists and [text](https://…) for links. Raw HTML is shown as text." defaultValue={values.body} error={errors?.body} rows={16} />
        <div className="button-group">
          <button type="submit" name="intent" value="preview" className="button secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save" className="button" disabled={navigation.state === "submitting"}>
            {submitLabel}
          </button>
        </div>
      </Form>
      {preview ? (
        <section aria-labelledby="preview-title" className="panel">
          <h2 id="preview-title">Preview</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: preview }} />
        </section>
      ) : null}
    </>
  );
}
