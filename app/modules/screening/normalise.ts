// Organisation-name normalisation for screening: case, accents, punctuation,
// abbreviations, legal forms, stop words, acronyms and romanisation variants.
//
// Two token forms exist on purpose: `plain` tokens only undo typing and formatting
// differences, `folded` tokens also merge romanisation variants. The index compares
// folded tokens; comparing the plain ones tells the reader when folding was needed.

/** Words that carry no identity in an organisation name. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "the", "of", "for", "in", "at", "on", "by", "to", "with", "from",
  "de", "del", "della", "di", "da", "do", "der", "des", "du", "la", "le", "les", "el", "y", "e",
  "und", "fur", "von", "zu", "et", "i", "im", "imeni", "named", "after", "no", "nr",
]);

/**
 * Legal-form words: they describe how an organisation is registered, not which one it
 * is, and lists spell them inconsistently ("Co., Ltd.", "Limited", "JSC", "OAO").
 * Russian legal forms appear in romanised form too.
 */
export const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set([
  "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "llp",
  "lp", "plc", "gmbh", "mbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "pte", "pty",
  "oy", "ab", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "zao", "oao", "pao", "ao", "fzco", "fze", "fzc",
  "fz", "sdn", "bhd", "sti", "liability", "obshchestvo", "aktsionernoe", "otkrytoe", "zakrytoe",
  "publichnoe", "ogranichennoi", "ogranichennoy", "otvetstvennostyu", "sociedad", "anonima",
]);

/**
 * Words so common in organisation names that sharing them says little. They still
 * count when one name has them and the other does not ("Tianjin University of
 * Technology" is not "Tianjin University").
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  "university", "institute", "college", "academy", "school", "faculty", "polytechnic", "technology",
  "technical", "technological", "science", "scientific", "research", "national", "state", "federal",
  "central", "international", "center", "laboratory", "key", "engineering", "development", "industry",
  "industrial", "group", "holding", "enterprise", "trading", "trade", "import", "export", "service",
  "system", "electronic", "equipment", "general", "china", "chinese", "russia", "russian", "iran",
  "iranian", "people", "republic", "ministry", "department", "branch", "office", "association",
  "foundation", "joint", "stock", "open", "closed", "public", "private", "design", "bureau",
  "production", "plant", "factory", "manufacturing", "works", "information", "applied", "advanced",
  "high", "new", "first", "studies", "study", "agency", "authority", "organization", "unit",
  "concern", "innovation", "solution", "product", "material", "global",
]);

/** Abbreviations, other-language institution words and British/American spellings, mapped to one form. */
const WORD_VARIANTS: ReadonlyMap<string, string> = new Map(Object.entries({
  univ: "university", uni: "university", universiteit: "university", universitet: "university",
  universitat: "university", universitaet: "university", universite: "university", universita: "university",
  universidad: "university", universidade: "university", uniwersytet: "university",
  inst: "institute", instit: "institute", institut: "institute", instituto: "institute", istituto: "institute",
  tech: "technology", techn: "technology", technol: "technology", technologies: "technology",
  technological: "technology",
  acad: "academy", akad: "academy", akademiya: "academy", akademii: "academy", akademie: "academy", academia: "academy",
  sci: "science", scien: "science", sciences: "science", med: "medical", medic: "medical",
  natl: "national", nat: "national", intl: "international", internat: "international",
  res: "research", eng: "engineering", engg: "engineering", engr: "engineering",
  lab: "laboratory", labs: "laboratory", laboratories: "laboratory",
  ctr: "center", cntr: "center", centre: "center", centres: "center", centers: "center",
  dept: "department", assoc: "association", mfg: "manufacturing", manuf: "manufacturing",
  sys: "system", dev: "development", govt: "government", st: "saint", sankt: "saint", mt: "mount",
  defence: "defense", organisation: "organization", organisations: "organization", programme: "program",
  aeronautical: "aeronautic", aeronautics: "aeronautic", astronautics: "astronautic",
  electronics: "electronic", telecom: "telecommunication", telecoms: "telecommunication",
  poly: "polytechnic", polytech: "polytechnic", polytechnical: "polytechnic",
  hk: "hong kong", prc: "china", moskva: "moscow", moscou: "moscow",
}));

/**
 * Romanisation variants of well-known place and institution names (Wade-Giles or
 * postal spellings to Pinyin, and a few one-word spellings). Only names whose
 * older spelling is still met in partner records are listed.
 */
const ROMANISATION_VARIANTS: ReadonlyMap<string, string> = new Map(Object.entries({
  peking: "beijing", peiping: "beijing", nanking: "nanjing", tientsin: "tianjin", canton: "guangzhou",
  chungking: "chongqing", szechuan: "sichuan", szechwan: "sichuan", hangchow: "hangzhou", soochow: "suzhou",
  amoy: "xiamen", tsingtao: "qingdao", tsinan: "jinan", sian: "xian", hsian: "xian", mukden: "shenyang",
  haerbin: "harbin", qinghua: "tsinghua", chiaotung: "jiaotong", jiaotung: "jiaotong", jiatong: "jiaotong",
  fukien: "fujian", kwangtung: "guangdong", chekiang: "zhejiang", hupeh: "hubei", anhwei: "anhui",
  kiangsu: "jiangsu", shantung: "shandong", sinkiang: "xinjiang", chungshan: "zhongshan", dairen: "dalian",
  lanchow: "lanzhou", chengtu: "chengdu", foochow: "fuzhou", kwangchow: "guangzhou", wuchang: "wuhan",
}));

/** Adjacent syllables that are often written apart in romanised names. */
const JOINED_SYLLABLES: ReadonlyArray<[string, string, string]> = [
  ["xi", "an", "xian"], ["tsing", "hua", "tsinghua"], ["qing", "hua", "tsinghua"], ["jiao", "tong", "jiaotong"],
  ["chiao", "tung", "jiaotong"], ["bei", "hang", "beihang"], ["yat", "sen", "yatsen"], ["nan", "hang", "nanhang"],
  ["ha", "er", "harbin"], ["hua", "wei", "huawei"], ["da", "jiang", "dajiang"],
];

/** Lower-case, strip accents (NFKD) and map letters that NFKD leaves alone. */
export function foldCase(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/æ/g, "ae")
    .replace(/œ/g, "oe")
    .replace(/[øǿ]/g, "o")
    .replace(/[łŀ]/g, "l")
    .replace(/[đð]/g, "d")
    .replace(/ı/g, "i")
    .replace(/þ/g, "th")
    .replace(/[‘’‛`´ʼʹ]/g, "'");
}

/** Light English plural folding, so "Sciences"/"Science" and "Laboratories"/"Laboratory" agree. */
function singular(token: string): string {
  if (token.length <= 4 || /\d/.test(token)) return token;
  if (token.endsWith("ies")) return `${token.slice(0, -3)}y`;
  if (/(ss|us|is|os)$/.test(token)) return token;
  if (token.endsWith("s")) return token.slice(0, -1);
  return token;
}

/**
 * Folds a plain token across romanisation variants. Rules, applied in order:
 * 1. whole-word variants of place names (Peking → beijing, Szechuan → sichuan, …);
 * 2. Wade-Giles "hs" at the start of a word → "x" (Hsinhua → xinhua);
 * 3. Russian romanisation: "kh" → "h" (Kharkevich/Harkevich), "shch" → "sch",
 *    a leading "ye" → "e" (Yekaterinburg/Ekaterinburg);
 * 4. adjective endings "-iy", "-ii", "-yy", "-yi", "-ij", "-yj" and a final "-y" after
 *    a consonant all become "-i" (Tekhnicheskiy/Tekhnicheskii/Technicheski).
 * The same folding is applied to list names and queries, so an English word changed by
 * rule 4 still meets itself.
 */
export function foldRomanisation(token: string): string {
  const whole = ROMANISATION_VARIANTS.get(token);
  if (whole) return whole;
  let t = token;
  if (/^hs[aeiouü]/.test(t)) t = `x${t.slice(2)}`;
  t = t.replace(/shch/g, "sch").replace(/kh/g, "h");
  if (/^ye[a-z]/.test(t)) t = t.slice(1);
  if (t.length > 3) t = t.replace(/(iy|ii|yy|yi|ij|yj)$/, "i").replace(/ey$/, "ei").replace(/([^aeiou])y$/, "$1i");
  return t;
}

export interface NormalisedName {
  /** Identity-bearing tokens in reading order, formatting differences undone. */
  plain: string[];
  /** `plain` with romanisation variants folded; what the index compares. */
  folded: string[];
  /** Initials of the significant words, when the name has at least three (e.g. "nudt"). */
  acronym: string | null;
}

function rawTokens(name: string): string[] {
  let text = foldCase(name);
  // "S&T" and "R&D" are abbreviations, not conjunctions between two names.
  text = text.replace(/\bs\s*&\s*t\b/g, " science and technology ").replace(/\br\s*&\s*d\b/g, " research and development ");
  text = text.replace(/&/g, " and ").replace(/\+/g, " and ");
  // Multi-word legal forms collapse to one legal-form word before tokenising.
  text = text
    .replace(/\b(?:open |closed |public |private )?joint[\s-]+stock\b/g, " jsc ")
    .replace(/\blimited[\s-]+liability\b/g, " llc ");
  text = text.replace(/'/g, "");
  text = text.replace(/[^a-z0-9]+/g, " ");
  const out: string[] = [];
  for (const raw of text.split(" ")) {
    if (!raw) continue;
    const ordinal = raw.replace(/^(\d+)(st|nd|rd|th)$/, "$1");
    const expanded = WORD_VARIANTS.get(ordinal) ?? ordinal;
    for (const part of expanded.split(" ")) {
      const single = singular(part);
      out.push(WORD_VARIANTS.get(single) ?? single);
    }
  }
  return joinSyllables(out);
}

function joinSyllables(tokens: string[]): string[] {
  if (tokens.length < 2) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1];
    const joined = b === undefined ? undefined : JOINED_SYLLABLES.find(([x, y]) => x === a && y === b);
    if (joined) {
      out.push(joined[2]);
      i += 1;
    } else {
      out.push(a);
    }
  }
  return out;
}

/**
 * Normalises an organisation name into comparable tokens and an acronym.
 * Legal forms, stop words and single letters are dropped; if nothing would be left,
 * the legal-form words are kept so that a name is never empty.
 */
export function normaliseName(name: string): NormalisedName {
  const tokens = rawTokens(name);
  const significant = tokens.filter((t) => !STOP_WORDS.has(t) && t.length > 1);
  let plain = significant.filter((t) => !LEGAL_FORM_WORDS.has(t));
  if (plain.length === 0) plain = significant;
  const initials = plain.filter((t) => /^[a-z]/.test(t)).map((t) => t[0]);
  return {
    plain,
    folded: plain.map(foldRomanisation),
    acronym: initials.length >= 3 ? initials.join("") : null,
  };
}

const BOILERPLATE = [
  /;?\s*and any successor,? sub-?unit,? or subsidiar(y|ies) thereof.*$/i,
  /\((prc|russian|iranian|chinese) entity\)/gi,
];

const ALIAS_MARKERS =
  /(?:^|[\s,;(]+)(?:a\.?k\.?a\.?|f\.?k\.?a\.?|formerly known as|formerly|d\/b\/a|also known as)(?=[\s,:]|$)[,:]?\s*/i;

/** Looks like an acronym: one word, mostly capitals or digits, at least three characters. */
export function looksLikeAcronym(text: string): boolean {
  const t = text.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9./-]{1,11}$/.test(t)) return false;
  const letters = t.replace(/[^A-Za-z]/g, "");
  if (letters.length < 2) return false;
  const upper = letters.replace(/[^A-Z]/g, "").length;
  return upper / letters.length >= 0.6 && t.replace(/[^A-Za-z0-9]/g, "").length >= 3;
}

/** Place qualifiers seen in parentheses that are not acronyms of the organisation. */
const NOT_ACRONYMS = new Set(["HK", "PRC", "USA", "UAE", "UK", "RF", "LLC", "JSC", "OAO", "ZAO", "PAO", "OOO", "CJSC", "PJSC", "OJSC", "LTD", "INC", "FZE", "FZCO"]);

export interface NameVariant {
  name: string;
  /** Acronyms found inside the name, e.g. "(NUDT)" or ", IITP,". */
  acronyms: string[];
}

/**
 * Splits one listed name into the names it really stands for: boilerplate removed,
 * "a.k.a." and "f.k.a." parts separated, parenthesised or comma-set acronyms pulled
 * out, and Russian "named after …" honorifics dropped as an extra variant. The first
 * variant is always the cleaned full name.
 */
export function nameVariants(raw: string): NameVariant[] {
  let text = raw;
  for (const pattern of BOILERPLATE) text = text.replace(pattern, " ");
  text = text.replace(/[“”„«»"]/g, " ").replace(/\s+/g, " ").trim();
  const parts = text.split(ALIAS_MARKERS).map((p) => p.replace(/^[\s,;:()]+|[\s,;:()]+$/g, "")).filter((p) => p.length > 0);
  const variants: NameVariant[] = [];
  const seen = new Set<string>();
  const add = (name: string, acronyms: string[]) => {
    const clean = name.replace(/\s+/g, " ").replace(/^[\s,;:.–—-]+|[\s,;:–—-]+$/g, "").trim();
    if (!clean) return;
    const key = clean.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    variants.push({ name: clean, acronyms });
  };
  for (const part of parts.length > 0 ? parts : [text]) {
    const acronyms: string[] = [];
    // Parenthesised pieces: acronyms become aliases, other qualifiers are dropped in a variant.
    const withoutParens = part.replace(/\(([^()]*)\)?/g, (_m, inner: string) => {
      const piece = inner.trim();
      if (looksLikeAcronym(piece) && !NOT_ACRONYMS.has(piece.toUpperCase())) acronyms.push(piece);
      return " ";
    });
    // Comma-set acronyms such as "…Problems, IITP, Russian Academy…".
    const segments = withoutParens.split(",").map((s) => s.trim());
    const kept = segments.filter((s) => {
      if (looksLikeAcronym(s) && !NOT_ACRONYMS.has(s.toUpperCase()) && segments.length > 1) {
        acronyms.push(s);
        return false;
      }
      return true;
    });
    add(part.replace(/\(\s*\)/g, " "), acronyms);
    add(kept.join(", "), acronyms);
    const honorific = kept.join(", ").split(/\b(?:named (?:after|for|by)|imeni|im\.|n\.\s?a\.)\s/i)[0];
    if (honorific && honorific.trim().split(/\s+/).length >= 2) add(honorific, acronyms);
    for (const acronym of acronyms) add(acronym, []);
  }
  return variants;
}
