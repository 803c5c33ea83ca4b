// The soak tests: long runs under a failing provider, kept apart from `npm test` because they
// take minutes. `npm run test:soak` runs them; they need no production build.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/soak/**/*.test.ts"],
    // The main configuration leaves these files out; they run only under this one.
    setupFiles: ["tests/support/setup-test-env.ts"],
    // About two minutes on an idle machine; the margin is for a busy one.
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
