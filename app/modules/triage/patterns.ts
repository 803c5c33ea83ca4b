// Portfolio patterns: what no single assessment shows, found across one institution's projects
// (the same organisation again and again, a cluster of sensitive work with one foreign country,
// a sudden rise of projects in a sensitive area). Pure and deterministic.
import { sensitivityRank } from "../assessment/questionnaire";
import type { Sensitivity, TaxonomyLookup } from "../assessment/questionnaire";
import { normaliseName } from "../screening/normalise";
import type { Severity } from "./rules";

export type PortfolioProject = {
  projectId: number;
  title: string;
  technologyAreas: string[];
  trl: number;
  /** YYYY-MM-DD: the project's start or registration date. */
  startedOn: string;
  partners: { name: string; country: string | null }[];
};

export type PatternParameters = {
  /** Same organisation: flag when it is a partner in at least this many projects. */
  sameOrganisationMinProjects: number;
  /** Sensitive area and one foreign country: flag at this many projects. */
  areaCountryMinProjects: number;
  /** Rise: at least this many projects in the latest complete quarter … */
  riseMinProjects: number;
  /** … and at least this multiple of the quarter before. */
  riseFactor: number;
  /** The least sensitivity an area needs to count as sensitive. */
  sensitivityAtLeast: Sensitivity;
  /** The institution's own country (ISO-2); partners there never form an area-country pattern. */
  institutionCountry: string | null;
  /** Today's date (YYYY-MM-DD), which decides what the latest complete quarter is. */
  asOf: string;
};

export const DEFAULT_PATTERN_PARAMETERS: Omit<PatternParameters, "institutionCountry" | "asOf"> = {
  sameOrganisationMinProjects: 3,
  areaCountryMinProjects: 3,
  riseMinProjects: 3,
  riseFactor: 2,
  sensitivityAtLeast: "elevated",
};

export const PATTERN_IDS = ["same-organisation", "sensitive-area-country", "sensitive-area-rise"] as const;
export type PatternId = (typeof PATTERN_IDS)[number];

export type PatternEvidence = {
  projectId: number;
  title: string;
  /** The partner's name as the project spells it (same-organisation and area-country patterns). */
  partnerName?: string;
  country?: string | null;
  areaId?: string;
  startedOn?: string;
};

export type PatternFlag = {
  patternId: PatternId;
  /** Stable across runs, e.g. "same-organisation:harbin institute technology". */
  key: string;
  title: string;
  severity: Severity;
  explanation: string;
  projectIds: number[];
  evidence: PatternEvidence[];
};

const byId = (a: { projectId: number }, b: { projectId: number }) => a.projectId - b.projectId;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function projectList(projects: { projectId: number; title: string }[]): string {
  return projects.map((p) => `"${p.title}" (#${p.projectId})`).join(", ");
}

/** Portfolios repeat the same partner names many times over; normalise each spelling once. */
const keyCache = new Map<string, string | null>();

function organisationKey(name: string): string | null {
  if (typeof name !== "string" || name.trim() === "") return null;
  const cached = keyCache.get(name);
  if (cached !== undefined) return cached;
  const folded = normaliseName(name).folded;
  const key = folded.length > 0 ? folded.join(" ") : null;
  if (keyCache.size > 200_000) keyCache.clear();
  keyCache.set(name, key);
  return key;
}

/** The spelling used most often, ties broken alphabetically, so the title never depends on input order. */
function commonestSpelling(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
}

/**
 * The projects of a group with the partner entry that put each there first. Projects are
 * visited sorted by id, so a project already in the group is its last one. Evidence is built
 * afterwards, only for the groups that become patterns.
 */
type Members<P> = { projects: PortfolioProject[]; partners: P[] };

function addMember<P>(group: Members<P>, project: PortfolioProject, partner: P) {
  if (group.projects.at(-1)?.projectId === project.projectId) return;
  group.projects.push(project);
  group.partners.push(partner);
}

function sameOrganisation(projects: PortfolioProject[], parameters: PatternParameters): PatternFlag[] {
  const groups = new Map<string, Members<PortfolioProject["partners"][number]>>();
  for (const project of projects) {
    for (const partner of project.partners ?? []) {
      const key = organisationKey(partner.name);
      if (!key) continue;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { projects: [], partners: [] }));
      // One project counts once, however many of its partner entries name the organisation.
      addMember(group, project, partner);
    }
  }
  const flags: PatternFlag[] = [];
  for (const [key, group] of groups) {
    if (group.projects.length < parameters.sameOrganisationMinProjects) continue;
    const evidence: PatternEvidence[] = group.projects
      .map((project, i) => ({ projectId: project.projectId, title: project.title, partnerName: group.partners[i]!.name.trim(), country: group.partners[i]!.country }))
      .sort(byId);
    const spellings = [...new Set(evidence.map((e) => e.partnerName!))].sort(compareText);
    const name = commonestSpelling(evidence.map((e) => e.partnerName!));
    const others = spellings.filter((s) => s !== name);
    flags.push({
      patternId: "same-organisation",
      key: `same-organisation:${key}`,
      title: `${name} is a partner in ${evidence.length} projects`,
      severity: "medium",
      explanation:
        `"${name}"${others.length ? ` (also written ${others.map((s) => `"${s}"`).join(", ")})` : ""} is a partner in ${evidence.length} projects: ${projectList(evidence)}. ` +
        "Each project may look harmless on its own; together they show how much of the institution's work this organisation reaches.",
      projectIds: evidence.map((e) => e.projectId),
      evidence,
    });
  }
  return flags;
}

type SensitiveArea = { areaId: string; sensitivity: Sensitivity; label: string };

/** The sensitive areas of a project, each once; areas are looked up once per run, not per project. */
function sensitiveAreasOf(taxonomy: TaxonomyLookup, least: number): (project: PortfolioProject) => SensitiveArea[] {
  const known = new Map<string, SensitiveArea | null>();
  const sensitive = (areaId: string) => {
    let area = known.get(areaId);
    if (area === undefined) {
      const facts = taxonomy(areaId);
      area = facts && sensitivityRank(facts.sensitivity) >= least ? { areaId, sensitivity: facts.sensitivity, label: facts.label ?? areaId } : null;
      known.set(areaId, area);
    }
    return area;
  };
  return (project) => {
    const out: SensitiveArea[] = [];
    for (const areaId of project.technologyAreas ?? []) {
      const area = sensitive(areaId);
      if (area && !out.includes(area)) out.push(area);
    }
    return out;
  };
}

function sensitiveAreaCountry(projects: PortfolioProject[], sensitiveAreas: (project: PortfolioProject) => SensitiveArea[], parameters: PatternParameters): PatternFlag[] {
  const home = parameters.institutionCountry?.toUpperCase() ?? null;
  const groups = new Map<string, { areaId: string; label: string; sensitivity: Sensitivity; country: string } & Members<string>>();
  for (const project of projects) {
    const areas = sensitiveAreas(project);
    if (areas.length === 0) continue;
    for (const partner of project.partners ?? []) {
      const country = typeof partner.country === "string" ? partner.country.toUpperCase() : null;
      if (!country || country === home) continue;
      for (const area of areas) {
        const key = `${area.areaId}:${country}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { ...area, country, projects: [], partners: [] }));
        addMember(group, project, partner.name);
      }
    }
  }
  const flags: PatternFlag[] = [];
  for (const [key, group] of groups) {
    if (group.projects.length < parameters.areaCountryMinProjects) continue;
    const evidence: PatternEvidence[] = group.projects
      .map((project, i) => ({ projectId: project.projectId, title: project.title, partnerName: group.partners[i]!, country: group.country, areaId: group.areaId }))
      .sort(byId);
    flags.push({
      patternId: "sensitive-area-country",
      key: `sensitive-area-country:${key}`,
      title: `${evidence.length} projects in ${group.label} with partners in ${group.country}`,
      severity: group.sensitivity === "high" ? "high" : "medium",
      explanation:
        `${evidence.length} projects in ${group.label} (sensitivity ${group.sensitivity}) work with partners based in ${group.country}: ${projectList(evidence)}. ` +
        "Know-how that is unremarkable in one project can add up to a capability when several projects share it with the same country.",
      projectIds: evidence.map((e) => e.projectId),
      evidence,
    });
  }
  return flags;
}

/** Quarters counted from year 0, so consecutive quarters differ by one across year ends. */
function quarterIndex(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? "");
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return Number(match[1]) * 4 + Math.floor((month - 1) / 3);
}

function quarterName(index: number): string {
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

function sensitiveAreaRise(projects: PortfolioProject[], sensitiveAreas: (project: PortfolioProject) => SensitiveArea[], parameters: PatternParameters): PatternFlag[] {
  const now = quarterIndex(parameters.asOf);
  if (now === null) return [];
  const latest = now - 1;
  const previous = now - 2;
  // Projects share start dates: each date is read once.
  const quarters = new Map<string, number | null>();
  const quarterOf = (date: string) => {
    let quarter = quarters.get(date);
    if (quarter === undefined) quarters.set(date, (quarter = quarterIndex(date)));
    return quarter;
  };
  const groups = new Map<string, { label: string; latest: PatternEvidence[]; previous: PatternEvidence[] }>();
  for (const project of projects) {
    const quarter = typeof project.startedOn === "string" ? quarterOf(project.startedOn) : quarterIndex(project.startedOn);
    if (quarter !== latest && quarter !== previous) continue;
    for (const area of sensitiveAreas(project)) {
      const group = groups.get(area.areaId) ?? { label: area.label, latest: [], previous: [] };
      groups.set(area.areaId, group);
      (quarter === latest ? group.latest : group.previous).push({ projectId: project.projectId, title: project.title, areaId: area.areaId, startedOn: project.startedOn });
    }
  }
  const flags: PatternFlag[] = [];
  for (const [areaId, group] of groups) {
    const now = group.latest.length;
    const before = group.previous.length;
    if (now < parameters.riseMinProjects || now < parameters.riseFactor * before) continue;
    const evidence = [...group.latest].sort(byId);
    flags.push({
      patternId: "sensitive-area-rise",
      key: `sensitive-area-rise:${areaId}:${quarterName(latest)}`,
      title: `More projects in ${group.label}: ${now} in ${quarterName(latest)}, ${before} the quarter before`,
      severity: "low",
      explanation:
        `${now} projects in ${group.label} started in ${quarterName(latest)}, against ${before} in ${quarterName(previous)}: ${projectList(evidence)}. ` +
        "A quick rise in a sensitive area can mean new funding or a new partner network that nobody has looked at as a whole.",
      projectIds: evidence.map((e) => e.projectId),
      evidence,
    });
  }
  return flags;
}

/** All portfolio patterns, sorted by pattern, then key. */
export function detectPatterns(
  projects: PortfolioProject[],
  taxonomy: TaxonomyLookup,
  parameters: Partial<PatternParameters> & Pick<PatternParameters, "asOf">,
): PatternFlag[] {
  const effective: PatternParameters = { ...DEFAULT_PATTERN_PARAMETERS, institutionCountry: null, ...parameters };
  const sorted = [...projects].sort(byId);
  const sensitiveAreas = sensitiveAreasOf(taxonomy, sensitivityRank(effective.sensitivityAtLeast));
  // Each list holds one pattern, and they come in PATTERN_IDS order: sorting each by key sorts all.
  const byKey = (a: PatternFlag, b: PatternFlag) => compareText(a.key, b.key);
  return [
    ...sameOrganisation(sorted, effective).sort(byKey),
    ...sensitiveAreaCountry(sorted, sensitiveAreas, effective).sort(byKey),
    ...sensitiveAreaRise(sorted, sensitiveAreas, effective).sort(byKey),
  ];
}
