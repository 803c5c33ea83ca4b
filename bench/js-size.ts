// JavaScript size benchmark: starts the production build on a generated data set, fetches key
// pages as the people who use them, and adds up the JavaScript each page makes the browser
// load, gzipped (as the server's compression sends it): every <script src> and modulepreload
// link in the HTML, every module the inline scripts import, and every module those import in
// turn (static imports only; a module loaded later with import() is not counted). The inline
// scripts themselves (the route manifest and the page's data) are counted as well.
// Fails when any of the three assessment pages (its start address, which sends on to the part to
// continue or the review, a part, and the review) ships more than 100 KB gzipped. They do not
// hydrate and load one standalone script instead, which is counted like any other script and
// must be there (docs/decisions/011-assessment-pages-without-hydration.md). That the assessment
// works with no JavaScript at all is covered by tests/e2e/assessment.test.ts.
// Run with: npm run bench:js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { seedDataset } from "./seed";
import { signIn, snapshotBuild, startServer, stopServer, type Server } from "./http";

const ASSESSMENT_LIMIT_KB = 100;
/** The assessment pages' own script, built apart from the React bundle (see vite.config.ts). */
const STANDALONE_SCRIPT = /\/assessment\.standalone-[\w-]+\.js$/;

const dir = mkdtempSync(path.join(os.tmpdir(), "upstream-bench-js-"));
let server: Server | undefined;
process.on("exit", () => {
  if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const seeded = await seedDataset(path.join(dir, "bench.db"), { projects: 2_000 });
server = await startServer(snapshotBuild(dir), seeded.dbPath, dir);
const base = server.url;
const cookies = {
  anonymous: "",
  researcher: await signIn(server, seeded.accounts.researcher, seeded.password),
  officer: await signIn(server, seeded.accounts.officer, seeded.password),
  analyst: await signIn(server, seeded.accounts.analyst, seeded.password),
};
const { projectId, sectionId } = seeded.fixtures.sectionSave;
// The seeded assessment is complete but not submitted, so its start address sends on to the review.
const pages: { name: string; path: string; as: keyof typeof cookies; assessment?: boolean }[] = [
  { name: "Landing page", path: "/", as: "anonymous" },
  { name: "Sign in", path: "/login", as: "anonymous" },
  { name: "Assessment start (researcher)", path: `/projects/${projectId}/assessment`, as: "researcher", assessment: true },
  { name: "Assessment part (researcher)", path: `/projects/${projectId}/assessment/${sectionId}`, as: "researcher", assessment: true },
  { name: "Assessment review (researcher)", path: `/projects/${projectId}/assessment/review`, as: "researcher", assessment: true },
  { name: "Case queue (officer)", path: "/office/cases", as: "officer" },
  { name: "Warnings inbox (analyst)", path: "/agency/warnings", as: "analyst" },
];

const gzipped = (text: string) => gzipSync(text).length;
// Browsers that accept Brotli get it from the compression middleware, at its quality 4.
const brotli = (text: string) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length;
const moduleCache = new Map<string, string>();

async function fetchModule(url: string): Promise<string> {
  let text = moduleCache.get(url);
  if (text === undefined) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    text = await response.text();
    moduleCache.set(url, text);
  }
  return text;
}

/** The modules a script imports statically: `import … from "x"`, `import "x"`, `export … from "x"`. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g)) found.push(match[1]!);
  return found;
}

type PageSize = { name: string; path: string; as: string; standaloneScripts: string[]; modules: number; jsBytes: number; jsGzipBytes: number; inlineGzipBytes: number; totalGzipBytes: number; totalBrotliBytes: number; largest: { file: string; gzipBytes: number }[] };
const results: PageSize[] = [];
/** The page as the browser ends up with it, after the redirects a browser would follow. */
async function fetchPage(page: (typeof pages)[number]) {
  const headers: Record<string, string> = page.as === "anonymous" ? {} : { Cookie: cookies[page.as] };
  let url = base + page.path;
  for (let hops = 0; hops < 5; hops++) {
    const response = await fetch(url, { headers, redirect: "manual" });
    if (response.status === 200) return response;
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) throw new Error(`${url} as ${page.as} answered ${response.status}`);
    url = new URL(location, url).href;
  }
  throw new Error(`${page.path} as ${page.as} redirects too often`);
}

for (const page of pages) {
  const response = await fetchPage(page);
  const html = await response.text();
  const pending = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) pending.add(new URL(match[1]!, base).href);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) pending.add(new URL(match[1]!, base).href);
  let inline = "";
  for (const match of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    inline += match[1]!;
    for (const specifier of staticImports(match[1]!)) pending.add(new URL(specifier, base).href);
  }
  // Follow the imports to the whole graph the browser loads before the page runs.
  const seen = new Map<string, string>();
  const queue = [...pending];
  while (queue.length > 0) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    const code = await fetchModule(url);
    seen.set(url, code);
    for (const specifier of staticImports(code)) queue.push(new URL(specifier, url).href);
  }
  const files = [...seen].map(([url, code]) => ({ file: new URL(url).pathname, bytes: Buffer.byteLength(code), gzipBytes: gzipped(code), brotliBytes: brotli(code) }));
  const jsGzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  const inlineGzipBytes = inline ? gzipped(inline) : 0;
  results.push({
    name: page.name,
    path: page.path,
    as: page.as,
    standaloneScripts: files.filter((f) => STANDALONE_SCRIPT.test(f.file)).map((f) => f.file),
    modules: files.length,
    jsBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    jsGzipBytes,
    inlineGzipBytes,
    totalGzipBytes: jsGzipBytes + inlineGzipBytes,
    totalBrotliBytes: files.reduce((sum, f) => sum + f.brotliBytes, 0) + (inline ? brotli(inline) : 0),
    largest: files
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .slice(0, 3)
      .map(({ file, gzipBytes }) => ({ file, gzipBytes })),
  });
}
await stopServer(server);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(`${"page".padEnd(32)} ${"modules".padStart(7)} ${"JS raw".padStart(9)} ${"JS gzip".padStart(9)} ${"inline".padStart(8)} ${"total".padStart(8)} ${"(brotli)".padStart(9)}`);
for (const r of results) {
  console.log(`${r.name.padEnd(32)} ${String(r.modules).padStart(7)} ${kb(r.jsBytes).padStart(9)} ${kb(r.jsGzipBytes).padStart(9)} ${kb(r.inlineGzipBytes).padStart(8)} ${kb(r.totalGzipBytes).padStart(8)} ${kb(r.totalBrotliBytes).padStart(9)}`);
}
console.log("(KB; gzip at level 6, the compression middleware's default; \"inline\" is the route manifest and page data in the HTML; brotli at quality 4 for comparison)");
const assessment = results.filter((r) => pages.find((p) => p.path === r.path)?.assessment);
// Under the limit is not enough: a page that lost its script would also be small, and no longer save as it goes.
const failing = assessment.filter((r) => r.totalGzipBytes > ASSESSMENT_LIMIT_KB * 1024 || r.standaloneScripts.length === 0);
console.log("");
for (const r of assessment) {
  const files = r.largest.map((l) => `${l.file} ${kb(l.gzipBytes)} KB`).join(", ") || "no scripts";
  const missing = r.standaloneScripts.length === 0 ? "; the standalone script is missing" : "";
  console.log(`${failing.includes(r) ? "FAIL" : "PASS"}  ${r.name}: ${kb(r.totalGzipBytes)} KB gzipped, limit ${ASSESSMENT_LIMIT_KB} KB (${files})${missing}`);
}

mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/js-size.json", `${JSON.stringify({ benchmark: "js-size", limitKb: ASSESSMENT_LIMIT_KB, gzipLevel: 6, pages: results }, null, 2)}\n`);
process.exit(failing.length === 0 ? 0 : 1);
