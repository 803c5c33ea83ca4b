// Node makes each request and response with Express's prototypes, and Express still works.
import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHttpServer } from "./http-server";

describe("createHttpServer", () => {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get("/echo", (req, res) => {
    res.status(201).set("X-Seen", req.get("x-probe") ?? "none").json({ query: req.query, path: req.path });
  });
  app.post("/form", (req, res) => res.type("text/plain").send(`name=${(req.body as { name?: string }).name}`));
  app.head("/echo-head", (_req, res) => res.set("X-Head", "yes").end());

  const server = createHttpServer(app);
  const made: { request: boolean; response: boolean; nodeResponse: boolean }[] = [];
  // Runs before Express's own listener: what Node made, before Express could change it.
  server.prependListener("request", (req, res) => {
    made.push({
      request: Object.getPrototypeOf(req) === app.request,
      response: Object.getPrototypeOf(res) === app.response,
      nodeResponse: res instanceof http.ServerResponse,
    });
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("requests and responses come with the application's prototypes", async () => {
    made.length = 0;
    await (await fetch(`${base}/echo`)).text();
    await (await fetch(`${base}/echo`)).text();
    expect(made).toEqual([
      { request: true, response: true, nodeResponse: true },
      { request: true, response: true, nodeResponse: true },
    ]);
  });

  test("Express's request and response helpers work as before", async () => {
    const answer = await fetch(`${base}/echo?a=1&b=two`, { headers: { "X-Probe": "here" } });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("x-seen")).toBe("here");
    expect(await answer.json()).toEqual({ query: { a: "1", b: "two" }, path: "/echo" });

    const posted = await fetch(`${base}/form`, { method: "POST", body: new URLSearchParams({ name: "Ada" }) });
    expect(await posted.text()).toBe("name=Ada");

    const head = await fetch(`${base}/echo-head`, { method: "HEAD" });
    expect([head.status, head.headers.get("x-head"), await head.text()]).toEqual([200, "yes", ""]);

    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
  });
});
