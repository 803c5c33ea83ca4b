// Renders every page on the server. Pages load their data before rendering and have no
// suspense boundaries of their own, so streaming would send nothing earlier: the whole document
// is rendered into one buffer and sent in one piece, which spares a stream of small writes
// through the compression middleware (app/lib/document-body.server.ts). Scripts carry the
// per-response CSP nonce.
import { Writable } from "node:stream";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "react-router";
import { documentResponse } from "~/lib/document-body.server";
import { pageScripts } from "~/lib/page-scripts";
import { PageDocument } from "~/lib/static-router.server";

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce;
  // A page that does not hydrate has no page data to stream into its scripts (React Router's
  // data transfer is the one part that suspends), so the synchronous string renderer can make
  // it: it builds the document as one string instead of encoding thousands of small chunks.
  // Every page's route tree is built once per build, not per request (app/lib/static-router.server.tsx).
  if (!hydrates(routerContext)) {
    // React Router has already begun encoding the page data for hydration, which this page never
    // sends (its data is wrapped by serverRenderData and encodes as an empty object). The stream
    // is left to finish on its own: cancelling it would stop the encoder before it clears its
    // 5 s timer, which then holds the request's signals for 5 s after every page.
    // Encoded here in one native step: a string body would be checked and encoded again.
    const body = Buffer.from(`<!DOCTYPE html>${renderToString(<PageDocument context={routerContext} url={request.url} nonce={nonce} hydrate={false} />)}`);
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    return Promise.resolve(documentResponse(body, { headers: responseHeaders, status: responseStatusCode }));
  }
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timeout);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(documentResponse(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });

    const { pipe, abort } = renderToPipeableStream(<PageDocument context={routerContext} url={request.url} nonce={nonce} hydrate />, {
      nonce,
      onAllReady() {
        shellRendered = true;
        pipe(document);
      },
      onShellError(error: unknown) {
        clearTimeout(timeout);
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logError(error);
      },
    });
    const timeout = setTimeout(abort, streamTimeout + 1000);
  });
}

function hydrates(context: EntryContext) {
  return pageScripts(context.staticHandlerContext.matches.map((match) => ({ handle: context.routeModules[match.route.id]?.handle }))).hydrate;
}

function logError(error: unknown) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

/** Unexpected errors go to the log with their stack; the person sees only a calm error page. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  logError(error);
};
