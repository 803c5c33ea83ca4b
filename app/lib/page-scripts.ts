// What JavaScript a page loads. Most pages hydrate: React Router's runtime and the route
// modules load and take over the server-rendered HTML. A route whose `handle` says
// `hydrate: false` is served as plain HTML without any of that, and may name small standalone
// scripts to load instead (docs/decisions/011-assessment-pages-without-hydration.md).
import { redirectDocument } from "react-router";

export type PageHandle = {
  /** `false`: no React Router runtime, route modules or page data in the page. */
  hydrate?: boolean;
  /** Same-origin addresses of standalone scripts, loaded (as modules) when the page does not hydrate. */
  scripts?: string[];
};

export type PageScripts = { hydrate: true } | { hydrate: false; scripts: string[] };

/** One route saying `hydrate: false` is enough: a page hydrates whole or not at all. */
export function pageScripts(matches: readonly { handle?: unknown }[]): PageScripts {
  const handles = matches.map((match) => (typeof match.handle === "object" && match.handle !== null ? (match.handle as PageHandle) : {}));
  if (!handles.some((handle) => handle.hydrate === false)) return { hydrate: true };
  return { hydrate: false, scripts: [...new Set(handles.flatMap((handle) => handle.scripts ?? []))] };
}

/**
 * The `clientLoader` of a route that does not hydrate. A hydrated page that links or redirects
 * to it navigates on the client; this turns that navigation into a document load, so the page
 * arrives as the server renders it, with its own scripts. (It never runs on the page itself,
 * which has no React Router runtime.)
 */
export function loadAsDocument({ request }: { request: Request }): never {
  const url = new URL(request.url);
  throw redirectDocument(url.pathname + url.search + url.hash);
}

/**
 * Loader data for a page that does not hydrate. React Router encodes every loader's data into
 * the page for hydration before it renders, even when the page will never load it; data wrapped
 * here reaches the server render untouched and is encoded as an empty object, so the server
 * spends nothing on it and the page carries none of it. Read it back with
 * `readServerRenderData`, in the render of a page whose route says `hydrate: false`.
 */
export class ServerRenderData<T> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  get value(): T {
    return this.#value;
  }
}

export function serverRenderData<T>(value: T): ServerRenderData<T> {
  return new ServerRenderData(value);
}

/**
 * The data a loader wrapped with `serverRenderData`. Anywhere but in the server's render (in a
 * browser the data arrives as an empty object) it fails with a clear message instead of an
 * undefined value.
 */
export function readServerRenderData<T>(data: { readonly value: T }): T {
  if (!(data instanceof ServerRenderData)) throw new Error("This page's data is only for its server render; a page that uses serverRenderData must say hydrate: false.");
  return data.value;
}
