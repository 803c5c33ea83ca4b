import { reactRouter } from "@react-router/dev/vite";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig(({ isSsrBuild }) => ({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  // The server build starts from our Express app, which wraps React Router's request handler
  // with the security middleware, health check and start-up checks.
  build: isSsrBuild ? { rollupOptions: { input: "./server/app.ts" }, target: "node20" } : undefined,
  ssr: {
    // Native and Node-only packages stay outside the bundle.
    external: ["better-sqlite3", "@node-rs/argon2"],
  },
  plugins: [reactRouter()],
}));
