import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadAsDocument, pageScripts, readServerRenderData, serverRenderData } from "./page-scripts";

describe("pageScripts", () => {
  test("a page hydrates unless a matched route says otherwise", () => {
    expect(pageScripts([{ handle: undefined }, { handle: { other: true } }])).toEqual({ hydrate: true });
    expect(pageScripts([])).toEqual({ hydrate: true });
  });

  test("one route saying hydrate: false keeps the whole page from hydrating, with the scripts all routes name, once each", () => {
    const result = pageScripts([{ handle: { scripts: ["/assets/a.js"] } }, { handle: { hydrate: false, scripts: ["/assets/a.js", "/assets/b.js"] } }]);
    expect(result).toEqual({ hydrate: false, scripts: ["/assets/a.js", "/assets/b.js"] });
  });

  test("a handle that is not an object is ignored", () => {
    expect(pageScripts([{ handle: "hydrate: false" }, { handle: null }])).toEqual({ hydrate: true });
  });
});

test("loadAsDocument answers with a redirect that reloads the document at the same address", () => {
  let thrown: unknown;
  try {
    loadAsDocument({ request: new Request("http://localhost/projects/4/assessment/about-the-work?x=1") });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/projects/4/assessment/about-the-work?x=1");
  expect(response.headers.get("X-Remix-Reload-Document")).toBe("true");
});

// A page that does not hydrate can still be reached by a client-side navigation from one that
// does; without `loadAsDocument` the browser would render it from page data it never gets.
// (Read from the sources: importing every route would run the pages' standalone scripts.)
describe("every route that does not hydrate", () => {
  const dir = fileURLToPath(new URL("../routes/", import.meta.url));
  const notHydrating = readdirSync(dir)
    .filter((file) => file.endsWith(".tsx"))
    .map((file) => [file, readFileSync(join(dir, file), "utf8")] as const)
    .filter(([, source]) => /export const handle(: PageHandle)? = \{[^}]*hydrate: false/.test(source));

  test("includes the case queue and the self-assessment pages", () => {
    expect(notHydrating.map(([file]) => file)).toEqual(expect.arrayContaining(["office.cases._index.tsx", "projects.$projectId.assessment.$sectionId.tsx", "projects.$projectId.assessment.review.tsx"]));
  });

  test.each(notHydrating)("%s turns client-side navigations into document loads", (_file, source) => {
    expect(source).toMatch(/^export const clientLoader = loadAsDocument;$/m);
  });
});

describe("serverRenderData", () => {
  test("gives the server's render its data back", () => {
    const data = { rows: [1, 2, 3] };
    expect(readServerRenderData(serverRenderData(data))).toBe(data);
  });

  test("has nothing React Router's page-data encoder would copy, and fails clearly where the data never arrives", () => {
    const wrapped = serverRenderData({ secret: "rows" });
    expect(Object.entries(wrapped)).toEqual([]);
    expect(JSON.stringify(wrapped)).toBe("{}");
    expect(() => readServerRenderData({} as never)).toThrow(/only for its server render/);
  });
});
