// Renders library markdown to safe HTML: raw HTML in the source is shown as text, links go
// only to web, mail or in-site addresses, and headings get ids for the table of contents.
import { Marked, type Tokens } from "marked";

export type TocEntry = { id: string; text: string; depth: number };

function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function headingId(text: string, used: Set<string>) {
  const base =
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/&[a-z#0-9]+;/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "section";
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed) || trimmed.startsWith("/") || trimmed.startsWith("#")) return trimmed;
  return null;
}

export function renderMarkdown(markdown: string): { html: string; toc: TocEntry[] } {
  const toc: TocEntry[] = [];
  const used = new Set<string>();
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      heading(this: { parser: { parseInline: (tokens: Tokens.Generic[]) => string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        // The article's title is the page's only h1: markdown headings start at h2.
        const depth = Math.min(Math.max(token.depth, 2), 4);
        const id = headingId(token.text, used);
        if (depth <= 3) toc.push({ id, text: token.text.replace(/[*_`]/g, ""), depth });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
      link(this: { parser: { parseInline: (tokens: Tokens.Generic[]) => string } }, token: Tokens.Link) {
        const inner = this.parser.parseInline(token.tokens);
        const href = safeHref(token.href);
        if (!href) return inner;
        const external = /^https?:/i.test(href);
        return `<a href="${escapeHtml(href)}"${external ? ' rel="noreferrer"' : ""}>${inner}</a>`;
      },
      image(token: Tokens.Image) {
        // Images would load from elsewhere; show their description instead.
        return escapeHtml(token.text);
      },
    },
  });
  const html = marked.parse(markdown) as string;
  return { html, toc };
}

export function wordCount(markdown: string) {
  return markdown.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** The words of a markdown text without its markup, for the search index and its snippets. */
export function plainText(markdown: string) {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}#{1,6}\s+/gm, "")
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, "")
    .replace(/^\s*>\s?/gm, "")
    .replace(/[*_`~|]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
