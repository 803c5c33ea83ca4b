// A page is rendered into one buffer (app/entry.server.tsx). Wrapped in a Response the usual
// way, that buffer would become a web stream, and the server would read it back out of the
// stream chunk by chunk before writing it. Instead the Response carries no body and the buffer
// travels beside it, for the request handler to write in one call
// (server/request-handler.ts, docs/decisions/019-pages-handed-over-in-one-piece.md).

// The buffer is kept on the Response under a symbol of this module, not in a WeakMap: V8's
// young-generation collector keeps a WeakMap's values alive, so every page would outlive its
// request until a full collection (docs/decisions/020-requests-that-leave-nothing-behind.md).
const BODY = Symbol("upstream.documentBody");
type DocumentResponse = Response & { [BODY]?: Buffer };

/** A Response for a rendered page. Its body is `body`, which only `documentBody` reads. */
export function documentResponse(body: Buffer, init: { headers: Headers; status: number }): Response {
  init.headers.set("Content-Length", String(body.byteLength));
  const response: DocumentResponse = new Response(null, init);
  response[BODY] = body;
  return response;
}

/** The rendered page a Response from `documentResponse` carries; undefined for any other Response. */
export function documentBody(response: Response): Buffer | undefined {
  return (response as DocumentResponse)[BODY];
}
