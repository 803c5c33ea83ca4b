// A real Chromium for the end-to-end tests, driven by playwright-core. Playwright cannot
// download its own browser here, so the system one is used; without it the tests fail loudly.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium found at ${path}. Install one (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  return path;
}

export type Browser = { context: BrowserContext; page: Page; close: () => Promise<void>; errors: string[] };

export async function launchBrowser(options: { javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "upstream-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    chromiumSandbox: false,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  // A console error or an uncaught exception in the page is a failure the test must see.
  page.on("console", (message) => {
    // A refused form submission (400, 401, 429) is an answer the page shows, not a fault.
    if (message.type() === "error" && !/status of (400|401|429) /.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the newest outbox e-mail to an address and returns the first link starting with `prefix`. */
export async function linkFromOutbox(page: Page, base: string, to: string, prefix: string): Promise<string> {
  await page.goto(`${base}/dev/outbox`);
  const row = page.locator("tr", { hasText: to }).first();
  await row.getByRole("link").click();
  await page.waitForURL(/\/dev\/outbox\/\d+$/);
  await page.locator(".email-links a").first().waitFor({ state: "visible", timeout: 5_000 });
  const links = await page.locator(".email-links a").evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
  const link = links.find((href) => href.startsWith(base + prefix));
  if (!link) throw new Error(`No link to ${prefix} in the e-mail to ${to}: ${links.join(", ")}`);
  return link;
}

/** Waits until the element is visible (or fails after 15 s, for a loaded machine) — the browser tests' main assertion. */
export async function expectVisible(locator: import("playwright-core").Locator) {
  await locator.first().waitFor({ state: "visible", timeout: 15_000 });
}

export async function expectHeading(page: Page, text: string) {
  await expectVisible(page.getByRole("heading", { level: 1, name: text, exact: true }));
}
