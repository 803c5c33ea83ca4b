// Screening benchmark: loads every shipped list, screens 10,000 generated partner names
// and fails when the whole run (loading, indexing, screening) takes 10 seconds or more.
// Run with: npx tsx bench/screening.ts
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prng } from "../tests/support/random";
import { loadShippedEntries } from "../app/modules/screening/lists.server";
import { buildIndex, isLikelyMatch, screen } from "../app/modules/screening/match";
import type { ScreeningEntry } from "../app/modules/screening/parse";

const NAMES = 10_000;
const LIMIT_SECONDS = 10;


const random = prng(20260731);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const PLACES = [
  "Aachen", "Bergen", "Bologna", "Boston", "Bristol", "Busan", "Cardiff", "Chennai", "Cork", "Curitiba", "Delft",
  "Dresden", "Dundee", "Edinburgh", "Exeter", "Ghent", "Glasgow", "Graz", "Grenoble", "Hamburg", "Helsinki",
  "Kyoto", "Lausanne", "Leiden", "Leuven", "Lille", "Lisbon", "Lund", "Lyon", "Madrid", "Malmo", "Manchester",
  "Melbourne", "Milan", "Montreal", "Munich", "Nagoya", "Nantes", "Osaka", "Oslo", "Ottawa", "Oulu", "Padua",
  "Porto", "Prague", "Quebec", "Riga", "Rotterdam", "Salamanca", "Seville", "Sendai", "Sheffield", "Stuttgart",
  "Sydney", "Tartu", "Toulouse", "Trento", "Turin", "Twente", "Uppsala", "Utrecht", "Valencia", "Vienna",
  "Warsaw", "Wellington", "Zagreb", "Zurich", "Shanghai", "Beijing", "Wuhan", "Tianjin", "Moscow", "Tehran",
];
const FIELDS = [
  "Technology", "Medicine", "Agriculture", "Economics", "Applied Sciences", "Engineering", "Marine Science",
  "Photonics", "Materials Research", "Life Sciences", "Arts", "Education", "Public Health", "Physics",
];
const WORDS = [
  "Nordic", "Alpine", "Blue", "Bright", "Delta", "Green", "Helix", "Lumen", "Nova", "Orbit", "Pioneer", "Quantum",
  "River", "Summit", "Vector", "Vertex", "Zenith", "Harbour", "Crystal", "Aurora", "Cedar", "Falcon", "Granite",
];
const SECTORS = ["Analytics", "Biotech", "Robotics", "Optics", "Instruments", "Software", "Materials", "Energy", "Systems"];
const FORMS = ["Ltd", "GmbH", "AB", "Inc.", "S.A.", "B.V.", "Oy", "Co., Ltd.", "LLC", "AG", "plc"];
const COUNTRIES = ["DE", "FR", "GB", "US", "CN", "JP", "NL", "SE", "IT", "ES", "CA", "AU", "RU", "IR", "KR"];

function ordinaryName(): string {
  switch (Math.floor(random() * 5)) {
    case 0:
      return `University of ${pick(PLACES)}`;
    case 1:
      return `${pick(PLACES)} Institute of ${pick(FIELDS)}`;
    case 2:
      return `${pick(WORDS)} ${pick(SECTORS)} ${pick(FORMS)}`;
    case 3:
      return `${pick(PLACES)} ${pick(FIELDS)} Research Centre`;
    default:
      return `${pick(PLACES)} University of ${pick(FIELDS)}`;
  }
}

/** A listed name as a partner record might spell it: case, abbreviations, reordering, a typo. */
function listedVariant(entry: ScreeningEntry): string {
  const base = random() < 0.3 && entry.aliases.length > 0 ? pick(entry.aliases) : entry.name;
  switch (Math.floor(random() * 6)) {
    case 0:
      return base.toUpperCase();
    case 1:
      return base.replace(/University/g, "Univ.").replace(/Institute/g, "Inst.").replace(/ and /g, " & ");
    case 2:
      return base.replace(/,?\s*(Co\.,? Ltd\.?|Limited|Ltd\.?|LLC|JSC)$/i, "");
    case 3: {
      const words = base.split(" ");
      return words.length > 2 ? [...words.slice(1), words[0]].join(" ") : base;
    }
    case 4: {
      const i = 1 + Math.floor(random() * Math.max(base.length - 2, 1));
      return base.slice(0, i) + base.slice(i + 1);
    }
    default:
      return base.toLowerCase().replace(/[.,]/g, "");
  }
}

const started = performance.now();
const entries = loadShippedEntries();
const loaded = performance.now();
const index = buildIndex(entries);
const built = performance.now();

const organisations = entries.filter((e) => e.type !== "Individual" && e.type !== "Vessel" && e.type !== "Aircraft");
const queries = Array.from({ length: NAMES }, () =>
  random() < 0.4
    ? { name: listedVariant(pick(organisations)), country: random() < 0.7 ? pick(COUNTRIES) : undefined }
    : { name: ordinaryName(), country: random() < 0.7 ? pick(COUNTRIES) : undefined },
);

const screeningStarted = performance.now();
let withStrongMatch = 0;
let candidates = 0;
for (const query of queries) {
  const result = screen(index, query);
  candidates += result.length;
  if (result.some(isLikelyMatch)) withStrongMatch += 1;
}
const finished = performance.now();

const seconds = (ms: number) => Math.round(ms) / 1000;
const totalSeconds = seconds(finished - started);
const screeningSeconds = seconds(finished - screeningStarted);
const result = {
  entriesIndexed: entries.length,
  namesAndAliasesIndexed: index.records.length,
  namesScreened: queries.length,
  namesWithStrongMatch: withStrongMatch,
  candidatesReturned: candidates,
  loadSeconds: seconds(loaded - started),
  indexSeconds: seconds(built - loaded),
  screeningSeconds,
  totalSeconds,
  namesPerSecond: Math.round(queries.length / Math.max(screeningSeconds, 0.001)),
  limitSeconds: LIMIT_SECONDS,
  passed: totalSeconds < LIMIT_SECONDS,
  node: process.version,
  cpus: os.cpus().length,
  ranAt: new Date().toISOString(),
};

console.log(`entries indexed:   ${result.entriesIndexed} (${result.namesAndAliasesIndexed} names and aliases)`);
console.log(`names screened:    ${result.namesScreened} (${result.namesWithStrongMatch} with a likely match)`);
console.log(`load + index:      ${result.loadSeconds + result.indexSeconds} s`);
console.log(`screening:         ${result.screeningSeconds} s`);
console.log(`total seconds:     ${result.totalSeconds} s`);
console.log(`names per second:  ${result.namesPerSecond}`);

const outDir = path.resolve(process.cwd(), "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "screening.json"), `${JSON.stringify(result, null, 2)}\n`);

if (!result.passed) {
  console.log(`FAILED: the run took ${totalSeconds} s, the limit is ${LIMIT_SECONDS} s`);
  process.exit(1);
}
