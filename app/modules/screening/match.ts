// The screening matcher: an inverted token index over every listed name and alias, and
// `screen`, which ranks list entries for a partner name and explains each candidate.
import { countryName } from "./country-names";
import { screeningList } from "./lists";
import { foldCase, GENERIC_WORDS, foldRomanisation, looksLikeAcronym, nameVariants, normaliseName } from "./normalise";
import type { ScreeningEntry } from "./parse";

export type MatchMethod = "exact" | "normalised" | "token-overlap" | "transliteration" | "acronym";

export interface ScreeningCandidate {
  listId: string;
  entryId: string;
  entryName: string;
  /** The listed name or alias that matched. */
  matchedName: string;
  score: number;
  country: string | null;
  countryAgrees: boolean | null;
  method: MatchMethod;
  explanation: string;
  /** "strong" at or above MATCH_THRESHOLD, otherwise "possible". */
  level: "strong" | "possible";
}

/**
 * At or above this score a candidate is reported as a likely match. Chosen on the
 * labelled evaluation set (see README.md): the lowest value that keeps precision at
 * or above 0.95 while recall stays at or above 0.95.
 */
export const MATCH_THRESHOLD = 0.8;
/** Candidates between this and MATCH_THRESHOLD are shown as possible matches for a human to judge. */
export const REVIEW_THRESHOLD = 0.55;

/** Weight of a generic word when both names share it, and when only one has it (relative to its IDF). */
const GENERIC_SHARED_WEIGHT = 0.25;
const GENERIC_MISSING_WEIGHT = 0.8;
/** A word matched only through a one-letter spelling difference counts this much. */
const TYPO_CREDIT = 0.85;
/** Multiplier when the entered country is not among the entry's countries. */
const COUNTRY_DISAGREEMENT = 0.75;
/** Scores for names that agree completely after normalisation, to rank them just below an exact match. */
const NORMALISED_EQUAL = 0.98;
const TRANSLITERATED_EQUAL = 0.95;
/** Scores for an acronym derived from a listed name (never listed as such): ambiguous, so below a full-name match. */
const DERIVED_ACRONYM = 0.85;
const DERIVED_ACRONYM_SHORT = 0.7;
const DERIVED_ACRONYM_CROWDED = 0.5;
/** A query whose initials equal an acronym the list gives: shown for review only. */
const REVERSE_ACRONYM = 0.6;

interface NameRecord {
  entry: number;
  text: string;
  isPrimary: boolean;
  /** Folded token → plain token, in the name's order. */
  tokens: Map<string, string>;
  missTotal: number;
}

export interface ScreeningIndex {
  readonly entries: readonly ScreeningEntry[];
  readonly records: readonly NameRecord[];
  readonly exact: Map<string, number[]>;
  readonly postings: Map<string, number[]>;
  readonly idf: Map<string, number>;
  /** Number of entries whose names contain each folded token. */
  readonly frequency: Map<string, number>;
  readonly unknownIdf: number;
  readonly genericFolded: ReadonlySet<string>;
  readonly acronyms: Map<string, { record: number; listed: boolean }[]>;
  readonly deletions: Map<string, string[]>;
}

function exactKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function acronymKey(text: string): string {
  return foldCase(text).replace(/[^a-z0-9]/g, "");
}

function deletionsOf(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) out.push(token.slice(0, i) + token.slice(i + 1));
  return out;
}

/** Optimal-string-alignment distance, capped: true when a and b differ by at most one edit or swap. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    return diffs.length === 2 && diffs[1] === diffs[0]! + 1 && a[diffs[0]!] === b[diffs[1]!] && a[diffs[1]!] === b[diffs[0]!];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

const MIN_FUZZY_LENGTH = 5;

export function buildIndex(entries: readonly ScreeningEntry[]): ScreeningIndex {
  const records: NameRecord[] = [];
  const exact = new Map<string, number[]>();
  const postings = new Map<string, number[]>();
  const entryFrequency = new Map<string, number>();
  const acronyms = new Map<string, { record: number; listed: boolean }[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  entries.forEach((entry, entryIndex) => {
    const seenTokens = new Set<string>();
    const seenTexts = new Set<string>();
    const isPerson = entry.type === "Individual";
    [entry.name, ...entry.aliases].forEach((listedName, position) => {
      for (const variant of nameVariants(listedName)) {
        const key = exactKey(variant.name);
        if (seenTexts.has(key)) continue;
        seenTexts.add(key);
        const normalised = normaliseName(variant.name);
        const tokens = new Map<string, string>();
        normalised.folded.forEach((folded, i) => {
          if (!tokens.has(folded)) tokens.set(folded, normalised.plain[i]!);
        });
        if (tokens.size === 0) continue;
        const recordIndex = records.length;
        records.push({ entry: entryIndex, text: variant.name, isPrimary: position === 0, tokens, missTotal: 0 });
        push(exact, key, recordIndex);
        if (exactKey(listedName) !== key) push(exact, exactKey(listedName), recordIndex);
        for (const token of tokens.keys()) {
          push(postings, token, recordIndex);
          seenTokens.add(token);
        }
        if (looksLikeAcronym(variant.name)) push(acronyms, acronymKey(variant.name), { record: recordIndex, listed: true });
        else if (!isPerson && normalised.acronym) push(acronyms, normalised.acronym, { record: recordIndex, listed: false });
      }
    });
    for (const token of seenTokens) entryFrequency.set(token, (entryFrequency.get(token) ?? 0) + 1);
  });

  const n = Math.max(entries.length, 1);
  const idf = new Map<string, number>();
  for (const [token, df] of entryFrequency) idf.set(token, Math.log(1 + n / df));
  const genericFolded = new Set([...GENERIC_WORDS].map(foldRomanisation));
  for (const record of records) {
    let total = 0;
    for (const token of record.tokens.keys()) total += missWeight(token, idf, genericFolded, 0);
    record.missTotal = total;
  }

  const deletions = new Map<string, string[]>();
  for (const token of idf.keys()) {
    if (token.length < MIN_FUZZY_LENGTH || /\d/.test(token)) continue;
    for (const d of deletionsOf(token)) push(deletions, d, token);
  }

  return { entries, records, exact, postings, idf, frequency: entryFrequency, unknownIdf: Math.log(1 + n), genericFolded, acronyms, deletions };
}

function sharedWeight(token: string, idf: Map<string, number>, generic: ReadonlySet<string>, fallback: number): number {
  const w = idf.get(token) ?? fallback;
  return generic.has(token) ? w * GENERIC_SHARED_WEIGHT : w;
}

function missWeight(token: string, idf: Map<string, number>, generic: ReadonlySet<string>, fallback: number): number {
  const w = idf.get(token) ?? fallback;
  return generic.has(token) ? w * GENERIC_MISSING_WEIGHT : w;
}

/** Known tokens within one edit of an unknown query token (symmetric-deletion lookup). */
function spellingNeighbours(index: ScreeningIndex, token: string): string[] {
  if (token.length < MIN_FUZZY_LENGTH || /\d/.test(token)) return [];
  const found = new Set<string>();
  const consider = (candidate: string) => {
    if (candidate !== token && index.idf.has(candidate) && withinOneEdit(candidate, token)) found.add(candidate);
  };
  for (const c of index.deletions.get(token) ?? []) consider(c);
  for (const d of deletionsOf(token)) {
    consider(d);
    for (const c of index.deletions.get(d) ?? []) consider(c);
  }
  return [...found].slice(0, 4);
}

/**
 * Lists contain typing errors too ("Universtiy"), so a query word that is known but
 * very rare also tries a far more common word one edit away.
 */
function commonerSpellings(index: ScreeningIndex, token: string): { token: string; credit: number }[] {
  const df = index.frequency.get(token) ?? 0;
  if (df > 2) return [];
  return spellingNeighbours(index, token)
    .filter((t) => (index.frequency.get(t) ?? 0) >= 20 * Math.max(df, 1))
    .map((t) => ({ token: t, credit: TYPO_CREDIT }));
}

/** Rejoins or splits query words against the index vocabulary ("Bei Hang" ↔ "Beihang"). */
function alignToVocabulary(index: ScreeningIndex, tokens: string[], plain: string[]): { folded: string[]; plain: string[] } {
  const folded: string[] = [];
  const outPlain: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1];
    if (b !== undefined && index.idf.has(a + b) && (!index.idf.has(a) || !index.idf.has(b))) {
      folded.push(a + b);
      outPlain.push(plain[i]! + plain[i + 1]!);
      i += 1;
      continue;
    }
    // Split only words that are neither known nor a likely misspelling of a known word.
    if (!index.idf.has(a) && a.length >= 6 && spellingNeighbours(index, a).length === 0) {
      let split: [string, string] | null = null;
      for (let cut = 3; cut <= a.length - 3 && !split; cut++) {
        const left = a.slice(0, cut);
        const right = a.slice(cut);
        if (index.idf.has(left) && index.idf.has(right) && !index.genericFolded.has(left)) split = [left, right];
      }
      if (split) {
        folded.push(...split);
        outPlain.push(...split);
        continue;
      }
    }
    folded.push(a);
    outPlain.push(plain[i]!);
  }
  return { folded, plain: outPlain };
}

interface RecordScore {
  record: number;
  score: number;
  method: MatchMethod;
  shared: string[];
  onlyQuery: string[];
  onlyList: string[];
  variants: string[];
}

interface QueryTerm {
  folded: string;
  plain: string;
  alternatives: { token: string; credit: number }[];
}

function scoreRecords(index: ScreeningIndex, terms: QueryTerm[], minScore: number): RecordScore[] {
  const { idf, genericFolded, unknownIdf } = index;
  const rare = terms.filter((t) => t.alternatives.some((a) => !genericFolded.has(a.token)));
  const candidates = new Set<number>();
  if (rare.length > 0) {
    for (const term of rare) for (const alt of term.alternatives) for (const r of index.postings.get(alt.token) ?? []) candidates.add(r);
  } else if (terms.length > 0 && terms.every((t) => t.alternatives.length > 0)) {
    // Only generic words: a candidate must contain all of them.
    const lists = terms.map((t) => t.alternatives.flatMap((a) => index.postings.get(a.token) ?? []));
    lists.sort((x, y) => x.length - y.length);
    for (const r of lists[0] ?? []) candidates.add(r);
  }

  // Weights do not depend on the candidate: work them out once per query.
  const weighted = terms.map((term) => ({
    term,
    queryMiss: missWeight(term.folded, idf, genericFolded, unknownIdf),
    alternatives: term.alternatives.map((a) => ({
      ...a,
      shared: sharedWeight(a.token, idf, genericFolded, unknownIdf) * a.credit,
      listMiss: missWeight(a.token, idf, genericFolded, 0),
    })),
  }));
  let queryMissTotal = 0;
  for (const w of weighted) queryMissTotal += w.queryMiss;

  const results: RecordScore[] = [];
  const hits: (((typeof weighted)[number]["alternatives"])[number] | null)[] = new Array(terms.length);
  for (const r of candidates) {
    const record = index.records[r]!;
    let shared = 0;
    let queryMiss = queryMissTotal;
    let listMiss = record.missTotal;
    let matchedCount = 0;
    for (let i = 0; i < weighted.length; i++) {
      const w = weighted[i]!;
      let hit = null;
      for (const a of w.alternatives) {
        if (!record.tokens.has(a.token)) continue;
        let taken = false;
        for (let j = 0; j < i; j++) if (hits[j]?.token === a.token) taken = true;
        if (!taken) {
          hit = a;
          break;
        }
      }
      hits[i] = hit;
      if (!hit) continue;
      matchedCount += 1;
      shared += hit.shared;
      queryMiss -= w.queryMiss;
      listMiss -= hit.listMiss;
    }
    if (shared <= 0) continue;
    const complete = matchedCount === terms.length && matchedCount === record.tokens.size;
    const overlap = shared / (shared + Math.max(queryMiss, 0) + Math.max(listMiss, 0));
    if (!complete && overlap < minScore) continue;

    // Only candidates worth reporting get their words spelled out for the explanation.
    const sharedWords: string[] = [];
    const onlyQuery: string[] = [];
    const variants: string[] = [];
    const matchedListTokens = new Set<string>();
    weighted.forEach((w, i) => {
      const hit = hits[i];
      if (!hit) {
        onlyQuery.push(w.term.plain);
        return;
      }
      matchedListTokens.add(hit.token);
      sharedWords.push(w.term.plain);
      const listPlain = record.tokens.get(hit.token)!;
      if (hit.credit < 1 || listPlain !== w.term.plain) variants.push(`${w.term.plain} ~ ${listPlain}`);
    });
    const onlyList = [...record.tokens.entries()].filter(([t]) => !matchedListTokens.has(t)).map(([, p]) => p);
    const usedVariant = variants.length > 0;
    let score: number;
    let method: MatchMethod;
    if (complete) {
      score = usedVariant ? TRANSLITERATED_EQUAL : NORMALISED_EQUAL;
      method = usedVariant ? "transliteration" : "normalised";
    } else {
      method = usedVariant ? "transliteration" : "token-overlap";
      score = Math.min(overlap, usedVariant ? TRANSLITERATED_EQUAL - 0.01 : NORMALISED_EQUAL - 0.01);
    }
    results.push({ record: r, score, method, shared: sharedWords, onlyQuery, onlyList, variants });
  }
  return results;
}

export interface ScreenOptions {
  /** Lowest score returned; defaults to REVIEW_THRESHOLD. */
  minScore?: number;
  /** Most candidates returned; defaults to 20. */
  limit?: number;
}

export interface ScreenQuery {
  name: string;
  /** ISO-2 code of the partner's country, when known. Never a person's nationality. */
  country?: string | null;
}

interface Best {
  entry: number;
  record: number;
  score: number;
  method: MatchMethod;
  detail: RecordScore | null;
  acronym: string | null;
}

/** Screens one partner name against the index and returns ranked, explained candidates. */
export function screen(index: ScreeningIndex, query: ScreenQuery, options: ScreenOptions = {}): ScreeningCandidate[] {
  const minScore = options.minScore ?? REVIEW_THRESHOLD;
  const limit = options.limit ?? 20;
  const queryCountry = query.country?.trim().toUpperCase() || null;
  const best = new Map<number, Best>();
  const offer = (candidate: Best) => {
    const current = best.get(candidate.entry);
    if (!current || candidate.score > current.score) best.set(candidate.entry, candidate);
  };

  const variants = nameVariants(query.name);
  for (const variant of variants) {
    for (const r of index.exact.get(exactKey(variant.name)) ?? []) {
      offer({ entry: index.records[r]!.entry, record: r, score: 1, method: "exact", detail: null, acronym: null });
    }

    const normalised = normaliseName(variant.name);
    const aligned = alignToVocabulary(index, normalised.folded, normalised.plain);
    const seen = new Set<string>();
    const terms: QueryTerm[] = [];
    aligned.folded.forEach((token, i) => {
      if (seen.has(token)) return;
      seen.add(token);
      const alternatives = index.idf.has(token)
        ? [{ token, credit: 1 }, ...commonerSpellings(index, token)]
        : spellingNeighbours(index, token).map((t) => ({ token: t, credit: TYPO_CREDIT }));
      terms.push({ folded: token, plain: aligned.plain[i]!, alternatives });
    });
    for (const result of scoreRecords(index, terms, minScore)) {
      offer({ entry: index.records[result.record]!.entry, record: result.record, score: result.score, method: result.method, detail: result, acronym: null });
    }

    // Acronyms: the query is an acronym of a listed name, or a listed acronym stands for the query.
    const single = terms.length === 1 ? variant.name.trim() : null;
    if (single && (looksLikeAcronym(single) || single.length <= 6)) {
      const hits = index.acronyms.get(acronymKey(single)) ?? [];
      const derived = hits.filter((h) => !h.listed);
      const distinctEntries = new Set(derived.map((h) => index.records[h.record]!.entry)).size;
      for (const hit of derived) {
        const score =
          distinctEntries > 3 ? DERIVED_ACRONYM_CROWDED : single.length >= 4 ? DERIVED_ACRONYM : DERIVED_ACRONYM_SHORT;
        offer({ entry: index.records[hit.record]!.entry, record: hit.record, score, method: "acronym", detail: null, acronym: single });
      }
    }
    // A full name whose initials equal a listed acronym is only a lead: short acronyms are
    // shared by many unrelated organisations, so this never makes a strong match on its own.
    if (normalised.acronym && terms.length >= 3) {
      for (const hit of index.acronyms.get(normalised.acronym) ?? []) {
        if (!hit.listed) continue;
        offer({ entry: index.records[hit.record]!.entry, record: hit.record, score: REVERSE_ACRONYM, method: "acronym", detail: null, acronym: normalised.acronym.toUpperCase() });
      }
    }
  }

  const candidates: ScreeningCandidate[] = [];
  for (const found of best.values()) {
    const entry = index.entries[found.entry]!;
    const countries = entry.countries ?? (entry.country ? [entry.country] : []);
    const countryAgrees = queryCountry && countries.length > 0 ? countries.includes(queryCountry) : null;
    const score = Math.round((countryAgrees === false ? found.score * COUNTRY_DISAGREEMENT : found.score) * 1000) / 1000;
    if (score < minScore) continue;
    const record = index.records[found.record]!;
    candidates.push({
      listId: entry.listId,
      entryId: entry.entryId,
      entryName: entry.name,
      matchedName: record.text,
      score,
      country: entry.country,
      countryAgrees,
      method: found.method,
      explanation: explain(query.name, entry, record, found, queryCountry, countries, countryAgrees),
      level: score >= MATCH_THRESHOLD ? "strong" : "possible",
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.entryName.localeCompare(b.entryName));
  return candidates.slice(0, limit);
}

/** True when the candidate is strong enough to be reported as a likely match. */
export function isLikelyMatch(candidate: Pick<ScreeningCandidate, "score">): boolean {
  return candidate.score >= MATCH_THRESHOLD;
}

function quoteList(words: string[]): string {
  return words.map((w) => `"${w}"`).join(", ");
}

function explain(
  queryName: string,
  entry: ScreeningEntry,
  record: NameRecord,
  found: Best,
  queryCountry: string | null,
  countries: string[],
  countryAgrees: boolean | null,
): string {
  const list = screeningList(entry.listId)?.shortName ?? entry.listId;
  const isAlias = exactKey(record.text) !== exactKey(entry.name);
  const target = isAlias
    ? `the listed alias "${record.text}" of "${entry.name}" (${list})`
    : `the listed name "${entry.name}" (${list})`;
  let first: string;
  switch (found.method) {
    case "exact":
      first = `"${queryName}" is exactly ${target}.`;
      break;
    case "normalised":
      first = `"${queryName}" matches ${target} once case, accents, punctuation, abbreviations, legal-form words and word order are set aside.`;
      break;
    case "transliteration": {
      const pairs = found.detail?.variants ?? [];
      const partial = found.detail && (found.detail.onlyQuery.length > 0 || found.detail.onlyList.length > 0);
      first = `"${queryName}" ${partial ? "largely matches" : "matches"} ${target} when spelling and romanisation variants are treated alike (${pairs.join("; ")}).`;
      break;
    }
    case "acronym":
      first =
        found.acronym && looksLikeAcronym(record.text)
          ? `"${queryName}" abbreviates to ${found.acronym}, which is ${target}.`
          : `"${queryName}" is the acronym of ${target}.`;
      break;
    case "token-overlap": {
      const d = found.detail!;
      const differences = [
        d.onlyQuery.length ? `only in your name: ${quoteList(d.onlyQuery)}` : null,
        d.onlyList.length ? `only in the listed name: ${quoteList(d.onlyList)}` : null,
      ].filter(Boolean);
      first = `"${queryName}" shares the words ${quoteList(d.shared)} with ${target}${differences.length ? `; ${differences.join("; ")}` : ""}.`;
      break;
    }
  }
  let second: string;
  if (countryAgrees === true) {
    second = `The country agrees (${countryName(queryCountry!)}, ${queryCountry}).`;
  } else if (countryAgrees === false) {
    const listed = countries.map((c) => `${countryName(c)} (${c})`).join(", ");
    second = `The list gives ${listed}, not ${countryName(queryCountry!)} (${queryCountry}), so the score was lowered.`;
  } else if (queryCountry) {
    second = "The list gives no country for this entry, so the country could not be compared.";
  } else {
    second = "No partner country was given, so the country was not compared.";
  }
  return `${first} ${second}`;
}
