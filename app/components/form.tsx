// Form parts of the design system: fields with their label, hint and error, and the error
// summary that opens every form with problems and links to each field.
import type { ReactNode } from "react";
import { html, selectOption, type SafeHtml } from "~/lib/html";

export type FieldErrors = Record<string, string | undefined>;

export function ErrorSummary({ errors, labels }: { errors: FieldErrors | undefined; labels?: Record<string, string> }) {
  const entries = Object.entries(errors ?? {}).filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>{labels?.[field] ? `${labels[field]} — ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type InputProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  type?: "text" | "email" | "password" | "search" | "number" | "date";
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  inputMode?: "text" | "email" | "numeric";
  spellCheck?: boolean;
};

export function TextField({ name, label, hint, error, type = "text", ...rest }: InputProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
      <input
        id={name}
        name={name}
        type={type}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </div>
  );
}

export function TextArea({ name, label, hint, error, defaultValue, rows = 4 }: { name: string; label: string; hint?: ReactNode; error?: string; defaultValue?: string; rows?: number }) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? <span className="hint" id={hintId}>{hint}</span> : null}
      {error ? <span className="field-error" id={errorId}>{error}</span> : null}
      <textarea id={name} name={name} rows={rows} defaultValue={defaultValue} aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined} aria-invalid={error ? true : undefined} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  options,
  defaultValue,
  placeholder,
  multiple,
  defaultValues,
  optionsAsMarkup,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  options: readonly Option[];
  defaultValue?: string;
  placeholder?: string;
  multiple?: boolean;
  defaultValues?: string[];
  /**
   * For a long list (every country) on a page that does not hydrate: the options are written as
   * one piece of escaped markup instead of hundreds of React elements, and for a list made with
   * `keptOptions` that markup is written once. Single choice only.
   */
  optionsAsMarkup?: boolean;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const common = {
    id: name,
    name,
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
    "aria-invalid": error ? true : undefined,
  };
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? <span className="hint" id={hintId}>{hint}</span> : null}
      {error ? <span className="field-error" id={errorId}>{error}</span> : null}
      {optionsAsMarkup && !multiple ? (
        <select {...common} dangerouslySetInnerHTML={optionsHtml(options, defaultValue ?? "", placeholder)} />
      ) : (
        <select {...common} multiple={multiple} defaultValue={multiple ? defaultValues : (defaultValue ?? "")}>
          {placeholder && !multiple ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

type Option = { value: string; label: string };

// A list of options a page keeps for good (the 250 countries among them) is written once per
// placeholder; each request then only marks its choice. The first few choices of a list are
// kept marked too (the queue's filters are mostly left at "Any"), so that the common request
// neither copies nor searches the list's markup. A list made for one request (the officers to
// assign to) is written for that request and not kept: an entry for it would outlive the request
// (docs/decisions/020-requests-that-leave-nothing-behind.md).
type Written = { markup: SafeHtml; values: ReadonlySet<string>; chosen: Map<string, SafeHtml> };
const optionsMarkup = new WeakMap<readonly Option[], Map<string, Written>>();
const CHOICES_KEPT = 4;

/** A page's fixed list of options, frozen: `optionsHtml` keeps its markup for every later request. */
export function keptOptions<T extends Option>(options: T[]): readonly T[] {
  return Object.freeze(options);
}

/** The same options React writes for a select with that default value. */
export function optionsHtml(options: readonly Option[], selected: string, placeholder?: string): SafeHtml {
  let byPlaceholder = optionsMarkup.get(options);
  if (!byPlaceholder) {
    byPlaceholder = new Map();
    if (Object.isFrozen(options)) optionsMarkup.set(options, byPlaceholder);
  }
  const key = placeholder ?? "";
  let written = byPlaceholder.get(key);
  if (!written) {
    const option = (value: string, label: string) => html`<option value="${value}">${label}</option>`;
    const markup = html`${placeholder ? option("", placeholder) : null}${options.map((o) => option(o.value, o.label))}`;
    written = { markup, values: new Set([...(placeholder ? [""] : []), ...options.map((o) => o.value)]), chosen: new Map() };
    byPlaceholder.set(key, written);
  }
  let chosen = written.chosen.get(selected);
  if (!chosen) {
    chosen = selectOption(written.markup, selected);
    // Only the list's own values: whatever a request sends cannot grow what is kept.
    if (written.values.has(selected) && written.chosen.size < CHOICES_KEPT) written.chosen.set(selected, chosen);
  }
  return chosen;
}
