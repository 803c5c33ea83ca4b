// Owns the awareness library: the shipped articles (validated at start), the articles an
// office writes for its own institution, full-text search, reading and feedback records,
// and recommendations from a risk profile.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { and, count, desc, eq, gte, sql } from "drizzle-orm";
import { libraryArticles, libraryFeedback, libraryReads, users } from "../../../db/schema";
import { projectPath } from "../../lib/paths.server";
import type { Db, Queryable } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError } from "../errors";
import { parseArticle, type Article } from "./article";
import { plainText, renderMarkdown, wordCount } from "./markdown";
import { slugify } from "../institutions/schema";

// --- shipped articles -----------------------------------------------------------------------

let shipped: Article[] | undefined;

export function libraryDir() {
  return projectPath("content", "library");
}

/** Reads and validates every shipped article; the first bad one throws, naming file and field. */
export function loadShippedArticles(dir = libraryDir()): Article[] {
  if (dir === libraryDir() && shipped) return shipped;
  const articles = readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => parseArticle(readFileSync(join(dir, name), "utf8"), `content/library/${name}`, name.replace(/\.md$/, "")));
  if (dir === libraryDir()) shipped = articles;
  return articles;
}

function institutionArticle(row: typeof libraryArticles.$inferSelect): Article {
  const { html, toc } = renderMarkdown(row.body);
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    audience: row.audience,
    tags: { technology: [], dimensions: [], channels: [], topics: row.topics },
    reading_minutes: Math.max(1, Math.ceil(wordCount(row.body) / 200)),
    last_reviewed: row.updatedAt.toISOString().slice(0, 10),
    sources: [],
    body: row.body,
    html,
    toc,
    words: wordCount(row.body),
    allTags: row.topics,
    institutionId: row.institutionId,
  };
}

// --- the search index -----------------------------------------------------------------------

function indexArticle(database: Queryable, article: Article) {
  database.run(sql`DELETE FROM library_search WHERE slug = ${article.slug}`);
  database.run(
    sql`INSERT INTO library_search (slug, institution_id, title, summary, tags, body) VALUES (${article.slug}, ${article.institutionId ?? 0}, ${article.title}, ${article.summary}, ${article.allTags.join(" ").replace(/-/g, " ")}, ${plainText(article.body)})`,
  );
}

/** Rebuilds the search index from the shipped files and the institutions' articles. */
export function syncLibraryIndex(database: Db) {
  const articles = loadShippedArticles();
  const own = database.select().from(libraryArticles).all().map(institutionArticle);
  database.transaction((tx) => {
    tx.run(sql`DELETE FROM library_search`);
    for (const article of [...articles, ...own]) indexArticle(tx, article);
  });
}

function visibleTo(actor: Actor, article: Article) {
  if (article.institutionId !== null && article.institutionId !== actor.institutionId) return false;
  return true;
}

function allArticles(database: Db, actor: Actor): Article[] {
  const own = actor.institutionId ? database.select().from(libraryArticles).where(eq(libraryArticles.institutionId, actor.institutionId)).all().map(institutionArticle) : [];
  return [...loadShippedArticles(), ...own];
}

export type SearchHit = { slug: string; title: string; summary: string; snippet: string; audience: string; readingMinutes: number; lastReviewed: string; local: boolean };

/** Turns what a person typed into an FTS5 query of plain terms (no syntax from the user). */
export function toFtsQuery(q: string): string | null {
  const terms = q
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 2)
    .slice(0, 12);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"*`).join(" ");
}

export function searchLibrary(database: Db, actor: Actor, options: { q?: string; tag?: string; audience?: string }): SearchHit[] {
  const articles = allArticles(database, actor);
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const filter = (a: Article) =>
    visibleTo(actor, a) && (!options.tag || a.allTags.includes(options.tag)) && (!options.audience || a.audience === options.audience || a.audience === "both");
  const hit = (a: Article, snippet: string): SearchHit => ({
    slug: a.slug,
    title: a.title,
    summary: a.summary,
    snippet,
    audience: a.audience,
    readingMinutes: a.reading_minutes,
    lastReviewed: a.last_reviewed,
    local: a.institutionId !== null,
  });
  const query = options.q ? toFtsQuery(options.q) : null;
  if (!query) return articles.filter(filter).sort((a, b) => a.title.localeCompare(b.title)).map((a) => hit(a, ""));
  // Title matches weigh most, then summary and tags, then the body.
  const rows = database.all<{ slug: string; snippet: string }>(
    sql`SELECT slug, snippet(library_search, 5, '[[', ']]', ' … ', 18) AS snippet
        FROM library_search
        WHERE library_search MATCH ${query} AND institution_id IN (0, ${actor.institutionId ?? -1})
        ORDER BY bm25(library_search, 0, 0, 10.0, 4.0, 3.0, 1.0)
        LIMIT 50`,
  );
  return rows
    .map((row) => ({ row, article: bySlug.get(row.slug) }))
    .filter((x): x is { row: { slug: string; snippet: string }; article: Article } => Boolean(x.article) && filter(x.article!))
    .map(({ row, article }) => hit(article, row.snippet));
}

export function libraryTags(database: Db, actor: Actor) {
  const counts = new Map<string, number>();
  for (const a of allArticles(database, actor)) for (const t of a.allTags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag, n]) => ({ tag, n }));
}

export function newAndUpdated(database: Db, actor: Actor, limit = 5) {
  return allArticles(database, actor)
    .filter((a) => visibleTo(actor, a))
    .sort((a, b) => b.last_reviewed.localeCompare(a.last_reviewed) || a.title.localeCompare(b.title))
    .slice(0, limit)
    .map((a) => ({ slug: a.slug, title: a.title, lastReviewed: a.last_reviewed }));
}

export function getArticle(database: Db, actor: Actor, slug: string) {
  const article = allArticles(database, actor).find((a) => a.slug === slug);
  if (!article || !visibleTo(actor, article)) throw new NotFoundError("That article");
  const related = allArticles(database, actor)
    .filter((a) => a.slug !== slug && visibleTo(actor, a))
    .map((a) => ({ a, shared: a.allTags.filter((t) => article.allTags.includes(t)).length }))
    .filter((x) => x.shared > 0)
    .sort((x, y) => y.shared - x.shared || x.a.title.localeCompare(y.a.title))
    .slice(0, 4)
    .map(({ a }) => ({ slug: a.slug, title: a.title, summary: a.summary }));
  const feedback = database.select().from(libraryFeedback).where(and(eq(libraryFeedback.userId, actor.userId), eq(libraryFeedback.slug, slug))).get();
  return { article, related, feedback: feedback ? { useful: feedback.useful, comment: feedback.comment } : null };
}

export function recordRead(database: Db, actor: Actor, slug: string, now = new Date()) {
  // One read per person and article per hour is enough for counts and nudges.
  const recent = database
    .select({ id: libraryReads.id })
    .from(libraryReads)
    .where(and(eq(libraryReads.userId, actor.userId), eq(libraryReads.slug, slug), gte(libraryReads.at, new Date(now.getTime() - 3_600_000))))
    .get();
  if (!recent) database.insert(libraryReads).values({ userId: actor.userId, institutionId: actor.institutionId, slug, at: now }).run();
}

export function recordFeedback(database: Db, actor: Actor, slug: string, input: { useful: boolean; comment: string | null }) {
  getArticle(database, actor, slug);
  database
    .insert(libraryFeedback)
    .values({ userId: actor.userId, institutionId: actor.institutionId, slug, useful: input.useful, comment: input.comment, at: new Date() })
    .onConflictDoUpdate({ target: [libraryFeedback.userId, libraryFeedback.slug], set: { useful: input.useful, comment: input.comment, at: new Date() } })
    .run();
}

// --- for the compliance office --------------------------------------------------------------

function requireOfficer(actor: Actor): number {
  if (actor.role !== "officer" || actor.institutionId === null) throw new ForbiddenError();
  return actor.institutionId;
}

/** What the institution's people read and thought of it: counts only, never who. */
export function libraryUsage(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  const reads = database
    .select({ slug: libraryReads.slug, n: count(), readers: sql<number>`count(distinct ${libraryReads.userId})` })
    .from(libraryReads)
    .where(eq(libraryReads.institutionId, institutionId))
    .groupBy(libraryReads.slug)
    .all();
  const feedback = database
    .select({ slug: libraryFeedback.slug, useful: sql<number>`sum(case when ${libraryFeedback.useful} then 1 else 0 end)`, notUseful: sql<number>`sum(case when ${libraryFeedback.useful} then 0 else 1 end)` })
    .from(libraryFeedback)
    .where(eq(libraryFeedback.institutionId, institutionId))
    .groupBy(libraryFeedback.slug)
    .all();
  const comments = database
    .select({ slug: libraryFeedback.slug, useful: libraryFeedback.useful, comment: libraryFeedback.comment, at: libraryFeedback.at })
    .from(libraryFeedback)
    .where(and(eq(libraryFeedback.institutionId, institutionId), sql`${libraryFeedback.comment} is not null`))
    .orderBy(desc(libraryFeedback.at))
    .limit(50)
    .all();
  const titles = new Map(allArticles(database, actor).map((a) => [a.slug, a.title]));
  const slugs = new Set([...reads.map((r) => r.slug), ...feedback.map((f) => f.slug)]);
  const rows = [...slugs]
    .map((slug) => ({
      slug,
      title: titles.get(slug) ?? slug,
      reads: reads.find((r) => r.slug === slug)?.n ?? 0,
      readers: reads.find((r) => r.slug === slug)?.readers ?? 0,
      useful: feedback.find((f) => f.slug === slug)?.useful ?? 0,
      notUseful: feedback.find((f) => f.slug === slug)?.notUseful ?? 0,
    }))
    .sort((a, b) => b.reads - a.reads || a.title.localeCompare(b.title));
  return { rows, comments: comments.map((c) => ({ ...c, title: titles.get(c.slug) ?? c.slug })) };
}

export function listOwnArticles(database: Db, actor: Actor) {
  const institutionId = requireOfficer(actor);
  return database
    .select({ id: libraryArticles.id, slug: libraryArticles.slug, title: libraryArticles.title, updatedAt: libraryArticles.updatedAt, author: users.name })
    .from(libraryArticles)
    .innerJoin(users, eq(users.id, libraryArticles.createdBy))
    .where(eq(libraryArticles.institutionId, institutionId))
    .orderBy(desc(libraryArticles.updatedAt))
    .all();
}

export function getOwnArticle(database: Db, actor: Actor, id: number) {
  const institutionId = requireOfficer(actor);
  const row = database.select().from(libraryArticles).where(and(eq(libraryArticles.id, id), eq(libraryArticles.institutionId, institutionId))).get();
  if (!row) throw new NotFoundError("That article");
  return row;
}

export type OwnArticleInput = { title: string; summary: string; audience: "researcher" | "officer" | "both"; topics: string[]; body: string };

export function saveOwnArticle(database: Db, actor: Actor, id: number | null, input: OwnArticleInput, origin?: RequestOrigin) {
  const institutionId = requireOfficer(actor);
  const now = new Date();
  return database.transaction((tx) => {
    let row: typeof libraryArticles.$inferSelect;
    if (id === null) {
      const inserted = tx
        .insert(libraryArticles)
        .values({ institutionId, slug: `draft-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`, ...input, createdBy: actor.userId, createdAt: now, updatedAt: now })
        .returning()
        .get();
      // The slug carries the id, so two institutions' articles with one title never collide.
      row = tx.update(libraryArticles).set({ slug: `local-${inserted.id}-${slugify(input.title)}` }).where(eq(libraryArticles.id, inserted.id)).returning().get();
    } else {
      const existing = tx.select().from(libraryArticles).where(and(eq(libraryArticles.id, id), eq(libraryArticles.institutionId, institutionId))).get();
      if (!existing) throw new NotFoundError("That article");
      row = tx.update(libraryArticles).set({ ...input, updatedAt: now }).where(eq(libraryArticles.id, id)).returning().get();
    }
    indexArticle(tx, institutionArticle(row));
    recordAudit(tx, { action: id === null ? "library.article-create" : "library.article-update", actor, target: { type: "library-article", id: row.id }, origin, details: { title: input.title } });
    return row;
  });
}

// --- recommendations ------------------------------------------------------------------------

/** Library tags that a project's technology areas relate to (taxonomy id → article technology tag). */
const AREA_TAGS: Record<string, string[]> = {
  "ai-machine-learning": ["ai-data"],
  "data-science-big-data": ["ai-data"],
  "high-performance-computing": ["ai-data", "semiconductors"],
  "quantum-computing": ["quantum"],
  "quantum-sensing-communication": ["quantum", "telecom-infosec"],
  "semiconductors-microelectronics": ["semiconductors"],
  "lasers-optics-photonics": ["lasers-optics"],
  "biotechnology-genetic-engineering": ["biotechnology"],
  "pathogens-toxins": ["biotechnology"],
  "life-sciences-medicine": ["biotechnology"],
  "human-machine-integration": ["human-machine"],
  "advanced-materials": ["advanced-materials"],
  "advanced-manufacturing": ["advanced-materials"],
  "hazardous-chemistry-energetics": ["advanced-materials"],
  "sensing-imaging": ["sensing-surveillance"],
  "biometrics-surveillance": ["sensing-surveillance"],
  "telecommunications-networks": ["telecom-infosec"],
  "cryptography-information-security": ["cryptography", "telecom-infosec"],
  "digital-infrastructure-software": ["telecom-infosec"],
  "aeronautics-uav-hypersonics": ["aerospace-space"],
  "space-satellites": ["aerospace-space"],
  "propulsion-rocketry": ["aerospace-space"],
  "navigation-timing": ["navigation"],
  "robotics-autonomous-systems": ["robotics-autonomy"],
  "energy-technologies": ["energy"],
  "nuclear-radiation": ["nuclear"],
  "marine-underwater": ["marine"],
};

export type RecommendationReason = { tags: string[]; reason: string; weight: number };
export type Recommendation = { slug: string; title: string; summary: string; reason: string; lastReviewed: string };

/**
 * The articles that speak to what raised a project's profile, best first, each with the
 * reason in words. `reasons` come from the profile's factors (their library tags and a
 * sentence about the fact behind them); technology areas add a weaker reason each.
 */
export function recommendArticles(database: Db, actor: Actor, reasons: RecommendationReason[], technologyAreas: string[], limit = 5): Recommendation[] {
  const all = [...reasons];
  for (const area of technologyAreas) {
    const tags = AREA_TAGS[area];
    if (tags) all.push({ tags, reason: "because it concerns the technology area of your project", weight: 1 });
  }
  const scored = allArticles(database, actor)
    .filter((a) => visibleTo(actor, a) && a.audience !== "officer")
    .map((article) => {
      let score = 0;
      let best: { reason: RecommendationReason; value: number } | null = null;
      for (const reason of all) {
        const value = reason.tags.filter((t) => article.allTags.includes(t)).length * reason.weight;
        if (value === 0) continue;
        score += value;
        if (!best || value > best.value) best = { reason, value };
      }
      return { article, score, best: best?.reason ?? null };
    })
    .filter((x) => x.score > 0 && x.best)
    .sort((a, b) => b.score - a.score || a.article.title.localeCompare(b.article.title));
  return scored.slice(0, limit).map(({ article, best }) => ({ slug: article.slug, title: article.title, summary: article.summary, reason: best!.reason, lastReviewed: article.last_reviewed }));
}

/** Recommendations for a risk profile: its raising factors' library tags, weighted by the factor. */
export function recommendForProfile(database: Db, actor: Actor, profile: { dimensions: Record<string, { factors: { label: string; weight: number; libraryTags?: string[] }[] }> }, technologyAreas: string[], limit = 5) {
  const reasons = Object.values(profile.dimensions)
    .flatMap((d) => d.factors)
    .filter((f) => f.weight > 0 && f.libraryTags?.length)
    .map((f) => ({ tags: f.libraryTags!, reason: `because of: ${f.label.toLowerCase()}`, weight: 2 + f.weight / 10 }));
  return recommendArticles(database, actor, reasons, technologyAreas, limit);
}
