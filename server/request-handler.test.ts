import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { getEventListeners } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { documentResponse } from "../app/lib/document-body.server";
import { fetchRequest, sendResponse } from "./request-handler";

let server: http.Server | undefined;
afterEach(() => stop());

/** Closes the server and the connections clients keep alive. */
function stop() {
  return new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Serves every request with `handler`, which gets Express's request and response. */
async function serve(handler: (req: ExpressRequest, res: ExpressResponse) => Promise<void> | void, configure?: (app: express.Express) => void) {
  const app = express();
  configure?.(app);
  app.use((req, res, next) => void Promise.resolve(handler(req, res)).catch(next));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("sendResponse", () => {
  test("writes a rendered page from the buffer beside its Response, with its status and headers", async () => {
    const page = Buffer.from("<!DOCTYPE html><p>Grüße aus dem Labor</p>");
    const url = await serve((_req, res) => sendResponse(res, documentResponse(page, { headers: new Headers({ "Content-Type": "text/html; charset=utf-8" }), status: 404 })));
    const response = await fetch(url);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-length")).toBe(String(page.byteLength));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(page);
  });

  test("a page's Response without its buffer (as React Router answers HEAD) sends the headers and no body", async () => {
    const page = Buffer.from("<!DOCTYPE html><p>x</p>");
    const url = await serve((_req, res) => {
      const rendered = documentResponse(page, { headers: new Headers({ "Content-Type": "text/html" }), status: 200 });
      return sendResponse(res, new Response(null, { headers: rendered.headers, status: rendered.status }));
    });
    const response = await fetch(url, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(page.byteLength));
    expect(await response.text()).toBe("");
  });

  test("streams any other body whole, and sends each cookie as a header of its own", async () => {
    const url = await serve((_req, res) => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of ["first,", "second,", "third"]) controller.enqueue(encoder.encode(part));
          controller.close();
        },
      });
      const headers = new Headers({ "Content-Type": "text/csv" });
      headers.append("Set-Cookie", "a=1; Path=/; HttpOnly");
      headers.append("Set-Cookie", "b=2; Path=/; HttpOnly");
      return sendResponse(res, new Response(body, { status: 201, statusText: "Made", headers }));
    });
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/; HttpOnly"]);
    expect(await response.text()).toBe("first,second,third");
  });

  test("a response without a body ends at once", async () => {
    const url = await serve((_req, res) => sendResponse(res, new Response(null, { status: 303, headers: { Location: "/login" } })));
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(await response.text()).toBe("");
  });
});

describe("fetchRequest", () => {
  test("carries the address, the headers and a form body", async () => {
    let seen: { url: string; method: string; cookie: string | null; body: string } | undefined;
    const url = await serve(async (req, res) => {
      const request = fetchRequest(req, res);
      seen = { url: request.url, method: request.method, cookie: request.headers.get("cookie"), body: await request.text() };
      res.end();
    });
    await fetch(`${url}/projects/3/edit?tab=partners`, { method: "POST", headers: { Cookie: "session=abc", "Content-Type": "application/x-www-form-urlencoded" }, body: "title=Swarm+gliders" });
    expect(seen).toEqual({ url: `${url}/projects/3/edit?tab=partners`, method: "POST", cookie: "session=abc", body: "title=Swarm+gliders" });
  });

  test("behind a trusted proxy, uses the forwarded host; otherwise ignores it", async () => {
    const urls: string[] = [];
    const handler = (req: ExpressRequest, res: ExpressResponse) => {
      urls.push(fetchRequest(req, res).url);
      res.end();
    };
    const trusted = await serve(handler, (app) => app.set("trust proxy", true));
    await fetch(`${trusted}/library`, { headers: { "X-Forwarded-Host": "portal.example:8443", "X-Forwarded-Proto": "https" } });
    await stop();
    const untrusted = await serve(handler);
    await fetch(`${untrusted}/library`, { headers: { "X-Forwarded-Host": "portal.example:8443", "X-Forwarded-Proto": "https" } });
    expect(urls).toEqual(["https://portal.example:8443/library", `${untrusted}/library`]);
  });

  test("its signal aborts when the client goes away before the answer, and not after a complete one", async () => {
    const signals: AbortSignal[] = [];
    let answered = () => {};
    const answeredOnce = new Promise<void>((resolve) => (answered = resolve));
    const url = await serve((req, res) => {
      const request = fetchRequest(req, res);
      signals.push(request.signal);
      if (req.path === "/quick") {
        res.end("done");
        answered();
      }
      // "/slow" never answers; the client gives up.
    });
    expect(await (await fetch(`${url}/quick`)).text()).toBe("done");
    await answeredOnce;
    const gaveUp = new AbortController();
    const slow = fetch(`${url}/slow`, { signal: gaveUp.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    gaveUp.abort();
    await expect(slow).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
  });

  test("nothing else is tied to its signal: the request does not follow it with a signal of its own", async () => {
    // Given a signal in its init, Node's Request adds an abort listener to it and registers
    // the pair for finalization, which keeps both alive past the request
    // (docs/decisions/020-requests-that-leave-nothing-behind.md).
    const seen: { listeners: number; own: boolean }[] = [];
    const url = await serve((req, res) => {
      const request = fetchRequest(req, res);
      seen.push({ listeners: getEventListeners(request.signal, "abort").length, own: Object.hasOwn(request, "signal") });
      res.end("done");
    });
    await (await fetch(`${url}/library`)).text();
    expect(seen).toEqual([{ listeners: 0, own: true }]);
  });
});
