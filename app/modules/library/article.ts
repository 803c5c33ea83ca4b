// Library articles: markdown with validated front matter. Pure: text in, article out; a bad
// article fails with its file and the field at fault named.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { renderMarkdown, wordCount, type TocEntry } from "./markdown";

export const AUDIENCES = ["researcher", "officer", "both"] as const;
export const DIMENSION_TAGS = ["military", "human_rights", "itt", "partner"] as const;
export const CHANNEL_TAGS = ["publication", "talk", "email", "cloud", "code-repository", "video-call", "travel", "supervision", "technical-assistance", "visitors", "samples-data"] as const;
export const TECHNOLOGY_TAGS = [
  "ai-data", "quantum", "semiconductors", "biotechnology", "advanced-materials", "sensing-surveillance", "telecom-infosec", "cryptography",
  "aerospace-space", "navigation", "robotics-autonomy", "energy", "nuclear", "marine", "lasers-optics", "human-machine",
] as const;

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case, e.g. due-diligence");

export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(5, "must be at least 5 characters").max(200),
    summary: z.string().trim().min(20, "must be at least 20 characters").max(400),
    audience: z.enum(AUDIENCES),
    tags: z
      .object({
        technology: z.array(z.enum(TECHNOLOGY_TAGS)).default([]),
        dimensions: z.array(z.enum(DIMENSION_TAGS)).default([]),
        channels: z.array(z.enum(CHANNEL_TAGS)).default([]),
        topics: z.array(kebab).default([]),
      })
      .strict(),
    reading_minutes: z.number().int().min(1).max(60),
    last_reviewed: z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-11-20")]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
    sources: z.array(z.object({ title: z.string().trim().min(3), url: z.url().refine((u) => u.startsWith("https://") || u.startsWith("http://"), "must be a web address") }).strict()).min(1, "needs at least one public source"),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export type Article = FrontMatter & {
  slug: string;
  body: string;
  html: string;
  toc: TocEntry[];
  words: number;
  /** Every tag in one list, for matching and filtering. */
  allTags: string[];
  institutionId: number | null;
};

export class ArticleError extends Error {
  override name = "ArticleError";
  constructor(
    readonly file: string,
    readonly field: string | null,
    problem: string,
  ) {
    super(`${file}${field ? `: ${field}` : ""}: ${problem}`);
  }
}

export function parseArticle(text: string, file: string, slug: string): Article {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new ArticleError(file, null, "must start with front matter between two --- lines");
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    throw new ArticleError(file, null, `front matter is not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ArticleError(file, issue.path.join(".") || null, issue.message);
  }
  const body = match[2]!.trim();
  if (body.length === 0) throw new ArticleError(file, "body", "is empty");
  const { html, toc } = renderMarkdown(body);
  const fm = result.data;
  return { ...fm, slug, body, html, toc, words: wordCount(body), allTags: [...fm.tags.technology, ...fm.tags.dimensions, ...fm.tags.channels, ...fm.tags.topics], institutionId: null };
}
