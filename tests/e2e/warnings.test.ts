// An early warning in a real browser: the officer reviews and sends it, the analyst
// acknowledges and asks a question, the officer answers from the case, the analyst closes it
// with an outcome, and both sides' timelines show every step.
import AxeBuilder from "@axe-core/playwright";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cases, projects } from "../../db/schema";
import { DEMO_PASSWORD, seedDemoProjects } from "../factories";
import { expectHeading, expectVisible, launchBrowser, type Browser } from "../support/browser";
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

async function signIn(email: string, landing: string) {
  const { page } = browser;
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}${landing}`);
}

async function signOut() {
  await browser.page.getByRole("button", { name: "Sign out" }).click();
  await browser.page.waitForURL(/\/(login)?$/);
}

test("an officer escalates a case and works it with the agency to an outcome", async () => {
  const { page } = browser;
  const project = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
  const caseId = server.db.select().from(cases).where(and(eq(cases.projectId, project.id), eq(cases.isOpen, 1))).get()!.id;

  await signIn("officer@demo-university.example", "/office");
  await page.goto(`${server.url}/office/cases/${caseId}`);
  await page.getByRole("link", { name: "Escalate to an export-control agency" }).click();
  await expectHeading(page, "Escalate to an export-control agency");
  await expectVisible(page.getByText("Only the institution's contact person. No researcher is named."));
  await page.getByLabel("Immediate").check();
  await page.getByLabel("The concern, in your words").fill("Emotion-recognition models are co-developed with a listed university that also provides footage; a visit is planned next week.");
  await page.getByRole("button", { name: "Update the preview" }).click();
  await expectVisible(page.locator(".packet").getByText(/a visit is planned next week/));
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
  await page.getByRole("button", { name: "Send to the agency" }).click();
  await expectVisible(page.getByText(/Sent as UPW-\d+/));
  await expectVisible(page.getByText("Escalated").first());
  await signOut();

  await signIn("agency@export-agency.example", "/agency");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Warnings" }).click();
  await expectHeading(page, "Early warnings");
  await page.getByRole("link", { name: /UPW-\d+/ }).first().click();
  await expectVisible(page.getByText("From Demo University"));
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expectVisible(page.getByText("Acknowledged. The institution sees it."));
  await page.getByLabel("Ask the institution for more information").fill("When exactly is the visit, and who travels?");
  await page.getByRole("button", { name: "Send the question" }).click();
  await expectVisible(page.getByText("Your question has been sent to the institution's compliance office."));
  await signOut();

  await signIn("officer@demo-university.example", "/office");
  await page.goto(`${server.url}/office/cases/${caseId}`);
  await expectVisible(page.getByText("When exactly is the visit, and who travels?").first());
  await page.getByLabel(/Your answer to Export Control Agency/).fill("On 3 December; two doctoral researchers travel.");
  await page.getByRole("button", { name: "Send the answer to the agency" }).click();
  await expectVisible(page.getByText("Your answer has been sent to the agency."));
  await signOut();

  await signIn("agency@export-agency.example", "/agency");
  await page.goto(`${server.url}/agency/warnings`);
  await page.getByRole("link", { name: /UPW-\d+/ }).first().click();
  await expectVisible(page.getByText("On 3 December; two doctoral researchers travel.").first());
  await page.getByLabel("Close with the outcome").selectOption("guidance_given");
  await page.getByLabel("Note for the institution (optional)").fill("We briefed the office on deemed exports before the visit.");
  await page.getByRole("button", { name: "Close the warning" }).click();
  await expectVisible(page.getByText("Closed: Guidance given to the institution."));
  const agencyThread = await page.locator("ol.messages").innerText();
  for (const step of ["sent the warning", "acknowledged the warning", "asked the institution", "answered the agency", "closed the warning"]) expect(agencyThread).toContain(step);
  await signOut();

  await signIn("officer@demo-university.example", "/office");
  await page.goto(`${server.url}/office/cases/${caseId}`);
  const timeline = await page.locator(".case-timeline").innerText();
  for (const step of ["escalated the case to Export Control Agency", "acknowledged warning", "asks for more information", "answered the agency", "closed warning", "Guidance given to the institution"]) expect(timeline).toContain(step);
  expect(browser.errors).toEqual([]);
});
