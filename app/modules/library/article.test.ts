import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { TMP_DIR } from "../../../tests/support/paths";
import { parseArticle } from "./article";
import { loadShippedArticles } from "./library.server";
import { renderMarkdown } from "./markdown";

const good = readFileSync(new URL("../../../tests/fixtures/library/travel-with-laptops.md", import.meta.url), "utf8");

describe("library articles", () => {
  test("every shipped article is valid, 400 to 1,200 words, with sources", () => {
    const articles = loadShippedArticles();
    expect(articles.length).toBeGreaterThanOrEqual(20);
    for (const a of articles) {
      expect(a.words, a.slug).toBeGreaterThanOrEqual(400);
      expect(a.words, a.slug).toBeLessThanOrEqual(1300);
      expect(a.sources.length, a.slug).toBeGreaterThan(0);
    }
  });

  test("a good article parses with its table of contents", () => {
    const article = parseArticle(good, "travel.md", "travel");
    expect(article).toMatchObject({ title: "Travelling with a laptop full of unpublished results", audience: "researcher", reading_minutes: 3, last_reviewed: "2026-10-01" });
    expect(article.toc.map((t) => t.id)).toEqual(["before-you-go", "at-the-border"]);
    expect(article.allTags).toEqual(["itt", "travel", "travel", "information-security"]);
  });

  const broken: [string, string, RegExp][] = [
    ["missing front matter", "## Just a body", /bad\.md: must start with front matter/],
    ["unknown audience", good.replace("audience: researcher", "audience: everyone"), /bad\.md: audience: /],
    ["unknown channel", good.replace("channels: [travel]", "channels: [carrier-pigeon]"), /bad\.md: tags\.channels\.0: /],
    ["bad date", good.replace("last_reviewed: 2026-10-01", "last_reviewed: yesterday"), /bad\.md: last_reviewed: /],
    ["no sources", good.replace(/sources:[\s\S]*?---/, "sources: []\n---"), /bad\.md: sources: needs at least one public source/],
    ["unknown field", good.replace("reading_minutes: 3", "reading_minutes: 3\nauthor: someone"), /bad\.md: .*author|Unrecognized key/],
  ];
  test.each(broken)("%s fails naming the file and the field", (_name, text, message) => {
    expect(() => parseArticle(text, "bad.md", "bad")).toThrow(message);
  });

  test("the shipped folder fails loading when one article is bad, naming it", () => {
    const dir = mkdtempSync(join(TMP_DIR, "library-"));
    writeFileSync(join(dir, "a-good.md"), good);
    writeFileSync(join(dir, "b-bad.md"), good.replace("title: ", "titel: "));
    expect(() => loadShippedArticles(dir)).toThrow(/content\/library\/b-bad\.md/);
  });

  test("markdown is rendered safely: raw HTML shows as text, unsafe links lose their address", () => {
    const { html } = renderMarkdown('Hello <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org) ![img](https://tracker.example/p.png)');
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<a href="https://example.org" rel="noreferrer">ok</a>');
    expect(html).not.toContain("<img");
  });
});

describe("plain text for search", () => {
  test("drops markdown markup but keeps the words", async () => {
    const { plainText } = await import("./markdown");
    expect(plainText("## Packing\n\n- **Travel.** A [laptop](https://x.example) goes `with` you.")).toBe("Packing Travel. A laptop goes with you.");
  });
});
