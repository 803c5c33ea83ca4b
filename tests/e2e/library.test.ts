// The library in a real browser: finding an article by search, reaching one from an
// assessment result's recommendations, answering "was this useful?", and accessibility.
import AxeBuilder from "@axe-core/playwright";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { assessments, projects } from "../../db/schema";
import { DEMO_PASSWORD, seedDemoProjects } from "../factories";
import { expectHeading, expectVisible, launchBrowser, type Browser } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await seedDemoProjects(server.db);
  browser = await launchBrowser();
  const { page } = browser;
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill("researcher@demo-university.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/researcher`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("a researcher finds an article by searching, reads it and says it helped", async () => {
  const { page } = browser;
  const nav = page.getByRole("navigation", { name: "Main" });
  expect(await nav.getByRole("link", { name: "Home" }).getAttribute("aria-current")).toBe("page");
  // The navigation hands the click to the client-side router: the document stays, and the
  // current section moves with the page.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await nav.getByRole("link", { name: "Library" }).click();
  await expectHeading(page, "Library");
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(await nav.getByRole("link", { name: "Library" }).getAttribute("aria-current")).toBe("page");
  expect(await nav.getByRole("link", { name: "Home" }).getAttribute("aria-current")).toBeNull();
  await page.getByLabel("Search", { exact: true }).fill("visiting researcher lab");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expectVisible(page.getByRole("heading", { name: /articles? found/ }));
  const first = page.locator("ol.search-results li").first();
  expect(await first.locator("mark").count()).toBeGreaterThan(0);
  await first.getByRole("link").click();
  await expectHeading(page, "Visiting researchers and lab access: hosting well, and what deemed exports mean");
  await expectVisible(page.getByRole("heading", { name: "Sources" }));
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
  await page.getByLabel("Yes").check();
  await page.getByRole("button", { name: "Send" }).click();
  await expectVisible(page.getByText("Thank you: your answer helps us improve the library."));
  expect(browser.errors).toEqual([]);
});

test("the assessment result recommends articles with the reason, and they open", async () => {
  const { page } = browser;
  const project = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
  const assessment = server.db.select().from(assessments).where(eq(assessments.projectId, project.id)).get()!;
  await page.goto(`${server.url}/projects/${project.id}/assessments/${assessment.id}`);
  await expectVisible(page.getByRole("heading", { name: "Recommended for you" }));
  const item = page.locator(".recommended li").first();
  await expectVisible(item.getByText(/because of:/));
  const title = (await item.getByRole("link").textContent())!;
  await item.getByRole("link").click();
  await expectHeading(page, title);
  // The project page recommends reading too.
  await page.goto(`${server.url}/projects/${project.id}`);
  await expectVisible(page.getByRole("heading", { name: "Recommended for you" }));
});

test("the library home has no accessibility violations", async () => {
  const { page } = browser;
  await page.goto(`${server.url}/library`);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
});
