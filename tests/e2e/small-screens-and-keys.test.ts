// Details a person notices at once in a real browser: pages that fit a phone's width, Enter in a
// search box that filters instead of sending a half-filled form, a list of screening matches
// that says when it shows only some of them, counts in words, and the way back in the account
// pages.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projects } from "../../db/schema";
import { DEMO_PASSWORD, seedDemoProjects } from "../factories";
import { launchBrowser, type Browser } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email: string) {
  const { page } = browser;
  await browser.context.clearCookies();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** How much wider than the window the page is, in CSS pixels. */
async function overflowAt(path: string) {
  const { page } = browser;
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState("load");
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe("on a phone's width", () => {
  test("a project's page and the e-mail outbox fit without scrolling sideways", async () => {
    const { page } = browser;
    const crowd = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await signIn("researcher@demo-university.example");
      expect(await overflowAt(`/projects/${crowd.id}`)).toBeLessThanOrEqual(0);
      await signIn("admin@upstream.example");
      expect(await overflowAt("/admin/outbox")).toBeLessThanOrEqual(0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

describe("the project form", () => {
  test("Enter in the areas' search filters the list and sends nothing", async () => {
    const { page } = browser;
    await signIn("researcher@demo-university.example");
    await page.goto(`${server.url}/projects/new`);
    await page.waitForLoadState("load");
    // Counts the form's submissions as the browser starts them (Enter in a text box submits at once).
    await page.evaluate(() => {
      (window as unknown as { submitted: number }).submitted = 0;
      document.addEventListener("submit", () => (window as unknown as { submitted: number }).submitted++, true);
    });
    const search = page.getByLabel("Search the areas");
    await search.fill("quantum");
    await search.press("Enter");
    expect(await page.evaluate(() => (window as unknown as { submitted: number }).submitted)).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/projects/new");
    expect(await page.locator(".field-error").count()).toBe(0);
    const shown = page.locator(".area-choices label:not([hidden])");
    expect(await shown.count()).toBeGreaterThan(0);
    for (const text of await shown.allTextContents()) expect(text.toLowerCase()).toContain("quantum");
  });
});

describe("screening matches on a project's page", () => {
  test("more matches than are listed are counted", async () => {
    const { page } = browser;
    await signIn("researcher@demo-university.example");
    const crowd = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
    await page.goto(`${server.url}/projects/${crowd.id}`);
    await page.waitForLoadState("load");
    const notices = page.locator(".notice", { hasText: "The name resembles" });
    const texts = await notices.allTextContents();
    const counted = texts.map((t) => ({ said: Number(/resembles (\d+) entries/.exec(t)?.[1] ?? 1), more: Number(/And (\d+|one) more entr/.exec(t)?.[1]?.replace("one", "1") ?? 0) }));
    for (let i = 0; i < texts.length; i++) {
      const listed = await notices.nth(i).locator("li").count();
      expect(listed + counted[i]!.more).toBe(counted[i]!.said);
    }
    // The demo's partner from Harbin resembles more entries than are listed.
    expect(counted.some((c) => c.more > 0)).toBe(true);
  });
});

describe("counts in words", () => {
  test("the administrators' home says one analyst, not one analysts", async () => {
    const { page } = browser;
    await signIn("admin@upstream.example");
    await page.goto(`${server.url}/admin`);
    await page.waitForLoadState("load");
    const people = (await page.locator("section", { has: page.getByRole("heading", { name: "People" }) }).textContent())!.replace(/\s+/g, " ");
    expect(people).toContain("2 researchers, 2 compliance officers, 1 analyst, 1 administrator.");
  });
});

describe("finding one's way in the account pages", () => {
  test("each account page marks “Your account” in the menu and leads back to it", async () => {
    const { page } = browser;
    await signIn("researcher@demo-university.example");
    for (const path of ["/account/notifications", "/account/data", "/account/sessions"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("load");
      expect(await page.getByRole("link", { name: "Your account" }).first().getAttribute("aria-current"), path).toBe("page");
      if (path === "/account/sessions") continue;
      const back = page.locator("a.back-link");
      expect(await back.getAttribute("href"), path).toBe("/account/sessions");
      expect(await back.textContent(), path).toContain("Your account");
    }
  });
});
