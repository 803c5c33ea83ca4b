// One self-assessment question as a form field, by its type. Every field has a label or a
// legend, help with examples, an error next to it, and "not sure" where facts are asked.
// `data-question` names the field for the assessment pages' script, which adds and removes
// follow-up questions as answers change.
import type { Question } from "~/modules/assessment/questionnaire";
import { countries } from "~/modules/reference/countries";

type Value = string | string[] | undefined;

const yesNoUnsure = [
  { id: "yes", label: "Yes" },
  { id: "no", label: "No" },
  { id: "unsure", label: "I am not sure" },
];

export function QuestionField({ question, value, error }: { question: Question; value: Value; error?: string }) {
  const helpId = `${question.id}-help`;
  const errorId = `${question.id}-error`;
  const describedBy = [helpId, error ? errorId : null].filter(Boolean).join(" ");
  const className = `field question${error ? " has-error" : ""}`;
  const errorText = error ? (
    <span className="field-error" id={errorId}>
      {error}
    </span>
  ) : null;
  const unsure = (value === "unsure" || (Array.isArray(value) && value.includes("unsure"))) && question.unsureGuidance;
  const guidance = unsure ? (
    <div className="notice unsure-guidance" role="status">
      <strong>Not sure? That is fine.</strong>
      <p>{question.unsureGuidance}</p>
    </div>
  ) : null;

  if (question.type === "yes-no-unsure" || question.type === "single" || question.type === "multiple") {
    const options: { id: string; label: string; help?: string }[] = question.type === "yes-no-unsure" ? yesNoUnsure : (question.options ?? []);
    const multiple = question.type === "multiple";
    const selected = new Set([value ?? []].flat());
    return (
      <fieldset className={className} id={question.id} aria-describedby={describedBy} data-question={question.id}>
        <legend>{question.label}</legend>
        <span className="hint" id={helpId}>
          {question.help}
        </span>
        {errorText}
        <div className={`choices${question.type === "yes-no-unsure" ? " inline" : ""}`}>
          {options.map((option) => (
            <label className="choice" key={option.id}>
              <input type={multiple ? "checkbox" : "radio"} name={question.id} value={option.id} defaultChecked={selected.has(option.id)} />
              <span>
                {option.label}
                {option.help ? <span className="hint">{option.help}</span> : null}
              </span>
            </label>
          ))}
        </div>
        {guidance}
      </fieldset>
    );
  }

  if (question.type === "country") {
    return (
      <div className={className} data-question={question.id}>
        <label htmlFor={question.id}>{question.label}</label>
        <span className="hint" id={helpId}>
          {question.help}
        </span>
        {errorText}
        <select id={question.id} name={question.id} defaultValue={typeof value === "string" ? value : ""} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
          <option value="">Choose a country</option>
          <option value="unsure">I am not sure</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        {guidance}
      </div>
    );
  }

  const long = question.type === "text" && (question.maxLength ?? 2000) > 300;
  return (
    <div className={className} data-question={question.id}>
      <label htmlFor={question.id}>{question.label}</label>
      <span className="hint" id={helpId}>
        {question.help}
      </span>
      {errorText}
      {long ? (
        <textarea id={question.id} name={question.id} rows={4} defaultValue={typeof value === "string" ? value : ""} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
      ) : (
        <input id={question.id} name={question.id} type="text" defaultValue={typeof value === "string" ? value : ""} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
      )}
    </div>
  );
}
