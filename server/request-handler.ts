// Hands Express's requests to React Router and its responses back to Express. It does what
// @react-router/express does, with one difference: a rendered page, which travels beside its
// Response as one buffer (app/lib/document-body.server.ts), is written in one call instead of
// being read back out of a web stream
// (docs/decisions/019-pages-handed-over-in-one-piece.md).
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@react-router/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { createRequestHandler as createReactRouterHandler, type AppLoadContext, type ServerBuild } from "react-router";
import { documentBody } from "../app/lib/document-body.server";

type Options = {
  build: ServerBuild;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  mode?: string;
};

export function createRequestHandler({ build, getLoadContext, mode = process.env.NODE_ENV }: Options) {
  const handle = createReactRouterHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(fetchRequest(req, res), getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The Fetch API request for an Express request: the address as the client asked for it (behind
 * a trusted proxy, its forwarded host), the headers, the body of anything but GET and HEAD, and a
 * signal that aborts when the client goes away before the response is complete.
 */
export function fetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const [, forwardedPort] = req.app?.enabled("trust proxy") ? (req.get("X-Forwarded-Host")?.split(":") ?? []) : [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort].map((value) => Number.parseInt(value ?? "", 10)).find((value) => Number.isSafeInteger(value));
  const hostname = req.hostname.split(/[\\/?#@]/)[0] || "localhost";
  const url = new URL(`${req.protocol}://${hostname}${port ? `:${port}` : ""}${req.originalUrl}`);

  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(name, value);
    else headers.set(name, values);
  }

  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  // The signal is set on the request itself rather than passed in `init`: given a signal, Node's
  // Request follows it through a FinalizationRegistry entry, and V8's young-generation collector
  // keeps such an entry's objects alive, so every request's signals would outlive it until a full
  // collection (docs/decisions/020-requests-that-leave-nothing-behind.md).
  const request = new Request(url.href, init);
  Object.defineProperty(request, "signal", { value: controller.signal, enumerable: true });
  return request;
}

/** Writes a Fetch API response to Express: status, every header (each cookie on its own line), body. */
export async function sendResponse(res: ExpressResponse, response: Response) {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);

  const document = documentBody(response);
  if (document) return void res.end(document);
  if (!response.body) return void res.end();
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  try {
    await writeReadableStreamToWritable(response.body, res);
  } catch (error) {
    // A client that went away mid-stream is not an error of ours.
    if (res.destroyed || res.writableEnded) return;
    throw error;
  }
}
