#!/usr/bin/env node
// The `upstream` command: runs the TypeScript command-line tool through tsx.
import { register } from "tsx/esm/api";

register();
// A reader that stops early (| head) is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { main } = await import("../app/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
