// The server render of a page that does not hydrate, with the route tree built once.
//
// React Router's <ServerRouter> builds the whole route tree again for every request (a route
// object per route of the app, then a data route for each) and returns a router whose fields
// are getters. Getters in an object literal give every such router its own hidden class, which
// lives until the next full collection and keeps the request's routes, data and elements alive
// with it: each page moved tens of kilobytes into the old generation, and the full collections
// that followed held up every request behind them (docs/decisions/011).
//
// A page that does not hydrate needs none of that per request. Its tree is taken from the
// first <ServerRouter> of the build, and each request gets a router of plain fields over it,
// rendered through React Router's own providers exactly as <ServerRouter> renders them, minus
// the script that streams page data to a browser that will not load it.
import { isValidElement, type ReactElement, type ReactNode } from "react";
import {
  ServerRouter,
  StaticRouterProvider,
  UNSAFE_FrameworkContext as FrameworkContext,
  UNSAFE_RemixErrorBoundary as RemixErrorBoundary,
  UNSAFE_shouldHydrateRouteLoader as shouldHydrateRouteLoader,
  type createStaticRouter,
  type EntryContext,
} from "react-router";

type StaticRouter = ReturnType<typeof createStaticRouter>;
type RouterState = StaticRouter["state"];

/** What a request's router is made from: the build's route tree and the router's own methods. */
type RouterParts = {
  routes: StaticRouter["routes"];
  manifest: StaticRouter["manifest"];
  future: StaticRouter["future"];
  /** The router's state as React Router fills it, for the fields that are the same on every request. */
  idleState: RouterState;
  /** Everything else the router carries: its methods, which never depend on the request. */
  methods: Partial<StaticRouter>;
};

/** The fields React Router's static router computes per request (getters over the request's context). */
const PER_REQUEST_FIELDS = new Set(["basename", "future", "state", "routes", "branches", "manifest", "window"]);
/**
 * Its methods, which hold nothing of the request, and so can be shared. A router with any other
 * field, or a state with other fields than these, might carry something of the first request
 * into every other: such a router is not used.
 */
const SHARED_FIELDS = new Set([
  "initialize",
  "subscribe",
  "enableScrollRestoration",
  "navigate",
  "fetch",
  "revalidate",
  "createHref",
  "encodeLocation",
  "getFetcher",
  "deleteFetcher",
  "resetFetcher",
  "dispose",
  "getBlocker",
  "deleteBlocker",
  "patchRoutes",
  "_internalFetchControllers",
  "_internalSetRoutes",
  "_internalSetStateDoNotUseOrYouWillBreakYourApp",
]);
/** The state's fields: those set per request below, and the rest, which are the same for every request. */
const STATE_FIELDS = ["historyAction", "location", "matches", "loaderData", "actionData", "errors", "initialized", "renderFallback", "navigation", "restoreScrollPosition", "preventScrollReset", "revalidation", "fetchers", "blockers"];

// One entry per server build (the manifest object belongs to the build); `null` when the
// router's shape is not what this module knows, and every page then goes through <ServerRouter>.
const partsByBuild = new WeakMap<object, RouterParts | null>();

/** The document of a page that does not hydrate. */
export function StaticDocument({ context, url, nonce }: { context: EntryContext; url: string; nonce?: string }): ReactElement {
  const parts = routerParts(context, url, nonce);
  if (!parts) return <ServerRouter context={context} url={url} nonce={nonce} />;
  pruneLoaderData(context);
  const router = requestRouter(parts, context);
  return (
    <FrameworkContext.Provider
      value={{
        manifest: context.manifest,
        routeModules: context.routeModules,
        criticalCss: context.criticalCss,
        serverHandoffString: context.serverHandoffString,
        future: context.future,
        ssr: context.ssr,
        isSpaMode: context.isSpaMode,
        routeDiscovery: context.routeDiscovery,
        nonce,
        serializeError: context.serializeError,
        renderMeta: context.renderMeta,
      }}
    >
      <RemixErrorBoundary location={router.state.location}>
        <StaticRouterProvider router={router} context={context.staticHandlerContext} hydrate={false} />
      </RemixErrorBoundary>
    </FrameworkContext.Provider>
  );
}

function routerParts(context: EntryContext, url: string, nonce: string | undefined): RouterParts | null {
  const known = partsByBuild.get(context.manifest);
  if (known !== undefined) return known;
  let parts: RouterParts | null = null;
  try {
    // <ServerRouter> uses no hooks: called as a function it returns the element tree it
    // would render, with the router in it. This request then renders through it as well.
    parts = partsOf(findStaticRouter((ServerRouter as (props: { context: EntryContext; url: string; nonce?: string }) => ReactNode)({ context, url, nonce })));
  } catch {
    parts = null;
  }
  if (!parts) console.error("Pages that do not hydrate are rendered through React Router's ServerRouter: its router is not of the shape expected.");
  partsByBuild.set(context.manifest, parts);
  return parts;
}

/** The router handed to <StaticRouterProvider> somewhere in an element tree. */
export function findStaticRouter(node: ReactNode): StaticRouter | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findStaticRouter(child as ReactNode);
      if (found) return found;
    }
    return null;
  }
  if (!isValidElement(node)) return null;
  const props = node.props as { router?: StaticRouter; children?: ReactNode };
  if (node.type === StaticRouterProvider && props.router) return props.router;
  return findStaticRouter(props.children);
}

/** Splits a router into the parts every request shares; null when its shape is unknown. */
export function partsOf(router: StaticRouter | null): RouterParts | null {
  if (!router) return null;
  const methods: Record<string, unknown> = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(router))) {
    if (PER_REQUEST_FIELDS.has(key)) continue;
    if (!SHARED_FIELDS.has(key) || !("value" in descriptor)) return null;
    methods[key] = descriptor.value;
  }
  if (Object.keys(router.state).sort().join() !== [...STATE_FIELDS].sort().join()) return null;
  return { routes: router.routes, manifest: router.manifest, future: router.future, idleState: router.state, methods: methods as Partial<StaticRouter> };
}

/** A request's router: the same fields React Router's static router gives, as plain values. */
function requestRouter(parts: RouterParts, context: EntryContext): StaticRouter {
  const handler = context.staticHandlerContext;
  const matches = handler.matches.map((match) => ({ ...match, route: parts.manifest[match.route.id] ?? match.route }));
  const state: RouterState = {
    ...parts.idleState,
    location: handler.location,
    matches,
    loaderData: handler.loaderData,
    actionData: handler.actionData,
    errors: handler.errors,
    fetchers: new Map(),
    blockers: new Map(),
  };
  return {
    ...parts.methods,
    basename: handler.basename,
    future: parts.future,
    state,
    routes: parts.routes,
    branches: context.branches,
    manifest: parts.manifest,
    window: undefined,
  } as StaticRouter;
}

/** As <ServerRouter> does: a route that loads its own data in the browser renders without it. */
function pruneLoaderData(context: EntryContext) {
  const handler = context.staticHandlerContext;
  handler.loaderData = { ...handler.loaderData };
  for (const match of handler.matches) {
    const routeId = match.route.id;
    const module = context.routeModules[routeId];
    const manifestRoute = context.manifest.routes[routeId];
    if (module && manifestRoute && shouldHydrateRouteLoader(routeId, module.clientLoader, manifestRoute.hasLoader, context.isSpaMode) && (module.HydrateFallback || !manifestRoute.hasLoader)) {
      delete handler.loaderData[routeId];
    }
  }
}
