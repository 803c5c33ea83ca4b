// The commands of `upstream`. Later capabilities add theirs here.
import { createInterface } from "node:readline";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { ValidationError } from "../modules/errors";
import { loadShippedArticles } from "../modules/library/library.server";
import { importProjects } from "../modules/projects/import.server";
import { retriageInstitution, simulateRules } from "../modules/triage/triage.server";
import { reopenDueReviews } from "../modules/cases/cases.server";
import { warningJsonSchema } from "../modules/warnings/packet";
import { runNudges } from "../modules/nudges/runner.server";
import { applyRetention } from "../modules/people/personal-data.server";
import { transportFromConfig } from "../modules/email/send.server";
import { projectPath } from "../lib/paths.server";
import { readRuleSetFile } from "../modules/triage/rules.server";
import { institutions } from "../../db/schema";
import { assessProjects, parseProjectsFile, ProjectsFileError } from "../modules/assessment/projects-file";
import { loadQuestionnaire } from "../modules/assessment/questionnaire.server";
import { loadTaxonomyLookup } from "../modules/assessment/taxonomy-lookup.server";
import { loadCountryContext } from "../modules/risk/country-context.server";
import { loadTechnologyTaxonomy } from "../modules/reference/technology-areas.server";
import { isCountryCode } from "../modules/reference/countries";
import { SCREENING_LISTS, isScreeningListId, screeningList, type ListFormat } from "../modules/screening/lists";
import { screen } from "../modules/screening/match";
import { ImportFormatError } from "../modules/screening/parse";
import { currentIndex, ensureShippedLists, importList, type ImportReport } from "../modules/screening/screening.server";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { checkPassword } from "../modules/auth/password";
import { hashPassword } from "../modules/auth/password.server";
import { recordAudit } from "../modules/audit/audit.server";
import { getConfig } from "../modules/config/env.server";

const LIST_FORMATS: ListFormat[] = ["csl-csv", "csl-json", "entities-json", "nro-csv"];

export function describeImport(report: ImportReport): string {
  const lines = [
    `${report.listName} (${report.listId}), snapshot ${report.snapshotDate}: ${report.added} added, ${report.removed} removed, ${report.changed} changed; ${report.total} entries now.`,
  ];
  for (const [kind, names] of Object.entries(report.examples)) if (names.length) lines.push(`  ${kind}: ${names.join("; ")}`);
  lines.push(`Re-screened ${report.rescreen.organisations} organisations: ${report.rescreen.newMatches} new matches, ${report.rescreen.vanishedMatches} vanished.`);
  return `${lines.join("\n")}\n`;
}

function institutionBySlug(db: ReturnType<typeof database>, slug: string) {
  const institution = db.select().from(institutions).where(eq(institutions.slug, slug)).get();
  if (!institution) throw new Error(`no institution "${slug}"; known: ${db.select().from(institutions).all().map((i) => i.slug).join(", ")}`);
  return institution;
}

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

export type Command = {
  summary: string;
  usage: string;
  options: OptionSpec;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
};

function database() {
  const config = getConfig();
  return openDatabase(config.databasePath, { migrationsDir: config.migrationsDir });
}

const hasBytes = (path: string) => existsSync(path) && statSync(path).size > 0;

/** Checks a copy of a backup: a sound SQLite file that carries Upstream's schema. */
function checkBackupCopy(path: string, source: string) {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path, { fileMustExist: true });
    // One row may hold several lines; the first problem is enough to name, the rest are alike.
    const problems = (sqlite.pragma("integrity_check(20)") as { integrity_check: string }[]).flatMap((row) => row.integrity_check.split("\n")).filter((line) => line && !line.startsWith("***"));
    if (problems[0] !== "ok") throw new Error(`${source} failed SQLite's integrity check (${problems[0]}${problems.length > 1 ? `, and ${problems.length - 1} more problems` : ""}); nothing was changed.`);
    const tables = new Set((sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!tables.has("__drizzle_migrations") || !tables.has("users")) throw new Error(`${source} is an SQLite database, but not Upstream's; nothing was changed.`);
  } catch (error) {
    if (error instanceof Database.SqliteError) throw new Error(`${source} is not a sound SQLite database (${error.message}); nothing was changed.`);
    throw error;
  } finally {
    sqlite?.close();
  }
}

/** True when some connection has the database open (a running portal, a command). */
function inUse(path: string) {
  const probe = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE; COMMIT");
    return false;
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY")) return true;
    if (error instanceof Database.SqliteError && error.code === "SQLITE_NOTADB") return false;
    throw error;
  } finally {
    probe.close();
  }
}

function fsyncPath(path: string) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Restores in a way that leaves either the old database or the whole checked backup, never a
 * mix: the backup is copied beside the target, checked there and flushed to disk, the target's
 * write-ahead log and shared-memory files are removed (SQLite would replay a stale log onto the
 * restored file), and the copy is renamed over the target in one step.
 */
function restoreDatabase(source: string, target: string, options: { force: boolean }) {
  if (!existsSync(source)) throw new Error(`${source} does not exist.`);
  if (source === target) throw new Error("the backup and the database are the same file.");
  if (hasBytes(`${source}-wal`)) throw new Error(`${source} has a write-ahead log beside it, so the file alone is not the whole database; make the backup with upstream db:backup.`);
  if (hasBytes(target)) {
    if (!options.force) throw new Error(`${target} already holds a database; add --force to replace it (make a backup of it first).`);
    if (inUse(target)) throw new Error(`${target} is in use, probably by the running portal; stop it first.`);
  }
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${basename(target)}.restoring-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    copyFileSync(source, temporary);
    checkBackupCopy(temporary, source);
    fsyncPath(temporary);
    for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(`${target}${suffix}`, { force: true });
    renameSync(temporary, target);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
  }
  // The rename itself lasts only once the directory is on disk (not possible on every platform).
  try {
    fsyncPath(dir);
  } catch {
    // Windows cannot open a directory for syncing; the rename is still atomic there.
  }
}

async function readSecret(prompt: string, fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed: write the prompt once, then swallow the echo.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(prompt);
  output._writeToOutput = () => {};
  const answer = await new Promise<string>((done) => rl.question("", done));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

export const commands: Record<string, Command> = {
  "db:migrate": {
    summary: "Creates the database file if needed, applies every pending migration and loads the shipped screening lists.",
    usage: "",
    options: {},
    async run() {
      const db = database();
      ensureShippedLists(db);
      db.$client.close();
      process.stdout.write(`The database at ${getConfig().databasePath} is up to date.\n`);
      return 0;
    },
  },

  "db:backup": {
    summary: "Writes an online, consistent copy of the database to <file> (SQLite's backup API); the portal may keep running.",
    usage: "<file>",
    options: {},
    async run(_values, [target]) {
      if (!target) throw new Error("name the file to write, e.g. upstream db:backup backups/upstream-2026-11-26.db");
      const path = resolve(target);
      if (existsSync(path)) throw new Error(`${path} already exists; choose a new file name.`);
      const db = database();
      try {
        // One step copies every page from one read snapshot. In small steps, SQLite starts the
        // copy over whenever the portal writes between two of them, and a busy portal would
        // keep it from ever finishing; in WAL mode the one long read does not hold up writers.
        await db.$client.backup(path, { progress: () => 0x7fffffff });
      } finally {
        db.$client.close();
      }
      process.stdout.write(`Backup written to ${path}.\n`);
      return 0;
    },
  },

  "db:restore": {
    summary: "Puts a backup made by db:backup in place as the database, after checking it; stop the portal first. A database that holds data is replaced only with --force.",
    usage: "<backup-file> [--to <database-path>] [--force]",
    options: { to: { type: "string" }, force: { type: "boolean" } },
    async run(values, [source]) {
      if (!source) throw new Error("name the backup to restore, e.g. upstream db:restore backups/upstream-2026-11-26.db");
      const target = resolve(values.to ? String(values.to) : getConfig().databasePath);
      restoreDatabase(resolve(source), target, { force: Boolean(values.force) });
      process.stdout.write(`Restored ${resolve(source)} to ${target}; its integrity check passed. Start the portal on it.\n`);
      return 0;
    },
  },

  "lists:import": {
    summary: "Loads a newer snapshot of a screening list, reports what was added, removed and changed, and re-screens every stored organisation. All or nothing.",
    usage: "--list <id> --format <csl-csv|csl-json|entities-json|nro-csv> --file <file> [--snapshot-date YYYY-MM-DD]",
    options: { list: { type: "string" }, format: { type: "string" }, file: { type: "string" }, "snapshot-date": { type: "string" } },
    async run(values) {
      const listId = String(values.list ?? "");
      const format = String(values.format ?? "");
      const file = String(values.file ?? "");
      if (!isScreeningListId(listId)) throw new Error(`--list must be one of ${SCREENING_LISTS.map((l) => l.id).join(", ")}`);
      if (!LIST_FORMATS.includes(format as ListFormat)) throw new Error(`--format must be one of ${LIST_FORMATS.join(", ")}`);
      if (!file) throw new Error("--file names the snapshot to load");
      const text = readFileSync(resolve(file), "utf8");
      const db = database();
      try {
        ensureShippedLists(db);
        const report = importList(db, { listId, format: format as ListFormat, text, fileName: file, snapshotDate: (values["snapshot-date"] as string | undefined) ?? null });
        process.stdout.write(describeImport(report));
        return 0;
      } catch (error) {
        if (error instanceof ImportFormatError) throw new Error(`nothing was changed. ${error.message}`);
        if (error instanceof ValidationError) throw new Error(`nothing was changed. ${Object.values(error.fieldErrors).join(" ")}`);
        throw error;
      } finally {
        db.$client.close();
      }
    },
  },

  screen: {
    summary: "Screens an organisation's name against every loaded list and explains each candidate.",
    usage: '"<name>" [--country XX] [--json]',
    options: { country: { type: "string" }, json: { type: "boolean" } },
    async run(values, positionals) {
      const name = positionals.join(" ").trim();
      if (!name) throw new Error('give the organisation\'s name, e.g. upstream screen "Harbin Institute of Technology" --country CN');
      const country = values.country ? String(values.country).toUpperCase() : null;
      if (country && !isCountryCode(country)) throw new Error(`--country must be an ISO 3166 two-letter code such as CN; "${values.country}" is not one`);
      const db = database();
      try {
        ensureShippedLists(db);
        const candidates = screen(currentIndex(db), { name, country });
        if (values.json) {
          const rows = candidates.map((c) => ({ list: c.listId, entry: { id: c.entryId, name: c.entryName, matchedName: c.matchedName }, score: c.score, country: c.country, explanation: c.explanation }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        } else if (candidates.length === 0) {
          process.stdout.write(`No list entry resembles "${name}".\n`);
        } else {
          for (const c of candidates) {
            process.stdout.write(`${c.score.toFixed(2)}  ${c.level === "strong" ? "likely match " : "possible     "} ${screeningList(c.listId)?.shortName ?? c.listId}: ${c.entryName}${c.country ? ` (${c.country})` : ""}\n      ${c.explanation}\n`);
          }
        }
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  assess: {
    summary: "Assesses the projects in an upstream.projects/v1 file and prints each risk profile; nothing is stored.",
    usage: "--file <projects.json> [--json]",
    options: { file: { type: "string" }, json: { type: "boolean" } },
    async run(values) {
      const file = String(values.file ?? "");
      if (!file) throw new Error("--file names the upstream.projects/v1 file to assess (see docs/formats/projects-v1.md)");
      let parsed;
      try {
        parsed = parseProjectsFile(readFileSync(resolve(file), "utf8"));
      } catch (error) {
        if (error instanceof ProjectsFileError) throw new Error(`${file} is not a valid upstream.projects/v1 file:\n  ${error.problems.join("\n  ")}`);
        throw error;
      }
      const db = database();
      try {
        ensureShippedLists(db);
        const index = currentIndex(db);
        const results = assessProjects(parsed.projects, {
          questionnaire: loadQuestionnaire(),
          taxonomy: loadTaxonomyLookup(),
          countries: loadCountryContext(),
          screen: (name, country) => screen(index, { name, country }).map((c) => ({ listId: c.listId, entryName: c.entryName, score: c.score, level: c.level, decision: null })),
        });
        if (values.json) {
          process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        } else {
          for (const r of results) {
            const levels = Object.entries(r.profile.dimensions).map(([d, p]) => `${d} ${p.level}`).join(", ");
            process.stdout.write(`${r.externalId ?? `#${r.index + 1}`} ${r.title}: ${levels}${r.complete ? "" : " (incomplete answers)"}\n`);
            for (const [d, p] of Object.entries(r.profile.dimensions)) {
              for (const f of p.factors.filter((x) => x.weight > 0)) process.stdout.write(`    ${d}: ${f.label} (+${f.weight})\n`);
            }
            for (const problem of r.problems) process.stdout.write(`    note: ${problem.message}\n`);
          }
        }
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  retriage: {
    summary: "Evaluates every project of one institution (or of all) against its current rules and portfolio patterns; running it twice changes nothing.",
    usage: "[--institution <slug>]",
    options: { institution: { type: "string" } },
    async run(values) {
      const db = database();
      try {
        ensureShippedLists(db);
        const started = performance.now();
        const targets = values.institution ? [institutionBySlug(db, String(values.institution))] : db.select().from(institutions).all();
        for (const institution of targets) {
          const r = retriageInstitution(db, institution.id);
          process.stdout.write(
            `${institution.slug}: ${r.projects} projects; flags ${r.opened} opened, ${r.updated} updated, ${r.closed} closed, ${r.unchanged} unchanged; patterns ${r.patterns?.current ?? 0} current (${r.patterns?.opened ?? 0} new, ${r.patterns?.closed ?? 0} closed); cases ${r.cases?.opened ?? 0} opened, ${r.cases?.raised ?? 0} raised\n`,
          );
        }
        process.stdout.write(`Done in ${((performance.now() - started) / 1000).toFixed(2)} s.\n`);
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  "formats:write": {
    summary: "Writes the JSON Schema of the upstream.warning/v1 format to docs/formats/warning-v1.schema.json (after a change to the format).",
    usage: "",
    options: {},
    async run() {
      const file = projectPath("docs", "formats", "warning-v1.schema.json");
      writeFileSync(file, `${JSON.stringify(warningJsonSchema(), null, 2)}\n`);
      process.stdout.write(`Wrote ${file}.\n`);
      return 0;
    },
  },

  "nudges:run": {
    summary: "Queues the e-mail nudges that are due, merges waiting ones into daily summaries and sends what is due (for cron; the server also does this every few minutes). Safe to run beside the server.",
    usage: "",
    options: {},
    async run() {
      const db = database();
      try {
        const config = getConfig();
        const r = await runNudges(db, transportFromConfig(config), { appUrl: config.appUrl, secret: config.appSecret });
        process.stdout.write(
          `Queued ${r.queued.reminders} assessment reminders, ${r.queued.yearly} yearly reminders, ${r.queued.deadlines} deadline notices and ${r.queued.library} library digests; ${r.digests.digests} daily summaries merged ${r.digests.merged} messages; sent ${r.sent}, failed ${r.failed}.\n`,
        );
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  "retention:run": {
    summary: "Removes the personal data of cases closed longer ago than each institution's retention period (the server also does this daily).",
    usage: "",
    options: {},
    async run() {
      const db = database();
      try {
        const { cleared } = applyRetention(db);
        process.stdout.write(`${cleared} ${cleared === 1 ? "entry" : "entries"} of closed cases cleared of personal data.\n`);
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  "cases:reopen-due": {
    summary: "Reopens closed cases whose review date has come (the server also does this every 15 minutes); for cron.",
    usage: "",
    options: {},
    async run() {
      const db = database();
      try {
        const { reopened } = reopenDueReviews(db);
        process.stdout.write(`${reopened} ${reopened === 1 ? "case" : "cases"} reopened for review.\n`);
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  simulate: {
    summary: "Shows what a changed rule set (upstream.rules/v1) or institution settings file would do to the current portfolio, without saving anything.",
    usage: "--rules <file> [--institution <slug>] [--json]",
    options: { rules: { type: "string" }, institution: { type: "string" }, json: { type: "boolean" } },
    async run(values) {
      const file = String(values.rules ?? "");
      if (!file) throw new Error("--rules names a rule-set file (upstream.rules/v1) or a settings file ({ disabled, severity, parameters })");
      const data = JSON.parse(readFileSync(resolve(file), "utf8")) as Record<string, unknown>;
      const db = database();
      try {
        ensureShippedLists(db);
        const targets = values.institution ? [institutionBySlug(db, String(values.institution))] : db.select().from(institutions).all();
        const change = data.format === "upstream.rules/v1" ? { ruleSet: readRuleSetFile(resolve(file)) } : { settings: data as never };
        const results = targets.map((institution) => ({ institution: institution.slug, ...simulateRules(db, institution.id, change) }));
        if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else
          for (const r of results) {
            const title = (id: number) => r.projects.find((p) => p.id === id)?.title ?? `project ${id}`;
            process.stdout.write(`${r.institution}: ${r.appear.length} flags would appear, ${r.disappear.length} disappear, ${r.severityChanged.length} change severity (${r.ruleSetBefore} → ${r.ruleSetAfter})\n`);
            for (const c of r.appear) process.stdout.write(`  + ${c.ruleId} (${c.severity}) on ${title(c.projectId)}\n`);
            for (const c of r.disappear) process.stdout.write(`  - ${c.ruleId} (${c.severity}) on ${title(c.projectId)}\n`);
            for (const c of r.severityChanged) process.stdout.write(`  ~ ${c.ruleId} ${c.from} → ${c.to} on ${title(c.projectId)}\n`);
          }
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  import: {
    summary: "Imports projects from an upstream.projects/v1 file into an institution: matched on externalId, all or nothing.",
    usage: "--institution <slug> --file <projects.json>",
    options: { institution: { type: "string" }, file: { type: "string" } },
    async run(values) {
      const file = String(values.file ?? "");
      if (!values.institution || !file) throw new Error("--institution and --file are both needed");
      let parsed;
      try {
        parsed = parseProjectsFile(readFileSync(resolve(file), "utf8"));
      } catch (error) {
        if (error instanceof ProjectsFileError) throw new Error(`nothing was imported. ${error.problems.join("; ")}`);
        throw error;
      }
      const db = database();
      try {
        ensureShippedLists(db);
        const institution = institutionBySlug(db, String(values.institution));
        let result;
        try {
          result = importProjects(db, institution.id, parsed.projects, { kind: "file", name: file });
        } catch (error) {
          if (error instanceof ValidationError) throw new Error(`nothing was imported. ${Object.values(error.fieldErrors).join(" ")}`);
          throw error;
        }
        const triage = retriageInstitution(db, institution.id);
        process.stdout.write(`${institution.slug}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged. Flags: ${triage.opened} opened, ${triage.closed} closed.\n`);
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },

  "content:check": {
    summary: "Validates the content shipped with the portal (library articles, reference data) and names any file and field at fault.",
    usage: "",
    options: {},
    async run() {
      const articles = loadShippedArticles();
      const taxonomy = loadTechnologyTaxonomy();
      const questionnaire = loadQuestionnaire();
      process.stdout.write(`Content is valid: ${articles.length} library articles, ${taxonomy.areas.length} technology areas, questionnaire ${questionnaire.version}.\n`);
      return 0;
    },
  },

  "user:create-admin": {
    summary: "Creates an administrator account (asks for the password, or reads it from standard input).",
    usage: "--email <address> [--name <name>] [--password-stdin]",
    options: { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
    async run(values) {
      const email = String(values.email ?? "").trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error("give the administrator's e-mail address with --email");
      const db = database();
      try {
        if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
          throw new Error(`${email} already has an account.`);
        }
        const password = await readSecret("Password for the new administrator: ", Boolean(values["password-stdin"]));
        const problem = checkPassword(password, { email });
        if (problem) throw new Error(problem);
        const now = new Date();
        const name = String(values.name ?? "Administrator").trim() || "Administrator";
        const passwordHash = await hashPassword(password);
        db.transaction((tx) => {
          const user = tx
            .insert(users)
            .values({ email, name, passwordHash, role: "admin", status: "active", emailVerifiedAt: now, createdAt: now, updatedAt: now })
            .returning()
            .get();
          recordAudit(tx, { action: "user.create-admin", email, target: { type: "user", id: user.id }, details: { via: "command line" } });
        });
        process.stdout.write(`Administrator ${email} created. Sign in at ${getConfig().appUrl}/login.\n`);
        return 0;
      } finally {
        db.$client.close();
      }
    },
  },
};
