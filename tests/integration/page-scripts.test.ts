// Which JavaScript pages load, from the HTML the production server sends: the self-assessment
// pages come without React Router's runtime, route modules or page data, and load one small
// standalone script from the same origin; the rest of the portal still hydrates. Also the
// autosave endpoint's answer, which that script relies on.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BENIGN_ANSWERS, DEMO_PASSWORD, ensureProject } from "../factories";
import { Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let researcher: Client;
let projectId: number;

const STANDALONE_SCRIPT = /^\/assets\/assessment\.standalone-[\w-]+\.js$/;

beforeAll(async () => {
  server = await startServer();
  projectId = (await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Ramsey numbers of small graphs" })).id;
  researcher = new Client(server.url);
  await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
  expect((await researcher.post(`/projects/${projectId}/assessment`)).status).toBe(302);
});

afterAll(async () => {
  await server?.stop();
});

/** What a page makes the browser load: script addresses, inline scripts and module preloads. */
function scriptsOf(html: string) {
  return {
    sources: [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!),
    inline: [...html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!),
    modulePreloads: [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)].map((m) => m[0]),
  };
}

async function page(client: Client, path: string) {
  let response = await client.get(path);
  // Follow redirects the way a browser would (the assessment's start page sends on to a part).
  for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 5; hops++) {
    response = await client.get(new URL(response.headers.get("Location")!, server.url).pathname);
  }
  expect(response.status, path).toBe(200);
  return { url: new URL(response.url).pathname, html: await response.text(), policy: response.headers.get("content-security-policy") ?? "" };
}

function expectStandalone(html: string) {
  const { sources, inline, modulePreloads } = scriptsOf(html);
  expect(modulePreloads).toEqual([]);
  expect(inline).toEqual([]);
  expect(html).not.toContain("__reactRouterContext");
  expect(html).not.toContain("entry.client");
  expect(sources).toHaveLength(1);
  expect(sources[0]).toMatch(STANDALONE_SCRIPT);
  return sources[0]!;
}

function expectHydrated(html: string) {
  const { sources, inline, modulePreloads } = scriptsOf(html);
  expect(inline.join("\n")).toContain("window.__reactRouterContext");
  expect(modulePreloads.some((link) => link.includes("/assets/entry.client-"))).toBe(true);
  expect(sources.filter((src) => STANDALONE_SCRIPT.test(src))).toEqual([]);
}

describe("the self-assessment pages do not hydrate", () => {
  test("a part of the assessment loads only the standalone script, which is small, same-origin and self-contained", async () => {
    const { html, policy } = await page(researcher, `/projects/${projectId}/assessment/about-the-work`);
    const src = expectStandalone(html);
    // Same origin, which the policy allows without a nonce.
    expect(policy).toMatch(/script-src 'self'/);
    // The autosave form and its status line are there for the script to find.
    expect(html).toContain(`data-autosave="/projects/${projectId}/assessment/about-the-work/autosave"`);
    expect(html).toMatch(/<p[^>]*role="status"[^>]*aria-live="polite"[^>]*data-autosave-status=""/);
    expect(html).toContain('data-question="research-type"');

    const script = await researcher.get(src);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const code = await script.text();
    // A script of its own: it imports nothing, so nothing else is fetched with it.
    expect(code).not.toMatch(/\bimport\s*[("'{*]|\bfrom\s*["']/);
    expect(gzipSync(code).length).toBeLessThan(4 * 1024);
  });

  test("the assessment's start address sends on to a page that does not hydrate either", async () => {
    const { url, html } = await page(researcher, `/projects/${projectId}/assessment`);
    expect(url).toBe(`/projects/${projectId}/assessment/about-the-work`);
    expectStandalone(html);
  });

  test("the review page loads only the standalone script", async () => {
    const answered = await researcher.post(`/projects/${projectId}/assessment/about-the-work`, { ...(BENIGN_ANSWERS as Record<string, string>), intent: "continue" });
    expect(answered.status).toBe(302);
    const { url, html } = await page(researcher, `/projects/${projectId}/assessment`);
    expect(url).toBe(`/projects/${projectId}/assessment/review`);
    expect(html).toContain("Check your answers");
    expectStandalone(html);
  });

  test("the case queue loads no script at all", async () => {
    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    const { html } = await page(officer, "/office/cases");
    expect(html).toContain("<h1>Cases</h1>");
    const { sources, inline, modulePreloads } = scriptsOf(html);
    expect({ sources, inline, modulePreloads }).toEqual({ sources: [], inline: [], modulePreloads: [] });
    expect(html).not.toContain("__reactRouterContext");
  });

  test("a page that does not hydrate has the whole layout, without React Router's boundary for streamed page data", async () => {
    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    for (let visit = 0; visit < 2; visit++) {
      const { html } = await page(officer, "/office/cases");
      // The root route's links and meta, the route's own title, and the layout around the page.
      expect(html).toMatch(/<link [^>]*rel="stylesheet" href="\/assets\/[^"]+\.css"/);
      expect(html).toMatch(/<link [^>]*rel="icon" href="\/favicon\.svg"/);
      if (visit === 0) {
        const icon = await fetch(`${server.url}/favicon.svg`);
        expect(icon.status).toBe(200);
        expect(icon.headers.get("content-type")).toContain("image/svg+xml");
        expect(await icon.text()).toContain("<svg");
      }
      expect(html).toContain("<title>Cases – Compliance office – Upstream</title>");
      expect(html).toMatch(/<nav[^>]*aria-label="Main"/);
      // Its navigation is plain links, the current section marked as NavLink marks it.
      expect(html).toContain('<a href="/office/cases" aria-current="page" class="active">Cases</a>');
      expect(html).toContain('<a href="/office/triage">Triage</a>');
      expect(html.match(/aria-current="page"/g)).toHaveLength(1);
      expect(html).toContain('<form action="/logout" method="post">');
      // React Router's own document renderer leaves an empty suspense boundary where the page
      // data would stream; the renderer for these pages leaves nothing (static-router.server.tsx).
      expect(html).not.toContain("<!--$-->");
    }
    // A refusal on such a page is the root's error page, with its status.
    const missing = await researcher.get(`/projects/${projectId}/assessment/no-such-part`);
    expect(missing.status).toBe(404);
    const html = await missing.text();
    expect(html).toContain("<h1>Page not found</h1>");
    expect(html).toContain("<title>Page not found – Upstream</title>");
    expect(html).not.toContain("<!--$-->");
  });

  test("the rest of the portal still hydrates", async () => {
    const project = (await page(researcher, `/projects/${projectId}`)).html;
    expectHydrated(project);
    // With React Router's NavLink, which marks the current section the same way.
    expect(project).toMatch(/<a aria-current="page" class="active" href="\/projects" data-discover="true">/);
    expectHydrated((await page(researcher, "/projects")).html);
    expectHydrated((await page(new Client(server.url), "/login")).html);
  });

  test("a page that hydrates carries its page data for the scripts, and both kinds of page share one route tree", async () => {
    const title = "Ramsey numbers of small graphs";
    for (let visit = 0; visit < 2; visit++) {
      const { html } = await page(researcher, `/projects/${projectId}`);
      const { inline } = scriptsOf(html);
      // React Router's data transfer: the page's loader data streamed into the scripts, then closed.
      const data = inline.filter((script) => script.includes("streamController.enqueue("));
      expect(data.length).toBeGreaterThan(0);
      expect(data.join("")).toContain(title);
      expect(inline.some((script) => script.includes("streamController.close()"))).toBe(true);
      // Inside the suspense boundary React Router's own renderer puts it in.
      expect(html).toContain("<!--$-->");
    }
    // Neither kind of page fell back to building the route tree per request.
    expect(server.output()).not.toContain("rendered through React Router's ServerRouter");
  });
});

describe("the autosave endpoint", () => {
  test("saves what is valid and names the questions now shown, so the page can add follow-up questions", async () => {
    const section = `/projects/${projectId}/assessment/about-the-work`;
    const confidential = await researcher.post(`${section}/autosave`, { "research-type": "applied", "publication-intent": "confidential", seq: String(Date.now()) }, { Accept: "application/json" });
    expect(confidential.status).toBe(200);
    const body = (await confidential.json()) as { saved: string; visible: string[] };
    expect(Number.isNaN(Date.parse(body.saved))).toBe(false);
    expect(body.visible).toContain("confidentiality-reason");
    // The page rendered now carries the new question and the saved answer.
    const { html } = await page(researcher, section);
    expect(html).toContain('data-question="confidentiality-reason"');
    expect(html).toMatch(/checked="" value="applied"|value="applied" checked=""/);

    const open = await researcher.post(`${section}/autosave`, { "publication-intent": "open", seq: String(Date.now() + 1) }, { Accept: "application/json" });
    expect(((await open.json()) as { visible: string[] }).visible).not.toContain("confidentiality-reason");
  });
});
