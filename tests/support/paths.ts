import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where tests put their databases and files: a test run empties it when it starts and removes it when it ends. */
export const TMP_DIR = fileURLToPath(new URL("../../.tmp/test/", import.meta.url));
export const TEMPLATE_DB = `${TMP_DIR}template.db`;
export const BUILD_ENTRY = `${ROOT}build/server/index.js`;
