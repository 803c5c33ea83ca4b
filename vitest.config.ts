// Vitest runs apart from the React Router Vite plugin (see STACK.md): unit tests import
// modules directly, integration and browser tests talk to a real server over HTTP.
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "server/**/*.test.ts", "emails/**/*.test.{ts,tsx}", "tests/**/*.test.ts", "bench/**/*.test.ts"],
    // The soak runs apart (npm run test:soak).
    exclude: [...configDefaults.exclude, "tests/soak/**"],
    setupFiles: ["tests/support/setup-test-env.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
