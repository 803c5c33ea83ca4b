// Starts the portal: in production from the built server, in development through Vite.
import compression from "compression";
import express from "express";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

// The collector's settings for a server that answers many small requests
// (docs/decisions/022-fewer-full-collections.md). A full collection holds up every request being
// answered, and how often one runs is how fast the old generation fills, against how far it may
// grow after the last one. So: the old generation may grow to eight times what the last full
// collection kept (V8 chooses up to four times), and nothing is allocated straight into it because
// objects made at the same place in the code survived before (under a full load, a request's
// objects live long enough to teach V8 that; at any load after, its garbage then went straight
// to the old generation). Both are read at each collection, so setting them here takes effect for
// the whole process, its threads included.
for (const flag of ["--heap-growing-percent=700", "--no-allocation-site-pretenuring"]) v8.setFlagsFromString(flag);

const root = fileURLToPath(new URL(".", import.meta.url));
const DEVELOPMENT = process.env.NODE_ENV === "development";

async function loadApp(viteDevServer) {
  if (viteDevServer) return viteDevServer.ssrLoadModule("./server/app.ts");
  return import(new URL("./build/server/index.js", import.meta.url).href);
}

async function main() {
  const server = express();
  server.disable("x-powered-by");
  server.use(compression());

  let mod;
  if (DEVELOPMENT) {
    const vite = await import("vite");
    const viteDevServer = await vite.createServer({ server: { middlewareMode: true } });
    mod = await loadApp(viteDevServer);
    server.use(mod.securityHeaders);
    server.use(viteDevServer.middlewares);
    server.use(async (req, res, next) => {
      try {
        const fresh = await loadApp(viteDevServer);
        return fresh.app(req, res, next);
      } catch (error) {
        if (typeof error === "object" && error instanceof Error) viteDevServer.ssrFixStacktrace(error);
        next(error);
      }
    });
  } else {
    mod = await loadApp();
    mod.configureProxy(server);
    server.use(mod.securityHeaders);
    server.use(mod.staticFiles(root));
    server.use(mod.app);
  }

  const { port, appUrl } = mod.config;
  const listener = mod.createHttpServer(server).listen(port, () => {
    const address = listener.address();
    const actualPort = typeof address === "object" && address ? address.port : port;
    console.log(`Upstream is listening on http://localhost:${actualPort} (links in e-mails use ${appUrl})`);
  });
  // Keep idle connections longer than clients and proxies commonly do, so that a client never
  // reuses a connection at the moment the server closes it.
  listener.keepAliveTimeout = 65_000;
  listener.headersTimeout = 66_000;
  const stop = () => {
    mod.shutdown?.();
    listener.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  // Configuration and content errors carry a message that names the variable or file at fault.
  if (error && ["ConfigError", "ArticleError", "ReferenceDataError", "QuestionnaireError"].includes(error.name)) {
    console.error(`Upstream cannot start: ${error.message}`);
  } else {
    console.error("Upstream cannot start:", error);
  }
  process.exit(1);
});
