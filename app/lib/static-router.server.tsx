// The server render of every page, with the route tree built once per build.
//
// React Router's <ServerRouter> builds the whole route tree again for every request (a route
// object per route of the app, then a data route for each) and returns a router whose fields
// are getters. Getters in an object literal give every such router its own hidden class, which
// lives until the next full collection and keeps the request's routes, data and elements alive
// with it: each page moved tens of kilobytes into the old generation, and the full collections
// that followed held up every request behind them (docs/decisions/011).
//
// No page needs that per request. The tree is taken from the first <ServerRouter> of the build,
// and each request gets a router of plain fields over it, rendered through React Router's own
// providers exactly as <ServerRouter> renders them. A page that hydrates also gets React
// Router's own element that streams the page's data into its scripts, as <ServerRouter> adds
// it; a page that does not hydrate leaves it out, as its browser loads no scripts to read it.
import { isValidElement, Suspense, type ComponentType, type ReactElement, type ReactNode } from "react";
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

/** The props <ServerRouter> gives React Router's data transfer, and nothing else. */
type DataTransferProps = { context: EntryContext; identifier: number; reader: ReadableStreamDefaultReader<Uint8Array>; textDecoder: TextDecoder; nonce?: string };
const DATA_TRANSFER_PROPS = ["context", "identifier", "nonce", "reader", "textDecoder"];

/** What a request's router is made from: the build's route tree and the router's own methods. */
type RouterParts = {
  routes: StaticRouter["routes"];
  manifest: StaticRouter["manifest"];
  future: StaticRouter["future"];
  /** The router's state as React Router fills it, for the fields that are the same on every request. */
  idleState: RouterState;
  /** Everything else the router carries: its methods, which never depend on the request. */
  methods: Partial<StaticRouter>;
  /**
   * React Router's component that writes the page data into the document for the scripts
   * (not exported by the package; taken from the tree <ServerRouter> renders). Null until a
   * request with page data to stream has shown it.
   */
  dataTransfer: ComponentType<DataTransferProps> | null;
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

type DocumentProps = { context: EntryContext; url: string; nonce?: string; hydrate: boolean };

/**
 * The document of a page. With `hydrate`, it carries the page data its scripts start from;
 * without, nothing for scripts at all.
 */
export function PageDocument({ context, url, nonce, hydrate }: DocumentProps): ReactNode {
  let parts = partsByBuild.get(context.manifest);
  const streamsData = hydrate && context.serverHandoffStream !== undefined;
  if (parts === undefined || (streamsData && parts?.dataTransfer === null)) {
    // <ServerRouter> uses no hooks: called as a function it returns the element tree it would
    // render, with the router and the data transfer in it. A page that hydrates is then
    // rendered through that very tree (its data stream is already taken by it).
    const tree = (ServerRouter as (props: Omit<DocumentProps, "hydrate">) => ReactNode)({ context, url, nonce });
    parts = learn(context.manifest, tree, parts);
    if (hydrate || !parts) return tree;
  }
  if (!parts) return <ServerRouter context={context} url={url} nonce={nonce} />;
  pruneLoaderData(context);
  const router = requestRouter(parts, context);
  const DataTransfer = parts.dataTransfer;
  return (
    <>
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
      {streamsData && DataTransfer && context.serverHandoffStream ? (
        <Suspense>
          <DataTransfer context={context} identifier={0} reader={context.serverHandoffStream.getReader()} textDecoder={new TextDecoder()} nonce={nonce} />
        </Suspense>
      ) : null}
    </>
  );
}

/** Records what a <ServerRouter> tree shows of the build; logs once when its shape is unknown. */
function learn(manifest: object, tree: ReactNode, known: RouterParts | null | undefined): RouterParts | null {
  let parts: RouterParts | null;
  try {
    parts = known ?? partsOf(findStaticRouter(tree));
    if (parts && !parts.dataTransfer) parts.dataTransfer = findDataTransfer(tree);
  } catch {
    parts = null;
  }
  if (!parts && known === undefined) console.error("Pages are rendered through React Router's ServerRouter: its router is not of the shape expected.");
  partsByBuild.set(manifest, parts);
  return parts;
}

/** Returned by a `findInTree` test: not under this element. */
const SKIP = Symbol("skip");

/**
 * The first thing `test` finds in an element tree, looking at each element before its children:
 * it returns what it found, null to look further down, or SKIP to leave the element's children.
 */
function findInTree<T>(node: ReactNode, test: (element: ReactElement<{ children?: ReactNode }>) => T | null | typeof SKIP): T | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findInTree(child as ReactNode, test);
      if (found !== null) return found;
    }
    return null;
  }
  if (!isValidElement<{ children?: ReactNode }>(node)) return null;
  const found = test(node);
  if (found === SKIP) return null;
  return found ?? findInTree(node.props.children, test);
}

/** The router handed to <StaticRouterProvider> somewhere in an element tree. */
export function findStaticRouter(node: ReactNode): StaticRouter | null {
  return findInTree(node, (element) => (element.type === StaticRouterProvider ? ((element.props as { router?: StaticRouter }).router ?? null) : null));
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
  return { routes: router.routes, manifest: router.manifest, future: router.future, idleState: router.state, methods: methods as Partial<StaticRouter>, dataTransfer: null };
}

/**
 * React Router's data transfer in a <ServerRouter> tree: the one component inside a suspense
 * boundary given exactly the props <ServerRouter> gives it, outside the page itself. Null when
 * there is none.
 */
export function findDataTransfer(node: ReactNode): ComponentType<DataTransferProps> | null {
  return findInTree(node, (element) => {
    if (element.type === StaticRouterProvider) return SKIP;
    const child = element.props.children;
    if (element.type !== Suspense || !isValidElement(child) || typeof child.type !== "function") return null;
    return Object.keys(child.props as object).sort().join() === DATA_TRANSFER_PROPS.join() ? (child.type as ComponentType<DataTransferProps>) : SKIP;
  });
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
