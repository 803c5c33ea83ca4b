// The library over HTTP: ranked search with highlighted snippets, filters, reading and
// feedback counts for officers, and articles an office writes for its own institution only.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { libraryReads } from "../../db/schema";
import { DEMO_PASSWORD } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let researcher: Client;
let officer: Client;
let otherResearcher: Client;

beforeAll(async () => {
  server = await startServer();
  researcher = new Client(server.url);
  await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
  officer = new Client(server.url);
  await officer.login("officer@demo-university.example", DEMO_PASSWORD);
  otherResearcher = new Client(server.url);
  await otherResearcher.login("researcher@second-university.example", DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

function resultTitles(html: string) {
  return [...html.matchAll(/<h3><a href="\/library\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
}

describe("search", () => {
  test.each([
    ["visiting researcher lab access", "visiting-researchers-lab-access-and-deemed-exports"],
    ["laptop border travel", "travelling-with-laptops-and-research-data"],
    ["talent programme appointment", "talent-programmes-appointments-and-disclosure"],
    ["fundamental research exclusion", "basic-and-fundamental-research-exemptions"],
    ["Article 5 cyber-surveillance", "cyber-surveillance-items-and-article-5"],
  ])("“%s” ranks the article that answers it first", async (q, slug) => {
    const html = await (await researcher.get(`/library?q=${encodeURIComponent(q)}`)).text();
    expect(resultTitles(html)[0]).toBe(slug);
  });

  test("snippets highlight the matched words, as text", async () => {
    const html = await (await researcher.get("/library?q=laptop")).text();
    expect(html).toMatch(/<mark>laptops?<\/mark>/i);
  });

  test("accents and word endings still find articles; nonsense finds none with a helpful message", async () => {
    expect(resultTitles(await (await researcher.get("/library?q=encryptión")).text()).length).toBeGreaterThan(0);
    const none = visibleText(await (await researcher.get("/library?q=zzzqqqxxx")).text());
    expect(none).toMatch(/Nothing matches/);
  });

  test("search syntax typed by a person is treated as words, never as a query", async () => {
    const response = await researcher.get(`/library?q=${encodeURIComponent('"unbalanced AND NEAR( OR *')}`);
    expect(response.status).toBe(200);
  });

  test("filters by topic and audience", async () => {
    const officers = resultTitles(await (await researcher.get("/library?audience=officer")).text());
    expect(officers).toContain("officer-writing-a-decision-rationale");
    expect(officers).not.toContain("travelling-with-laptops-and-research-data");
    const caseStudies = resultTitles(await (await researcher.get("/library?tag=case-study")).text());
    expect(caseStudies.length).toBeGreaterThanOrEqual(3);
    expect(caseStudies.every((s) => s.startsWith("case-study"))).toBe(true);
  });
});

describe("reading an article", () => {
  test("shows the article with its contents, sources, related articles, and records the read", async () => {
    const html = await (await researcher.get("/library/what-is-intangible-technology-transfer")).text();
    const text = visibleText(html);
    expect(text).toMatch(/What intangible technology transfer is/);
    expect(text).toMatch(/Sources/);
    expect(text).toMatch(/Related articles/);
    expect(text).toMatch(/last reviewed 2026-11-20/);
    expect(server.db.select().from(libraryReads).where(eq(libraryReads.slug, "what-is-intangible-technology-transfer")).all()).toHaveLength(1);
  });

  test("feedback is kept per person and shown to the office as counts and anonymous comments", async () => {
    const saved = await researcher.post("/library/what-is-intangible-technology-transfer", { useful: "no", comment: "An example from chemistry would help." });
    expect(saved.status).toBe(302);
    await researcher.post("/library/what-is-intangible-technology-transfer", { useful: "yes", comment: "An example from chemistry would help." });
    const office = visibleText(await (await officer.get("/office/library")).text());
    expect(office).toMatch(/What intangible technology transfer is.*? 1 1 1 0/);
    expect(office).toMatch(/An example from chemistry would help/);
    expect(office).not.toMatch(/Rosa/);
    const invalid = await researcher.post("/library/what-is-intangible-technology-transfer", { useful: "maybe" });
    expect(invalid.status).toBe(400);
  });

  test("an unknown article is a 404", async () => {
    expect((await researcher.get("/library/no-such-article")).status).toBe(404);
  });
});

describe("an office's own articles", () => {
  test("preview renders without saving; publishing makes it searchable for the institution only", async () => {
    const fields = {
      title: "Who to call at Demo University",
      summary: "The export-control contacts and the weekly office hours at Demo University.",
      audience: "researcher",
      topics: "contacts, procedures",
      body: "## Office hours\n\nEvery Tuesday from 10:00 in room 2.14. Write to <b>officer@demo-university.example</b> for the zebrafish permit.",
    };
    const preview = await officer.post("/office/library/new", { ...fields, intent: "preview" });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toMatch(/<h2 id="office-hours">Office hours<\/h2>/);
    expect(previewHtml).toContain("&lt;b&gt;officer@demo-university.example&lt;/b&gt;");
    expect(visibleText(await (await researcher.get("/library?q=zebrafish")).text())).toMatch(/Nothing matches/);

    const published = await officer.post("/office/library/new", { ...fields, intent: "save" });
    expect(published.status).toBe(302);
    const location = published.headers.get("Location")!;
    expect(location).toMatch(/^\/library\/local-\d+-who-to-call-at-demo-university/);
    expect(resultTitles(await (await researcher.get("/library?q=zebrafish")).text())[0]).toMatch(/^local-\d+/);
    expect(resultTitles(await (await otherResearcher.get("/library?q=zebrafish")).text())).toEqual([]);
    expect((await otherResearcher.get(location)).status).toBe(404);
  });

  test("an invalid article keeps what was typed", async () => {
    const response = await officer.post("/office/library/new", { title: "Hi", summary: "", audience: "researcher", topics: "", body: "A long enough body text for the article, written in markdown." , intent: "save" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toMatch(/Give the article a title/);
    expect(html).toContain("A long enough body text for the article, written in markdown.");
  });
});
