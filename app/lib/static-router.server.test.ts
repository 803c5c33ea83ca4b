// Which routers the renderer for pages that do not hydrate will build on: React Router's own
// static router is split into shared methods and per-request fields, and a router with any
// field the module does not know is refused, so nothing of one request reaches another.
import { createElement, Fragment, Suspense } from "react";
import { createStaticRouter, StaticRouterProvider } from "react-router";
import { describe, expect, test } from "vitest";
import { findDataTransfer, findStaticRouter, partsOf } from "./static-router.server";

type HandlerContext = Parameters<typeof createStaticRouter>[1];

function handlerContext(pathname: string, data: unknown): HandlerContext {
  return {
    basename: "/",
    location: { pathname, search: "", hash: "", state: null, key: "default" },
    matches: [],
    loaderData: { root: data },
    actionData: null,
    errors: null,
    statusCode: 200,
    loaderHeaders: {},
    actionHeaders: {},
  } as unknown as HandlerContext;
}

const routes = [{ id: "root", path: "/", children: [{ id: "routes/page", path: "page" }] }];

describe("partsOf", () => {
  test("keeps React Router's route tree and methods, and no request's data", () => {
    const router = createStaticRouter(routes, handlerContext("/page", { secret: "first request" }));
    const parts = partsOf(router)!;
    expect(parts).not.toBeNull();
    expect(parts.routes).toBe(router.routes);
    expect(parts.manifest).toBe(router.manifest);
    expect(Object.keys(parts.methods)).toContain("createHref");
    expect(parts.methods.createHref!({ pathname: "/a", search: "?b=1", hash: "", state: null, key: "k" })).toBe("/a?b=1");
    // The per-request fields are not among what is shared.
    for (const field of ["state", "basename", "routes", "manifest"]) expect(parts.methods).not.toHaveProperty(field);
    expect(JSON.stringify(parts.methods)).not.toContain("first request");
  });

  test("refuses a router with a field it does not know", () => {
    const router = createStaticRouter(routes, handlerContext("/page", {}));
    const withExtra = Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(router), lastRequest: { value: { secret: 1 }, enumerable: true } });
    expect(partsOf(withExtra as typeof router)).toBeNull();
  });

  test("refuses a router whose state has a field it does not know", () => {
    const router = createStaticRouter(routes, handlerContext("/page", {}));
    const descriptors = Object.getOwnPropertyDescriptors(router);
    const withState = Object.defineProperties({}, { ...descriptors, state: { get: () => ({ ...router.state, requestHeaders: {} }), enumerable: true } });
    expect(partsOf(withState as typeof router)).toBeNull();
  });

  test("refuses a method turned into a getter", () => {
    const router = createStaticRouter(routes, handlerContext("/page", {}));
    const descriptors = Object.getOwnPropertyDescriptors(router);
    const withGetter = Object.defineProperties({}, { ...descriptors, createHref: { get: () => () => "/", enumerable: true } });
    expect(partsOf(withGetter as typeof router)).toBeNull();
  });
});

describe("findStaticRouter", () => {
  test("finds the router given to StaticRouterProvider, however deep", () => {
    const router = createStaticRouter(routes, handlerContext("/", {}));
    const tree = [null, createElement("div", null, createElement("section", null, "text", createElement(StaticRouterProvider, { router, context: handlerContext("/", {}), hydrate: false })))];
    expect(findStaticRouter(tree)).toBe(router);
    expect(findStaticRouter(createElement("div", null, "no router"))).toBeNull();
  });
});

describe("findDataTransfer", () => {
  const DataTransfer = (_props: Record<string, unknown>) => null;
  const props = { context: {}, identifier: 0, reader: {}, textDecoder: new TextDecoder(), nonce: "n" };
  const router = createStaticRouter(routes, handlerContext("/", {}));
  const page = createElement(StaticRouterProvider, { router, context: handlerContext("/", {}), hydrate: false });

  test("finds the component <ServerRouter> streams the page data with, beside the router", () => {
    const tree = createElement(Fragment, null, createElement("div", null, page), createElement(Suspense, null, createElement(DataTransfer, props)));
    expect(findDataTransfer(tree)).toBe(DataTransfer);
  });

  test("finds nothing when the page has no data to stream", () => {
    expect(findDataTransfer(createElement(Fragment, null, page, null))).toBeNull();
  });

  test("refuses a component given other props than the data transfer's", () => {
    const withExtra = createElement(Suspense, null, createElement(DataTransfer, { ...props, request: {} }));
    expect(findDataTransfer(createElement(Fragment, null, page, withExtra))).toBeNull();
    const { nonce: _nonce, ...withFewer } = props;
    expect(findDataTransfer(createElement(Fragment, null, page, createElement(Suspense, null, createElement(DataTransfer, withFewer))))).toBeNull();
  });

  test("does not look inside the page itself", () => {
    const inPage = createElement(StaticRouterProvider, { router, context: handlerContext("/", {}), hydrate: false, children: createElement(Suspense, null, createElement(DataTransfer, props)) } as never);
    expect(findDataTransfer(createElement(Fragment, null, inPage))).toBeNull();
  });
});
