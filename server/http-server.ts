// The HTTP server around the Express application.
//
// Express gives every request and response its own prototypes (req.get, res.status, ...) by
// changing the prototype of the objects Node made. V8's collector trace showed that a response
// whose prototype had changed went to the old generation with everything it reached, to be
// reclaimed only by the full collections that pause every request
// (docs/decisions/017-requests-made-with-express-prototypes.md). Node can make them with those
// prototypes from the start; Express's own change then finds nothing to do.
import type { Express } from "express";
import http from "node:http";

export function createHttpServer(app: Express): http.Server {
  // Node calls these as constructors; they only choose the prototype of what Node makes.
  function IncomingMessage(this: http.IncomingMessage, socket: import("node:net").Socket) {
    Reflect.apply(http.IncomingMessage, this, [socket]);
  }
  IncomingMessage.prototype = app.request;
  function ServerResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: object) {
    Reflect.apply(http.ServerResponse, this, [req, options]);
  }
  ServerResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: IncomingMessage as unknown as typeof http.IncomingMessage,
      ServerResponse: ServerResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
