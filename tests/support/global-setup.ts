// Runs once before all tests: checks the production build exists (npm test builds first)
// and prepares a migrated template database that each test server copies. The tests' own
// directory starts empty and is removed at the end, so runs leave no databases behind.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { openDatabase } from "../../db/client.server";
import { ensureShippedLists } from "../../app/modules/screening/screening.server";
import { BUILD_ENTRY, TEMPLATE_DB, TMP_DIR } from "./paths";

export default async function globalSetup() {
  if (!existsSync(BUILD_ENTRY)) {
    throw new Error("The production build is missing: run `npm test` (which builds first) or `npm run build`.");
  }
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  const db = openDatabase(TEMPLATE_DB);
  // The shipped screening lists are loaded once here, not by every test server.
  ensureShippedLists(db);
  // Fold the WAL into the main file so a plain file copy carries the whole schema.
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return () => rmSync(TMP_DIR, { recursive: true, force: true });
}
