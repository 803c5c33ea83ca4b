// The project registration and edit form: facts, technology areas (searchable with
// JavaScript, a plain checkbox list without) and the readiness level with its helper.
import { useEffect, useState } from "react";
import { Form, useNavigation } from "react-router";
import { ErrorSummary, TextArea, TextField, type FieldErrors } from "./form";
import { trlHelp } from "~/modules/projects/labels";

export type AreaOption = { id: string; label: string; description: string };
export type ProjectFormValues = { title?: string; summary?: string; field?: string; technologyAreas?: string[]; trl?: string; startDate?: string; endDate?: string };

export function ProjectForm({ areas, values, errors, submitLabel }: { areas: AreaOption[]; values: ProjectFormValues; errors?: FieldErrors; submitLabel: string }) {
  const navigation = useNavigation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <TextField name="title" label="Project title" defaultValue={values.title} error={errors?.title} />
        <TextArea
          name="summary"
          label="Short summary"
          hint="Two or three sentences in plain words: what you want to find out or build, and how."
          defaultValue={values.summary}
          error={errors?.summary}
        />
        <TextField name="field" label="Research field" hint="For example: computational linguistics, structural biology, power electronics." defaultValue={values.field} error={errors?.field} />
        <AreaPicker areas={areas} selected={values.technologyAreas ?? []} error={errors?.technologyAreas} />
        <fieldset className={`field${errors?.trl ? " has-error" : ""}`} id="trl" aria-describedby="trl-hint">
          <legend>Technology Readiness Level (TRL)</legend>
          <span className="hint" id="trl-hint">
            How far has the work come? Most university research sits between 1 and 4. Pick the level that describes where the project is now.
          </span>
          {errors?.trl ? <span className="field-error">{errors.trl}</span> : null}
          <div className="choices">
            {Object.entries(trlHelp).map(([level, help]) => (
              <label className="choice choice-described" key={level}>
                <input type="radio" name="trl" value={level} defaultChecked={values.trl === level} />
                <span>
                  <strong>
                    {level}. {help.title}
                  </strong>
                  <span className="hint">{help.example}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field-row">
          <TextField name="startDate" label="Start date" type="date" defaultValue={values.startDate} error={errors?.startDate} />
          <TextField name="endDate" label="End date" type="date" defaultValue={values.endDate} error={errors?.endDate} />
        </div>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}

function AreaPicker({ areas, selected, error }: { areas: AreaOption[]; selected: string[]; error?: string }) {
  const [query, setQuery] = useState("");
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const q = query.trim().toLowerCase();
  return (
    <fieldset className={`field${error ? " has-error" : ""}`} id="technologyAreas" aria-describedby="areas-hint">
      <legend>Technology areas</legend>
      <span className="hint" id="areas-hint">
        Choose the areas the project advances, not the tools it merely uses. If none fits, choose “Other, not sensitive”.
      </span>
      {error ? <span className="field-error">{error}</span> : null}
      {enhanced ? (
        <div className="area-search">
          <label htmlFor="area-search">Search the areas</label>
          <input
            id="area-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            // Enter filters, as typing does; it does not send the half-filled form.
            onKeyDown={(e) => {
              if (e.key === "Enter") e.preventDefault();
            }}
            placeholder="e.g. quantum, drones, genome"
          />
        </div>
      ) : null}
      <div className="choices area-choices">
        {areas.map((area) => {
          const hidden = q !== "" && !`${area.label} ${area.description}`.toLowerCase().includes(q);
          return (
            <label className="choice choice-described" key={area.id} hidden={hidden}>
              <input type="checkbox" name="technologyAreas" value={area.id} defaultChecked={selected.includes(area.id)} />
              <span>
                <strong>{area.label}</strong>
                <span className="hint">{area.description}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
