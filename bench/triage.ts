// Triage benchmark: generates a realistic synthetic portfolio (100,000 projects by default)
// in a fresh SQLite file, then times a full re-triage against a plain better-sqlite3 scan of
// the same rows, measured in the same run. Its targets: the re-triage takes less than 10
// seconds, changes nothing when nothing changed, and takes at most five times the raw scan
// (raw-scan seconds ÷ re-triage seconds ≥ 0.2). Prints each with PASS or FAIL and exits with
// 1 when any is missed. The database lives in a temporary folder, removed on exit.
// Run with: npm run bench:triage [-- --projects 100000]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prng } from "../tests/support/random";
import { openDatabase } from "../db/client.server";
import { partnerOrganisations } from "../db/schema";
import { ensureShippedLists, rescreenAll, organisationKey } from "../app/modules/screening/screening.server";
import { retriageInstitution } from "../app/modules/triage/triage.server";
import { loadTechnologyTaxonomy } from "../app/modules/reference/technology-areas.server";
import { DEMO_PASSWORD, ensureInstitution, ensureUser } from "../tests/factories";

const argIndex = process.argv.indexOf("--projects");
const PROJECTS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 100_000;
const LIMIT_SECONDS = 10;
const MIN_RATIO = 0.2;

const random = prng(20261126);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const dir = mkdtempSync(path.join(os.tmpdir(), "upstream-bench-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
// An interrupted run removes its folder too (the exit handler runs on process.exit).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(signal === "SIGINT" ? 130 : 143));
const db = openDatabase(path.join(dir, "bench.db"));
ensureShippedLists(db);
const institution = await ensureInstitution(db, { name: "Benchmark University", country: "DE", domains: ["bench.example"] });
const owner = await ensureUser(db, { email: "pi@bench.example", name: "Benchmark PI", role: "researcher", password: DEMO_PASSWORD, institutionId: institution.id });

// A pool of partner organisations: mostly ordinary, some resembling listed entities.
const ordinary = ["University of Leiden", "Technische Universität München", "Uppsala University", "Nordic Optics AB", "Helix Biotech GmbH", "University of Porto", "Kyoto University", "McGill University", "ETH Zurich", "Politecnico di Milano"];
const listedLike = ["Harbin Inst. of Technology", "Beihang Univ.", "Sharif University of Technology", "National University of Defense Technology", "Northwestern Polytechnical University"];
const countries = ["DE", "FR", "NL", "SE", "US", "JP", "CA", "CN", "IR", "RU", "IT", "CH"];
const pool: { id: number; name: string; country: string }[] = [];
// Partners follow a long tail: a few organisations recur in many projects, most in one or two.
for (let i = 0; i < 20_000; i++) {
  const listed = i % 400 === 0;
  const name = listed ? pick(listedLike) : `${pick(ordinary)} department ${i}`;
  const country = listed ? pick(["CN", "IR"]) : pick(countries);
  const row = db.insert(partnerOrganisations).values({ institutionId: institution.id, name, country, nameKey: organisationKey(name, country) + `#${i}`, createdAt: new Date() }).returning().get();
  pool.push({ id: row.id, name, country });
}
rescreenAll(db);

const areas = loadTechnologyTaxonomy().areas.map((a) => a.id);
const answerSets = [
  { "research-type": "basic", "publication-intent": "open", "foreseeable-misuse": "no", "personal-data": "no", "external-support": "no", "outside-access": "no", "outside-appointments": "no" },
  { "research-type": "applied", "publication-intent": "restricted", "confidentiality-reason": "unexplained", "foreseeable-misuse": "yes", "misuse-kinds": ["surveillance"], "personal-data": "yes", "external-support": "yes", "funding-conditions": ["mirror-lab"], "end-use": ["security-police"], "end-user-country": "CN", "unpublished-sharing-abroad": "yes" },
  { "research-type": "applied", "publication-intent": "open", "foreseeable-misuse": "unsure", "personal-data": "no", "external-support": "no", "outside-access": "yes", "visitor-access": ["lab-equipment"], "outside-appointments": "yes", "appointment-kinds": ["talent-programme"], "appointments-disclosed": "no" },
];
const levels = ["none", "low", "medium", "high", "critical"];

const started = performance.now();
const sqlite = db.$client;
const insertProject = sqlite.prepare("insert into projects (institution_id, owner_id, title, summary, field, trl, status, created_at, updated_at, start_date) values (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)");
const insertArea = sqlite.prepare("insert into project_technology_areas (project_id, area_id) values (?, ?)");
const insertPartner = sqlite.prepare("insert into project_partners (project_id, institution_id, organisation_id, name, country, kind, role, created_at) values (?, ?, ?, ?, ?, 'university', 'co-author', ?)");
const insertFunder = sqlite.prepare("insert into project_funders (project_id, institution_id, name, country, kind, created_at) values (?, ?, ?, ?, ?, ?)");
const insertAssessment = sqlite.prepare(
  "insert into assessments (project_id, institution_id, questionnaire_version, status, answers, level_military, level_human_rights, level_itt, level_partner, factor_ids, started_at, updated_at, submitted_at) values (?, ?, 'v1', 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
sqlite.transaction(() => {
  const now = Date.now();
  for (let i = 0; i < PROJECTS; i++) {
    const startedOn = new Date(now - Math.floor(random() * 3 * 365) * 86_400_000).toISOString().slice(0, 10);
    const { lastInsertRowid } = insertProject.run(institution.id, owner.id, `Project ${i}`, "A synthetic project for the benchmark.", "Synthetic field", 1 + Math.floor(random() * 6), now, now, startedOn);
    const id = Number(lastInsertRowid);
    const chosen = new Set([pick(areas), ...(random() < 0.4 ? [pick(areas)] : [])]);
    for (const area of chosen) insertArea.run(id, area);
    const partnerCount = Math.floor(random() * 4);
    for (let p = 0; p < partnerCount; p++) {
      const org = pool[Math.floor(random() ** 3 * pool.length)]!;
      insertPartner.run(id, institution.id, org.id, org.name, org.country, now);
    }
    if (random() < 0.5) insertFunder.run(id, institution.id, "Synthetic Funder", pick(countries), pick(["public", "industry", "military-defence", "foreign-government"]), now);
    if (random() < 0.8) {
      const set = pick(answerSets);
      const lv = () => pick(levels);
      insertAssessment.run(id, institution.id, JSON.stringify(set), lv(), lv(), lv(), lv(), JSON.stringify(["itt.area-sensitivity-high", "partner.screening-strong"].slice(0, Math.floor(random() * 3))), now, now, now);
    }
  }
})();
const generatedSeconds = (performance.now() - started) / 1000;

// Baseline: read the same rows with plain prepared statements, parsing the JSON answers.
const scanStarted = performance.now();
let scanned = 0;
for (const sqlText of [
  "select id, title, summary, field, trl, start_date, created_at from projects where institution_id = ?",
  "select project_id, area_id from project_technology_areas where project_id in (select id from projects where institution_id = ?)",
  "select project_id, organisation_id, name, country, kind, role from project_partners where institution_id = ?",
  "select project_id, name, country, kind from project_funders where institution_id = ?",
]) {
  for (const _row of sqlite.prepare(sqlText).iterate(institution.id)) scanned++;
}
for (const row of sqlite.prepare("select answers, factor_ids from assessments where institution_id = ? and status = 'submitted'").iterate(institution.id) as Iterable<{ answers: string; factor_ids: string }>) {
  JSON.parse(row.answers);
  JSON.parse(row.factor_ids);
  scanned++;
}
const scanSeconds = (performance.now() - scanStarted) / 1000;

// The first run raises every flag (an initial triage); the second is the re-triage an
// institution runs after a change of rules or lists, and must change nothing here.
const initialStarted = performance.now();
const report = retriageInstitution(db, institution.id);
const initialSeconds = (performance.now() - initialStarted) / 1000;
const triageStarted = performance.now();
const again = retriageInstitution(db, institution.id);
const triageSeconds = (performance.now() - triageStarted) / 1000;

const ratio = scanSeconds / triageSeconds;
// Nothing changed between the runs, so the second must write nothing: no flag, pattern or case.
const secondRunFlagChanges = again.opened + again.updated + again.closed;
const secondRunPatternChanges = (again.patterns?.opened ?? 0) + (again.patterns?.updated ?? 0) + (again.patterns?.closed ?? 0);
const secondRunCaseChanges = (again.cases?.opened ?? 0) + (again.cases?.raised ?? 0) + (again.cases?.emptied ?? 0);
const secondRunChanges = secondRunFlagChanges + secondRunPatternChanges + secondRunCaseChanges;
const targets = [
  { name: `re-triage under ${LIMIT_SECONDS} s`, passed: triageSeconds < LIMIT_SECONDS, measured: `${triageSeconds.toFixed(3)} s` },
  { name: "second run changes nothing", passed: secondRunChanges === 0, measured: `${secondRunFlagChanges} flags, ${secondRunPatternChanges} patterns, ${secondRunCaseChanges} cases changed` },
  { name: `raw scan ÷ re-triage ≥ ${MIN_RATIO}`, passed: ratio >= MIN_RATIO, measured: ratio.toFixed(3) },
];
const passed = targets.every((t) => t.passed);

const result = {
  benchmark: "triage",
  projects: PROJECTS,
  generatedSeconds: Number(generatedSeconds.toFixed(2)),
  rawScanSeconds: Number(scanSeconds.toFixed(3)),
  rowsScanned: scanned,
  initialTriageSeconds: Number(initialSeconds.toFixed(3)),
  retriageSeconds: Number(triageSeconds.toFixed(3)),
  ratioRawToRetriage: Number(ratio.toFixed(3)),
  flags: { opened: report.opened, closed: report.closed },
  patterns: report.patterns?.current ?? 0,
  secondRunChanges: { flags: secondRunFlagChanges, patterns: secondRunPatternChanges, cases: secondRunCaseChanges },
  retriageTimings: again.timings,
  limitSeconds: LIMIT_SECONDS,
  minRatio: MIN_RATIO,
  targets,
  passed,
  machine: { cpus: os.cpus().length, node: process.version },
};
console.log(`projects:               ${PROJECTS}`);
console.log(`raw scan of the rows:   ${result.rawScanSeconds} s (${scanned} rows)`);
console.log(`initial triage:         ${result.initialTriageSeconds} s (${report.opened} flags opened, ${result.patterns} patterns)`);
console.log(`re-triage:              ${result.retriageSeconds} s (${Object.entries(again.timings ?? {}).map(([k, v]) => `${k} ${v}`).join(", ")})`);
console.log(`ratio raw / re-triage:  ${result.ratioRawToRetriage}`);
console.log(`second run changed:     ${secondRunFlagChanges} flags, ${secondRunPatternChanges} patterns, ${secondRunCaseChanges} cases`);
console.log("");
for (const target of targets) console.log(`${target.passed ? "PASS" : "FAIL"}  ${target.name} (${target.measured})`);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/triage.json", `${JSON.stringify(result, null, 2)}\n`);
db.$client.close();
if (!passed) console.error("The triage benchmark missed a target.");
process.exit(passed ? 0 : 1);
