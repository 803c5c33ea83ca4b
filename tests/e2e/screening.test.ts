// An officer screens a partner by hand in the browser and records a false positive.
import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../factories";
import { expectHeading, expectVisible, launchBrowser, type Browser } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("an officer screens a partner, reads why it matched, and records a false positive", async () => {
  const { page } = browser;
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill("officer@demo-university.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/office`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Screening" }).click();
  await expectHeading(page, "Screen a partner organisation");

  await page.getByLabel("Organisation", { exact: true }).fill("Sharif Univ. of Technology");
  await page.getByLabel("Country (if known)").selectOption("IR");
  await page.getByRole("button", { name: "Screen", exact: true }).click();
  await expectVisible(page.getByRole("heading", { name: /candidates? for “Sharif Univ. of Technology”/ }));
  const first = page.locator("li.candidate").first();
  await expectVisible(first.getByText("Likely match"));
  await expectVisible(page.getByText(/The country agrees \(Iran, IR\)/));

  // A decision needs a reason; what was chosen stays chosen.
  await first.getByLabel("No, a false positive").check();
  await first.getByRole("button", { name: "Record the decision" }).click();
  await expectVisible(page.getByText(/Say in a sentence why/).first());

  const again = page.locator("li.candidate").first();
  await again.getByLabel("No, a false positive").check();
  await again.getByLabel("Reason").fill("Checked with the partner: this is a namesake foundation in Toronto, not the listed university.");
  await again.getByRole("button", { name: "Record the decision" }).click();
  await expectVisible(page.getByText("Recorded as a false positive for your institution."));
  await expectVisible(page.getByText("Your office decided: false positive").first());
  await expectVisible(page.getByRole("cell", { name: /namesake foundation in Toronto/ }));

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
  expect(browser.errors).toEqual([]);
});
