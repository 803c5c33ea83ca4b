// Markup as strings, for the few places where React's per-element cost shows: the rows of the
// case queue, the office's busiest page. Everything interpolated into `html` is escaped unless
// it is itself the result of `html`, so text from the database can only ever be text.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

export function escapeHtml(value: string): string {
  // Most text has nothing to escape: checking first spares building a new string.
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
}

const made = Symbol("made by html");

/** A piece of markup that is already safe: made by `html` (or `trustedHtml`), never from a plain string. */
export class SafeHtml {
  // Private, so that no other object passes for one (TypeScript compares classes with private
  // fields by name, not by shape).
  readonly #markup: string;
  // Only this module holds the token, so no other code can make one from a string by mistake.
  constructor(token: typeof made, markup: string) {
    if (token !== made) throw new TypeError("SafeHtml is made by html`…`, not by hand.");
    this.#markup = markup;
  }
  /** What React's `dangerouslySetInnerHTML` reads. */
  get __html(): string {
    return this.#markup;
  }
  toString() {
    return this.#markup;
  }
}

/** Markup written in the source itself (never data): for tests and fixed fragments. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(made, markup);
}

type Interpolation = string | number | SafeHtml | null | undefined | false | readonly Interpolation[];

function interpolate(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (typeof value === "number") return String(value);
  if (value instanceof SafeHtml) return value.__html;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeHtml(String(value));
}

/**
 * A template tag: html`<td>${name}</td>` escapes `name`. Attribute values must be quoted.
 * `null`, `undefined` and `false` leave nothing, arrays are joined, and nested `html` results
 * are kept as they are.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]!) + strings[i + 1]!;
  return new SafeHtml(made, out);
}

/**
 * Markup that `html` made, passed on as a plain string because it crossed to another thread (a
 * message cannot carry a SafeHtml) or was joined from such pieces: the case queue's rows, written
 * by `writeQueueRows` in the reading thread (docs/decisions/021). Nothing else may call it.
 */
export function markupWrittenByHtml(markup: string): SafeHtml {
  return new SafeHtml(made, markup);
}

/**
 * Option markup with every `<option>` of value `value` marked selected, as React marks a
 * select's default value: the list's markup can then be built once and reused for any choice.
 */
export function selectOption(options: SafeHtml, value: string): SafeHtml {
  const tag = `<option value="${escapeHtml(value)}">`;
  return new SafeHtml(made, options.__html.replaceAll(tag, `${tag.slice(0, -1)} selected="">`));
}
