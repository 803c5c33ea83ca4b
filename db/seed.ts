// Seeds the demo data (idempotent). Never run by `npm start`: production starts empty.
import { getConfig } from "../app/modules/config/env.server";
import { DEMO_PASSWORD, ensureUser, seedDemo, seedDemoProjects, seedTrendHistory } from "../tests/factories";
import { closedQuarters } from "../app/modules/aggregates/aggregates.server";
import { retriageEverything } from "../app/modules/triage/triage.server";
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
// Earlier quarters for the trends pages: counts below 5 are never published, so a demo needs a portfolio's worth.
const quarters = closedQuarters(new Date(), 4);
await seedTrendHistory(db, { institutionId: institutions.demo.id, ownerEmail: "archive@demo-university.example", quarters, perQuarter: 30, seed: 7 });
await seedTrendHistory(db, { institutionId: institutions.second.id, ownerEmail: "archive@second-university.example", quarters, perQuarter: 14, seed: 11 });
// Triage the whole demo portfolio under today's rules, so the queue shows what the office would face.
retriageEverything(db);
db.$client.close();
console.log(`Demo data is ready in ${config.databasePath}. Demo accounts (password: ${DEMO_PASSWORD}):`);
for (const email of accounts) console.log(`  ${email}`);
