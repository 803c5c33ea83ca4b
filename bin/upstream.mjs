#!/usr/bin/env node
// The `upstream` command: runs the TypeScript command-line tool through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../app/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
