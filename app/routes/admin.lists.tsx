import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/admin.lists";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { ListsTable } from "~/components/screening";
import { Notice, PageHeader } from "~/components/ui";
import { guardAction, guardLoader, originOf, parseInput, readFormData, requireActor } from "~/lib/http.server";
import { db } from "~/modules/db.server";
import { ValidationError } from "~/modules/errors";
import { ImportFormatError } from "~/modules/screening/parse";
import { listImportInput } from "~/modules/screening/schema";
import { importList, listScreeningLists } from "~/modules/screening/screening.server";
import { MAX_LIST_FILE_BYTES, SCREENING_LISTS } from "~/modules/screening/lists";

export function meta() {
  return [{ title: "Screening lists – Upstream" }];
}

export const loader = guardLoader(({ request, context }: Route.LoaderArgs) => {
  requireActor(request, context, ["admin"]);
  return { lists: listScreeningLists(db()) };
});

export const action = guardAction(async ({ request, context }: Route.ActionArgs) => {
  const actor = requireActor(request, context, ["admin"]);
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_LIST_FILE_BYTES + 64 * 1024) throw new ValidationError({ file: `The file is too large: at most ${MAX_LIST_FILE_BYTES / 1024 / 1024} MB.` });
  const form = await readFormData(request);
  const file = form.get("file");
  const input = parseInput(listImportInput, { listId: form.get("listId"), format: form.get("format"), snapshotDate: form.get("snapshotDate") ?? "" });
  if (!(file instanceof File) || file.size === 0) throw new ValidationError({ file: "Choose the list file to upload." });
  if (file.size > MAX_LIST_FILE_BYTES) throw new ValidationError({ file: `The file is too large: at most ${MAX_LIST_FILE_BYTES / 1024 / 1024} MB.` });
  try {
    const report = importList(db(), { ...input, text: await file.text(), fileName: file.name, actor, origin: originOf(request, context) });
    return { report };
  } catch (error) {
    if (error instanceof ImportFormatError) throw new ValidationError({ file: `Nothing was changed. ${error.message}` });
    throw error;
  }
});

const formats = [
  { value: "csl-csv", label: "Consolidated Screening List, official CSV (29 columns)" },
  { value: "csl-json", label: "Consolidated Screening List, compact JSON" },
  { value: "entities-json", label: "Entity list JSON (name, aliases, country per entity)" },
  { value: "nro-csv", label: "Named Research Organizations CSV (name, country, aliases)" },
];

export default function Lists({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const failed = actionData && "errors" in actionData ? actionData : null;
  const report = actionData && "report" in actionData ? actionData.report : null;
  return (
    <>
      <PageHeader title="Screening lists" lead="The lists partners are screened against. Load a newer snapshot when a list is updated: every screened organisation is checked again." back={{ to: "/admin", label: "Administration" }} />
      {report ? (
        <Notice tone="success" title={`${report.listName} updated (snapshot ${report.snapshotDate})`}>
          <p>
            {report.added} added, {report.removed} removed, {report.changed} changed; {report.total.toLocaleString("en")} entries now. Re-screened {report.rescreen.organisations} organisations:{" "}
            {report.rescreen.newMatches} new matches, {report.rescreen.vanishedMatches} vanished.
          </p>
          {Object.entries(report.examples).map(([kind, names]) => (names.length ? <p key={kind}>{`${kind[0]!.toUpperCase()}${kind.slice(1)}: ${names.join("; ")}`}</p> : null))}
        </Notice>
      ) : null}
      <ListsTable lists={loaderData.lists} />
      <h2>Load a newer snapshot</h2>
      <ErrorSummary errors={failed?.errors} />
      <Form method="post" encType="multipart/form-data" noValidate>
        <SelectField name="listId" label="List" placeholder="Choose a list" options={SCREENING_LISTS.map((l) => ({ value: l.id, label: l.name }))} defaultValue={failed?.values.listId} error={failed?.errors.listId} />
        <SelectField name="format" label="File format" placeholder="Choose the format" options={formats} defaultValue={failed?.values.format} error={failed?.errors.format} />
        <TextField name="snapshotDate" label="Date of the snapshot" hint="As the publisher dates it, YYYY-MM-DD. Empty means today." defaultValue={failed?.values.snapshotDate} error={failed?.errors.snapshotDate} />
        <div className={`field${failed?.errors.file ? " has-error" : ""}`}>
          <label htmlFor="file">File</label>
          <span className="hint" id="file-hint">
            At most {MAX_LIST_FILE_BYTES / 1024 / 1024} MB. Nothing changes unless the whole file is valid.
          </span>
          {failed?.errors.file ? (
            <span className="field-error" id="file-error">
              {failed.errors.file}
            </span>
          ) : null}
          <input id="file" name="file" type="file" accept=".csv,.json,text/csv,application/json" aria-describedby={failed?.errors.file ? "file-hint file-error" : "file-hint"} />
        </div>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Load the snapshot
        </button>
      </Form>
    </>
  );
}
