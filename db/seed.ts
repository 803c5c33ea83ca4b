// Seeds the demo data (idempotent). Never run by `npm start`: production starts empty.
import { getConfig } from "../app/modules/config/env.server";
import { DEMO_PASSWORD, ensureUser, seedDemo, seedDemoProjects } from "../tests/factories";
import { openDatabase } from "./client.server";
import { ensureShippedLists } from "../app/modules/screening/screening.server";

const config = getConfig();
if (config.appEnv === "production") {
  console.error("The demo seed refuses to run with APP_ENV=production.");
  process.exit(1);
}
const db = openDatabase(config.databasePath, { migrationsDir: config.migrationsDir });
ensureShippedLists(db);
const { accounts, institutions } = await seedDemo(db);
// A second officer, so the decisions that need four eyes can be tried in the demo.
await ensureUser(db, { email: "peer@demo-university.example", name: "Petra Peer", role: "officer", institutionId: institutions.demo.id, password: DEMO_PASSWORD });
accounts.push("peer@demo-university.example");
await seedDemoProjects(db);
db.$client.close();
console.log(`Demo data is ready in ${config.databasePath}. Demo accounts (password: ${DEMO_PASSWORD}):`);
for (const email of accounts) console.log(`  ${email}`);
