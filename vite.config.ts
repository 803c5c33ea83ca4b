import { reactRouter } from "@react-router/dev/vite";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, transformWithEsbuild, type Plugin } from "vite";

export default defineConfig(({ isSsrBuild }) => ({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  // The server build starts from our Express app, which wraps React Router's request handler
  // with the security middleware, health check and start-up checks.
  build: isSsrBuild ? { rollupOptions: { input: { index: "./server/app.ts", "mailer-worker": "./server/mailer-worker.ts", "screening-worker": "./server/screening-worker.ts", "reader-worker": "./server/reader-worker.ts" } }, target: "node20" } : undefined,
  ssr: {
    // Native and Node-only packages stay outside the bundle.
    external: ["better-sqlite3", "@node-rs/argon2"],
  },
  plugins: [standaloneScripts(), reactRouter(), serverEntryNames()],
}));

/**
 * The server build has three more entries, the threads of the e-mail sender
 * (`server/mailer-worker.ts`), of screening (`server/screening-worker.ts`) and of the case
 * queue's reads (`server/reader-worker.ts`). React Router
 * names every server entry `index.js`; this keeps that name for the portal and gives each
 * thread its own file beside it.
 */
const WORKERS = new Set(["mailer-worker", "screening-worker", "reader-worker"]);

function serverEntryNames(): Plugin {
  return {
    name: "upstream:server-entry-names",
    enforce: "post",
    configEnvironment(name) {
      if (name !== "ssr") return;
      return { build: { rollupOptions: { output: { entryFileNames: (chunk) => (WORKERS.has(chunk.name) ? `${chunk.name}.js` : "index.js") } } } };
    },
  };
}

/**
 * `import url from "./file.ts?standalone"` gives the address of that file compiled on its own
 * into one small script (no imports, no framework), for pages that do not hydrate
 * (docs/decisions/011-assessment-pages-without-hydration.md). In a build it is minified and
 * written beside the client assets under a hash of its content, so both builds agree on the
 * name and browsers may cache it for good; in development Vite serves the source compiled.
 */
function standaloneScripts(): Plugin {
  const suffix = "?standalone";
  let root = process.cwd();
  let base = "/";
  let serving = false;
  return {
    name: "upstream:standalone-scripts",
    enforce: "pre",
    configResolved(config) {
      root = config.root;
      base = config.base;
      serving = config.command === "serve";
    },
    async load(id) {
      if (!id.endsWith(suffix)) return null;
      const file = id.slice(0, -suffix.length);
      if (serving) return `export default ${JSON.stringify(base + path.relative(root, file).split(path.sep).join("/"))};`;
      this.addWatchFile(file);
      const { code } = await transformWithEsbuild(await readFile(file, "utf8"), file, { format: "iife", minify: true, target: "es2020", legalComments: "none" });
      const hash = createHash("sha256").update(code).digest("base64url").slice(0, 8);
      const fileName = `assets/${path.basename(file).replace(/\.[cm]?[jt]s$/, "")}.standalone-${hash}.js`;
      if (this.environment.config.consumer === "client") this.emitFile({ type: "asset", fileName, source: code });
      return `export default ${JSON.stringify(base + fileName)};`;
    },
  };
}
