// Owns triage in the database: which rule settings apply to an institution (versioned),
// evaluating projects into flags with their evidence (updated, never duplicated; closed with
// a reason when the condition no longer holds), and re-triaging whole portfolios.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { flags, institutions, patternFlags, projects, ruleSettingsVersions, users } from "../../../db/schema";
import { preparedOnce, type Db, type Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, ValidationError } from "../errors";
import { loadTaxonomyLookup } from "../assessment/taxonomy-lookup.server";
import { loadQuestionnaire } from "../assessment/questionnaire.server";
import { loadCountryGroups } from "../reference/country-groups.server";
import { DIMENSIONS, FACTOR_CATALOGUE } from "../risk/factors";
import type { Level, RiskProfile } from "../risk/model";
import { answerLabelerOf, compileRuleSet, evidenceMatches, evidenceText, type CompiledRuleSet, type Evidence, type FlagResult } from "./evaluate";
import type { RuleSet, TriageSubject } from "./rules";
import { loadBaselineRuleSet } from "./rules.server";
import { EMPTY_SETTINGS, parseRuleSettings, settingsDigest, type InstitutionRuleSettings } from "./settings";
import { loadTriageProjects, type LoadedProject } from "./subjects.server";
import { detectPatterns, type PatternFlag } from "./patterns";
import { institutionTierGroups } from "../reference/country-tiers.server";
import { diffFlags, type FlagDiff } from "./diff";
import { summariseOpenFlags, syncCases, type OpenFlag, type OpenFlagSummary } from "../cases/cases.server";

// --- settings -------------------------------------------------------------------------------

export type CurrentSettings = { settings: InstitutionRuleSettings; version: number; label: string; ruleSet: RuleSet };

export function currentRuleSettings(database: Queryable, institutionId: number): CurrentSettings {
  const ruleSet = loadBaselineRuleSet();
  const row = database
    .select()
    .from(ruleSettingsVersions)
    .where(eq(ruleSettingsVersions.institutionId, institutionId))
    .orderBy(desc(ruleSettingsVersions.version))
    .get();
  const settings = row ? parseRuleSettings(row.settings, ruleSet) : EMPTY_SETTINGS;
  const version = row?.version ?? 0;
  return { settings, version, ruleSet, label: version === 0 ? ruleSet.version : `${ruleSet.version}+i${institutionId}.${version}` };
}

/** Saves a new version of the institution's tuning and re-triages its portfolio under it. */
export function saveRuleSettings(database: Db, actor: Actor, settings: InstitutionRuleSettings, origin?: RequestOrigin) {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  const ruleSet = loadBaselineRuleSet();
  let parsed: InstitutionRuleSettings;
  try {
    parsed = parseRuleSettings(settings, ruleSet);
  } catch (error) {
    throw new ValidationError({ settings: error instanceof Error ? error.message : String(error) });
  }
  const current = currentRuleSettings(database, actor.institutionId);
  if (settingsDigest(parsed) === settingsDigest(current.settings)) return { version: current.version, changed: false, retriage: null };
  const version = database.transaction((tx) => {
    const next = current.version + 1;
    tx.insert(ruleSettingsVersions)
      .values({ institutionId: actor.institutionId!, version: next, baselineVersion: ruleSet.version, settings: parsed as never, digest: settingsDigest(parsed), createdBy: actor.userId, createdAt: new Date() })
      .run();
    recordAudit(tx, { action: "triage.rules-change", actor, target: { type: "rule-settings", id: next }, origin, details: { before: current.settings, after: parsed } });
    return next;
  });
  const retriage = retriageInstitution(database, actor.institutionId);
  return { version, changed: true, retriage };
}

// --- subjects -------------------------------------------------------------------------------

let countryGroupsFn: ((iso2: string) => string[]) | undefined;
function countryGroups() {
  if (!countryGroupsFn) {
    const index = loadCountryGroups();
    const cache = new Map<string, string[]>();
    countryGroupsFn = (iso2) => {
      let groups = cache.get(iso2);
      if (!groups) {
        const found = index.countryGroupsOf(iso2);
        groups = found ? [...found.ear, ...(found.wassenaarParticipant ? ["WA"] : [])] : [];
        cache.set(iso2, groups);
      }
      return groups;
    };
  }
  return countryGroupsFn;
}

/** The parts of a profile triage reads, rebuilt from the stored levels and factor ids. */
function profileOf(loaded: LoadedProject): RiskProfile | null {
  if (!loaded.levels) return null;
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => {
      const factors = loaded.factorIds
        .filter((id) => id.startsWith(`${d}.`))
        .map((id) => {
          const def = FACTOR_CATALOGUE.get(id);
          return { id, dimension: d, label: def?.label ?? id, explanation: "", weight: def?.weight ?? 0, source: "" };
        });
      return [d, { level: loaded.levels![d] as Level, score: 0, factors, summary: "", meaning: "", nextSteps: [] }];
    }),
  );
  return { modelVersion: "", questionnaireVersion: "", dimensions, beneficialPotential: null, mitigations: [], needsOfficeReview: false, followUps: [] } as unknown as RiskProfile;
}

/**
 * A portfolio holds few distinct combinations of levels and factors, and triage only reads a
 * profile: projects with the same combination share one, built once per evaluation.
 */
function sharedProfiles(): (loaded: LoadedProject) => RiskProfile | null {
  const profiles = new Map<string, RiskProfile | null>();
  return (loaded) => {
    if (!loaded.levels) return null;
    const { military, human_rights, itt, partner } = loaded.levels;
    const key = JSON.stringify([military, human_rights, itt, partner, loaded.factorIds]);
    let profile = profiles.get(key);
    if (profile === undefined) profiles.set(key, (profile = profileOf(loaded)));
    return profile;
  };
}

function subjectOf(loaded: LoadedProject, groupsOf: (iso2: string) => string[], profile: RiskProfile | null): TriageSubject {
  return { projectId: loaded.projectId, facts: loaded.facts, answers: loaded.answers, profile, taxonomy: loadTaxonomyLookup(), countryGroups: groupsOf };
}

/** The public groups of a country, plus the institution's own tier for it, if any. */
function groupsForInstitution(database: Queryable, institutionId: number): (iso2: string) => string[] {
  const tiers = institutionTierGroups(database, institutionId);
  const base = countryGroups();
  if (tiers.size === 0) return base;
  return (iso2) => {
    const tier = tiers.get(iso2);
    return tier ? [...base(iso2), tier] : base(iso2);
  };
}

const compiledCache = new Map<string, CompiledRuleSet>();

function compiledFor(current: CurrentSettings): CompiledRuleSet {
  const key = `${current.ruleSet.version}:${settingsDigest(current.settings)}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    compiled = compileRuleSet(current.ruleSet, current.settings, { labels: answerLabelerOf(loadQuestionnaire()) });
    compiledCache.set(key, compiled);
  }
  return compiled;
}

/** Evaluates projects under their institution's current rules, without storing anything. */
export function evaluateProjects(loaded: LoadedProject[], compiled: CompiledRuleSet, groupsOf: (iso2: string) => string[] = countryGroups()): Map<number, FlagResult[]> {
  const result = new Map<number, FlagResult[]>();
  const profileOf = sharedProfiles();
  for (const project of loaded) result.set(project.projectId, compiled(subjectOf(project, groupsOf, profileOf(project))));
  return result;
}

// --- storing flags --------------------------------------------------------------------------

export type TriageReport = {
  projects: number;
  opened: number;
  updated: number;
  closed: number;
  unchanged: number;
  patterns?: PatternReport;
  cases?: ReturnType<typeof syncCases>;
  timings?: { loadMs: number; evaluateMs: number; patternsMs: number; storeMs: number };
};
export type PatternReport = { opened: number; updated: number; closed: number; current: number };

/** A stored flag as storeFlags reads it, as an array (cheaper than an object per row over a whole portfolio). */
type StoredFlag = [id: number, projectId: number, ruleId: string, severity: string, title: string, dimension: string, evidence: string, status: string, openedAt: number];

const STORED_FLAG_COLUMNS = "id, project_id, rule_id, severity, title, dimension, evidence, status, opened_at";

/**
 * Writes the flags of evaluated projects: new ones opened, changed ones updated, vanished ones
 * closed with the reason. Besides the report, it returns what each project's open flags now
 * amount to, so the cases need not read them back.
 *
 * The stored flags are compared with the results as they are read, row by row, and only the
 * writes are kept for afterwards: a whole portfolio's flags (evidence included) are never held
 * in memory at once, and an unchanged flag is not written at all. A whole portfolio is read
 * through the institution's index; a few projects through the flags' project index, where
 * `+institution_id` keeps the tenant check but stops the planner from walking every flag of
 * the institution, so that one submission costs the same in any institution.
 */
function storeFlags(database: Db, institutionId: number, results: Map<number, FlagResult[]>, current: CurrentSettings, now: Date, wholePortfolio = false) {
  const sqlite = database.$client;
  const at = now.getTime();
  const report: TriageReport = { projects: results.size, opened: 0, updated: 0, closed: 0, unchanged: 0 };
  // Every evaluated flag in one list, each project's together from its offset, with its
  // project and, once the stored flags are read, when it was opened if it is stored and open
  // already (as of now if it reopens; NaN for a new flag). Flat lists, not an object per flag.
  const evaluated: FlagResult[] = [];
  const offsets = new Map<number, number>();
  for (const [projectId, projectFlags] of results) {
    offsets.set(projectId, evaluated.length);
    for (const flag of projectFlags) evaluated.push(flag);
  }
  const projectOf = new Float64Array(evaluated.length);
  for (const [projectId, offset] of offsets) projectOf.fill(projectId, offset, offset + results.get(projectId)!.length);
  const openedAtOf = new Float64Array(evaluated.length).fill(Number.NaN);
  const reopens: [flag: FlagResult, id: number][] = [];
  const updates: [flag: FlagResult, id: number][] = [];
  const closes: [id: number, ruleId: string][] = [];
  /** Open flags of projects in scope that were not evaluated (none, for a whole portfolio). */
  const untouched = new Map<number, OpenFlag[]>();

  const compare = ([id, projectId, ruleId, severity, title, dimension, evidence, status, openedAt]: StoredFlag) => {
    const offset = offsets.get(projectId);
    if (offset === undefined) {
      if (status !== "open") return;
      const open = untouched.get(projectId);
      if (open) open.push({ severity, dimension, title, openedAt });
      else untouched.set(projectId, [{ severity, dimension, title, openedAt }]);
      return;
    }
    let index = offset;
    while (index < evaluated.length && projectOf[index] === projectId && evaluated[index]!.ruleId !== ruleId) index++;
    if (index === evaluated.length || projectOf[index] !== projectId) {
      if (status === "open") closes.push([id, ruleId]);
      return;
    }
    const flag = evaluated[index]!;
    if (status === "closed") {
      reopens.push([flag, id]);
      openedAtOf[index] = at;
    } else {
      openedAtOf[index] = openedAt;
      if (severity !== flag.severity || title !== flag.title || !evidenceMatches(flag.evidence, evidence)) updates.push([flag, id]);
      else report.unchanged++;
    }
  };
  if (wholePortfolio) {
    const all = sqlite.prepare(`select ${STORED_FLAG_COLUMNS} from flags where institution_id = ?`).raw();
    for (const row of all.iterate(institutionId) as Iterable<StoredFlag>) compare(row);
  } else {
    const read = sqlite.prepare(`select ${STORED_FLAG_COLUMNS} from flags where +institution_id = ? and project_id in (select value from json_each(?))`).raw();
    const projectIds = [...results.keys()];
    for (let i = 0; i < projectIds.length; i += 10_000) {
      for (const row of read.iterate(institutionId, JSON.stringify(projectIds.slice(i, i + 10_000))) as Iterable<StoredFlag>) compare(row);
    }
  }

  const insert = sqlite.prepare(
    "insert into flags (institution_id, project_id, rule_id, rule_set_version, title, severity, dimension, evidence, status, opened_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
  );
  const reopen = sqlite.prepare("update flags set rule_set_version = ?, title = ?, severity = ?, dimension = ?, evidence = ?, status = 'open', opened_at = ?, updated_at = ?, closed_at = null, closed_reason = null where id = ?");
  const update = sqlite.prepare("update flags set rule_set_version = ?, title = ?, severity = ?, dimension = ?, evidence = ?, updated_at = ? where id = ?");
  const close = sqlite.prepare("update flags set status = 'closed', closed_at = ?, closed_reason = ?, updated_at = ? where id = ?");
  for (const [flag, id] of reopens) {
    reopen.run(current.label, flag.title, flag.severity, flag.dimension, evidenceText(flag.evidence), at, at, id);
    report.opened++;
  }
  for (const [flag, id] of updates) {
    update.run(current.label, flag.title, flag.severity, flag.dimension, evidenceText(flag.evidence), at, id);
    report.updated++;
  }
  const disabled = new Set(current.settings.disabled);
  for (const [id, ruleId] of closes) {
    const reason = disabled.has(ruleId) ? `The institution switched this rule off (rules ${current.label}).` : `The condition no longer holds (re-triage under rules ${current.label}).`;
    close.run(at, reason, at, id);
    report.closed++;
  }
  const openFlags: OpenFlagSummary[] = [];
  for (const [projectId, projectFlags] of results) {
    if (projectFlags.length === 0) continue;
    const offset = offsets.get(projectId)!;
    for (let index = offset; index < offset + projectFlags.length; index++) {
      if (!Number.isNaN(openedAtOf[index])) continue;
      // Neither stored nor reopened: a new flag.
      const flag = evaluated[index]!;
      insert.run(institutionId, projectId, flag.ruleId, current.label, flag.title, flag.severity, flag.dimension, evidenceText(flag.evidence), at, at);
      report.opened++;
      openedAtOf[index] = at;
    }
    openFlags.push(summariseOpenFlags(projectId, projectFlags, (_flag, i) => openedAtOf[offset + i]!, at));
  }
  for (const [projectId, open] of untouched) openFlags.push(summariseOpenFlags(projectId, open, (flag) => flag.openedAt, at));
  return { report, openFlags };
}

/** A stored pattern as storePatterns reads it: [id, key, status, project ids (JSON), explanation, severity]. */
type StoredPattern = [id: number, key: string, status: string, projectIds: string, explanation: string, severity: string];

/** Whether a stored pattern still says the same: the same projects, explanation and severity. */
function samePattern(row: StoredPattern, found: PatternFlag, projectIds: string): boolean {
  if (row[4] !== found.explanation || row[5] !== found.severity) return false;
  // Stored as this code writes it, the text compares directly; anything else is compared parsed.
  return row[3] === projectIds || JSON.stringify(JSON.parse(row[3])) === projectIds;
}

function storePatterns(database: Db, institutionId: number, found: PatternFlag[], now: Date): PatternReport {
  const sqlite = database.$client;
  const report: PatternReport = { opened: 0, updated: 0, closed: 0, current: found.length };
  const read = sqlite.prepare("select id, key, status, project_ids, explanation, severity from pattern_flags where institution_id = ?").raw();
  const existing = new Map((read.all(institutionId) as StoredPattern[]).map((row) => [row[1], row]));
  const insert = sqlite.prepare(
    "insert into pattern_flags (institution_id, key, pattern_id, title, severity, explanation, project_ids, evidence, status, opened_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
  );
  const update = sqlite.prepare(
    "update pattern_flags set pattern_id = ?, title = ?, severity = ?, explanation = ?, project_ids = ?, evidence = ?, updated_at = ?, closed_at = null, closed_reason = null where id = ?",
  );
  const reopen = sqlite.prepare(
    "update pattern_flags set pattern_id = ?, title = ?, severity = ?, explanation = ?, project_ids = ?, evidence = ?, status = 'open', opened_at = ?, updated_at = ?, closed_at = null, closed_reason = null where id = ?",
  );
  const close = sqlite.prepare("update pattern_flags set status = 'closed', closed_at = ?, closed_reason = ?, updated_at = ? where id = ?");
  const at = now.getTime();
  for (const p of found) {
    const row = existing.get(p.key);
    existing.delete(p.key);
    const projectIds = JSON.stringify(p.projectIds);
    if (!row) {
      insert.run(institutionId, p.key, p.patternId, p.title, p.severity, p.explanation, projectIds, JSON.stringify(p.evidence), at, at);
      report.opened++;
    } else if (row[2] === "closed") {
      reopen.run(p.patternId, p.title, p.severity, p.explanation, projectIds, JSON.stringify(p.evidence), at, at, row[0]);
      report.opened++;
    } else if (!samePattern(row, p, projectIds)) {
      update.run(p.patternId, p.title, p.severity, p.explanation, projectIds, JSON.stringify(p.evidence), at, row[0]);
      report.updated++;
    }
  }
  // What is left no longer holds.
  for (const row of existing.values()) {
    if (row[2] !== "open") continue;
    close.run(at, "The pattern no longer holds across the portfolio.", at, row[0]);
    report.closed++;
  }
  return report;
}

function institutionCountry(database: Queryable, institutionId: number) {
  return database.select({ country: institutions.country }).from(institutions).where(eq(institutions.id, institutionId)).get()?.country ?? null;
}

/** Re-evaluates one institution's whole portfolio, then its portfolio patterns. Running it twice changes nothing. */
export function retriageInstitution(database: Db, institutionId: number, now = new Date()): TriageReport {
  const t0 = performance.now();
  const current = currentRuleSettings(database, institutionId);
  const loaded = loadTriageProjects(database, { institutionId });
  const t1 = performance.now();
  const results = evaluateProjects(loaded, compiledFor(current), groupsForInstitution(database, institutionId));
  const t2 = performance.now();
  const patterns = detectPatterns(
    loaded.map((p) => ({ projectId: p.projectId, title: p.title, technologyAreas: p.facts.technologyAreas, trl: p.facts.trl, startedOn: p.startedOn, partners: p.facts.partners })),
    loadTaxonomyLookup(),
    { institutionCountry: institutionCountry(database, institutionId), asOf: now.toISOString().slice(0, 10) },
  );
  const t3 = performance.now();
  const out = database.transaction(() => {
    const { report, openFlags } = storeFlags(database, institutionId, results, current, now, true);
    report.patterns = storePatterns(database, institutionId, patterns, now);
    report.cases = syncCases(database, institutionId, null, now, openFlags);
    return report;
  });
  out.timings = { loadMs: Math.round(t1 - t0), evaluateMs: Math.round(t2 - t1), patternsMs: Math.round(t3 - t2), storeMs: Math.round(performance.now() - t3) };
  return out;
}

/** Below this size a portfolio's patterns are recomputed after every change; above, at the next re-triage. */
export const PATTERNS_ON_EVERY_CHANGE_UP_TO = 2_000;

/**
 * Re-triages the given projects after a change to them. A portfolio of up to `wholePortfolioUpTo`
 * projects is re-triaged whole (patterns included); a larger one only for these projects, with
 * reads that start from them, so one submission costs the same in any institution.
 */
export function triageProjects(database: Db, projectIds: number[], now = new Date(), wholePortfolioUpTo = PATTERNS_ON_EVERY_CHANGE_UP_TO) {
  const loaded = loadTriageProjects(database, { projectIds });
  const byInstitution = new Map<number, LoadedProject[]>();
  for (const p of loaded) byInstitution.set(p.institutionId, [...(byInstitution.get(p.institutionId) ?? []), p]);
  for (const [institutionId, list] of byInstitution) {
    // A small portfolio is re-triaged whole, so its patterns follow each change at once.
    if (!isLargePortfolio(database, institutionId, wholePortfolioUpTo)) {
      retriageInstitution(database, institutionId, now);
      continue;
    }
    const current = currentRuleSettings(database, institutionId);
    const results = evaluateProjects(list, compiledFor(current), groupsForInstitution(database, institutionId));
    database.transaction(() => {
      const { openFlags } = storeFlags(database, institutionId, results, current, now);
      syncCases(database, institutionId, list.map((p) => p.projectId), now, openFlags);
    });
  }
}

// Institutions known to be well past the threshold, and when that was counted: counting walks
// as many index entries as the threshold, on every submission of a large institution.
const largePortfolios = new WeakMap<Db, Map<string, number>>();
const LARGE_PORTFOLIO_RECOUNT_MS = 60_000;

/**
 * Whether an institution has more than `threshold` projects. Counting stops past the threshold;
 * an institution found well past it (a tenth more) is taken as large for a minute without
 * counting again, as it cannot fall back below the threshold in that time by any ordinary use.
 */
export function isLargePortfolio(database: Db, institutionId: number, threshold: number, now = Date.now()) {
  let known = largePortfolios.get(database);
  if (!known) largePortfolios.set(database, (known = new Map()));
  const key = `${institutionId}/${threshold}`;
  const countedAt = known.get(key);
  if (countedAt !== undefined && now - countedAt < LARGE_PORTFOLIO_RECOUNT_MS) return true;
  const margin = Math.ceil(threshold * 1.1);
  const count = preparedOnce(database, "triage.portfolio-size", () => database.$client.prepare<[number, number], number>("select count(*) from (select 1 from projects where institution_id = ? limit ?)").pluck());
  const n = count.get(institutionId, margin + 1)!;
  if (n > margin) known.set(key, now);
  else known.delete(key);
  return n > threshold;
}

export function retriageEverything(database: Db) {
  const ids = database.select({ id: institutions.id }).from(institutions).all().map((r) => r.id);
  return ids.map((id) => ({ institutionId: id, report: retriageInstitution(database, id) }));
}

// --- what-if --------------------------------------------------------------------------------

export type Simulation = FlagDiff & { projects: { id: number; title: string }[]; ruleSetBefore: string; ruleSetAfter: string };

/**
 * The effect of other rules or settings on an institution's current portfolio, computed in
 * memory: which flags would appear, disappear or change severity, per rule, projects named.
 */
export function simulateRules(database: Db, institutionId: number, change: { ruleSet?: RuleSet; settings?: InstitutionRuleSettings }): Simulation {
  const current = currentRuleSettings(database, institutionId);
  const loaded = loadTriageProjects(database, { institutionId });
  const groupsOf = groupsForInstitution(database, institutionId);
  const before = evaluateProjects(loaded, compiledFor(current), groupsOf);
  const ruleSet = change.ruleSet ?? current.ruleSet;
  const known = new Set(ruleSet.rules.map((r) => r.id));
  const baseSettings = change.settings ?? current.settings;
  // Settings for rules the other rule set lacks are dropped rather than refused.
  const settings: InstitutionRuleSettings = {
    disabled: baseSettings.disabled.filter((id) => known.has(id)),
    severity: Object.fromEntries(Object.entries(baseSettings.severity).filter(([id]) => known.has(id))),
    parameters: Object.fromEntries(Object.entries(baseSettings.parameters).filter(([name]) => name in ruleSet.parameters)),
  } as InstitutionRuleSettings;
  const after = evaluateProjects(loaded, compileRuleSet(ruleSet, parseRuleSettings(settings, ruleSet), { labels: answerLabelerOf(loadQuestionnaire()) }), groupsOf);
  const diff = diffFlags(before, after);
  const touched = new Set([...diff.appear, ...diff.disappear, ...diff.severityChanged].map((c) => c.projectId));
  return {
    ...diff,
    projects: loaded.filter((p) => touched.has(p.projectId)).map((p) => ({ id: p.projectId, title: p.title })),
    ruleSetBefore: current.label,
    ruleSetAfter: change.ruleSet ? `${ruleSet.version} (proposed)` : `${current.label} (proposed settings)`,
  };
}

// --- reading flags --------------------------------------------------------------------------

function requireOfficer(actor: Actor): number {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  return actor.institutionId;
}

const severityOrder = sql`case ${flags.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

/** The institution's open flags, most severe first, with their projects' titles. */
export function listOpenFlags(database: Db, actor: Actor, filters: { severity?: string; ruleId?: string; projectId?: number } = {}, limit = 200) {
  const institutionId = requireOfficer(actor);
  const where = [eq(flags.institutionId, institutionId), eq(flags.status, "open")];
  if (filters.severity) where.push(eq(flags.severity, filters.severity));
  if (filters.ruleId) where.push(eq(flags.ruleId, filters.ruleId));
  if (filters.projectId) where.push(eq(flags.projectId, filters.projectId));
  return database
    .select({ id: flags.id, projectId: flags.projectId, projectTitle: projects.title, ruleId: flags.ruleId, title: flags.title, severity: flags.severity, dimension: flags.dimension, openedAt: flags.openedAt, ruleSetVersion: flags.ruleSetVersion })
    .from(flags)
    .innerJoin(projects, eq(projects.id, flags.projectId))
    .where(and(...where))
    .orderBy(severityOrder, desc(flags.openedAt))
    .limit(limit)
    .all();
}

/** A project's flags, open and closed, with each rule's rationale, action and source. */
export function flagsForProject(database: Db, actor: Actor, projectId: number) {
  const institutionId = requireOfficer(actor);
  const ruleSet = loadBaselineRuleSet();
  const rows = database
    .select()
    .from(flags)
    .where(and(eq(flags.institutionId, institutionId), eq(flags.projectId, projectId)))
    .orderBy(flags.status, severityOrder)
    .all();
  return rows.map((row) => {
    const rule = ruleSet.rules.find((r) => r.id === row.ruleId);
    return { ...row, evidence: row.evidence as Evidence[], rationale: rule?.rationale ?? "", action: rule?.action ?? "", source: rule?.source ?? null };
  });
}

export function listPatterns(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  return database.select().from(patternFlags).where(and(eq(patternFlags.institutionId, institutionId), eq(patternFlags.status, "open"))).orderBy(desc(patternFlags.updatedAt)).all();
}

export function ruleSettingsView(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  const current = currentRuleSettings(database, institutionId);
  const history = database
    .select({ version: ruleSettingsVersions.version, createdAt: ruleSettingsVersions.createdAt, createdBy: users.name })
    .from(ruleSettingsVersions)
    .leftJoin(users, eq(users.id, ruleSettingsVersions.createdBy))
    .where(eq(ruleSettingsVersions.institutionId, institutionId))
    .orderBy(desc(ruleSettingsVersions.version))
    .limit(20)
    .all();
  const counts = new Map(
    database
      .select({ ruleId: flags.ruleId, n: sql<number>`count(*)` })
      .from(flags)
      .where(and(eq(flags.institutionId, institutionId), eq(flags.status, "open")))
      .groupBy(flags.ruleId)
      .all()
      .map((r) => [r.ruleId, r.n]),
  );
  return { current, history, openByRule: counts };
}

/** Flags for the API: any status, newest first, keyset-paged by id. */
export function listFlags(database: Db, actor: Actor, filters: { status?: string; severity?: string; ruleId?: string; projectId?: number; before?: number }, limit = 200) {
  const institutionId = requireOfficer(actor);
  const where = [eq(flags.institutionId, institutionId)];
  if (filters.status === "open" || filters.status === "closed") where.push(eq(flags.status, filters.status));
  if (filters.severity) where.push(eq(flags.severity, filters.severity));
  if (filters.ruleId) where.push(eq(flags.ruleId, filters.ruleId));
  if (filters.projectId) where.push(eq(flags.projectId, filters.projectId));
  if (filters.before) where.push(lt(flags.id, filters.before));
  const rows = database.select().from(flags).where(and(...where)).orderBy(desc(flags.id)).limit(limit).all();
  return { flags: rows, next: rows.length === limit ? rows.at(-1)!.id : null };
}
