// Runs every benchmark in turn, each against its own targets, and fails (exit code 1) when any
// of them missed one: a miss in one does not keep the others from being measured.
// Run with: npm run bench
import { spawnSync } from "node:child_process";

const benchmarks = ["bench:screening", "bench:triage", "bench:http", "bench:js"];
const outcomes = benchmarks.map((name) => {
  console.log(`\n=== npm run ${name}\n`);
  const run = spawnSync("npm", ["run", "--silent", name], { stdio: "inherit" });
  return { name, ok: run.status === 0 };
});

console.log("\n=== Summary (details above and in bench/results/)");
for (const { name, ok } of outcomes) console.log(`${ok ? "PASS" : "FAIL"}  ${name}`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
