// Starts the portal: in production from the built server, in development through Vite.
import compression from "compression";
import express from "express";
import { fileURLToPath } from "node:url";

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
