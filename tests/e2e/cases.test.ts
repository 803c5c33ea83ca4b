// A case from first look to recorded decision, in a real browser: the officer takes a flagged
// case and asks the researcher a question; the researcher answers and changes the project's
// partners; the officer records "mitigations agreed" with a review date, and the timeline
// shows every step.
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

test("an officer works a case with the researcher through to a decision", async () => {
  const { page } = browser;
  const project = server.db.select().from(projects).where(eq(projects.title, "Crowd-emotion recognition in public video")).get()!;
  const caseId = server.db.select().from(cases).where(and(eq(cases.projectId, project.id), eq(cases.isOpen, 1))).get()!.id;

  // The officer finds the case in the queue and takes it.
  await signIn("officer@demo-university.example", "/office");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).click();
  await expectHeading(page, "Cases");
  await page.getByRole("link", { name: project.title }).click();
  await expectHeading(page, `Case #${caseId}: ${project.title}`);
  await page.getByRole("button", { name: "Take this case" }).click();
  await expectVisible(page.getByText("The case is yours. It is now in review."));

  // An empty question is refused next to the field; then the question is sent.
  await page.getByRole("button", { name: "Send the question" }).click();
  await expectVisible(page.getByText("Write your message.").first());
  await page.getByLabel("Question to the researcher").fill("Who provides the footage, and does the partner in China receive raw video?");
  await page.getByRole("button", { name: "Send the question" }).click();
  await expectVisible(page.getByText(/Your question is on the researcher's project page/));
  await expectVisible(page.getByText("Waiting for the researcher").first());
  await signOut();

  // The researcher answers on the project page and removes the partner in question.
  // Their home page says a question waits, and leads to it.
  await signIn("researcher@demo-university.example", "/researcher");
  await page.getByRole("link", { name: `Answer on “${project.title}”` }).click();
  await page.waitForURL(`${server.url}/projects/${project.id}#conversation`);
  await expectVisible(page.getByText("Your compliance office has asked you a question"));
  await expectVisible(page.getByText(/does the partner in China receive raw video/));
  await page.getByLabel("Your answer").fill("The city provides the footage. We will stop sharing raw video with the partner and end that collaboration.");
  await page.getByRole("button", { name: "Send the answer" }).click();
  await expectVisible(page.getByText("Your answer has been sent to your compliance office."));
  // The answer is in the conversation, and the box is empty again for the next one.
  await expectVisible(page.locator("blockquote", { hasText: "The city provides the footage." }));
  expect(await page.getByLabel("Your answer").inputValue()).toBe("");
  await page.getByRole("button", { name: /Remove Harbin Inst\. of Technology/ }).click();
  await expectVisible(page.getByText(/No partners yet/));
  // Answered, the question no longer waits on the home page.
  await page.goto(`${server.url}/researcher`);
  await expectVisible(page.getByRole("heading", { name: "Your projects" }));
  expect(await page.getByRole("link", { name: `Answer on “${project.title}”` }).count()).toBe(0);
  await signOut();

  // The officer sees the answer and the change since the question, and decides.
  await signIn("officer@demo-university.example", "/office");
  await page.goto(`${server.url}/office/cases/${caseId}`);
  await expectHeading(page, `Case #${caseId}: ${project.title}`);
  await expectVisible(page.getByText("In review").first());
  await expectVisible(page.getByText(/We will stop sharing raw video with the partner/));
  await expectVisible(page.locator(".case-timeline li.highlight", { hasText: /Harbin Inst\. of Technology/ }));

  await page.getByLabel("Mitigations agreed").check();
  await page.getByLabel("Rationale").fill("The partner no longer receives footage or models; the project continues with public data only.");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expectVisible(page.getByText(/List at least one measure and who owns it/).first());
  // What was typed is still there.
  expect(await page.getByLabel("Rationale").inputValue()).toMatch(/public data only/);
  await page.getByLabel("Measure 1", { exact: true }).fill("No raw footage leaves the university");
  await page.getByLabel("Owner of measure 1").fill("Dr Rosa Researcher");
  await page.getByLabel("Review date").fill("2027-06-30");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expectVisible(page.getByText("Decision recorded. The case is closed."));
  await expectVisible(page.getByText("Closed").first());
  await expectVisible(page.getByText(/reopens for review on 2027-06-30/));

  const timeline = await page.locator(".case-timeline").innerText();
  for (const step of ["Case opened by triage", "took the case", "asked the researcher a question", "Who provides the footage", "answered", "Harbin Inst. of Technology", "decided: Mitigations agreed, to be reviewed on 2027-06-30"]) {
    expect(timeline).toContain(step);
  }
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);

  // The printable record carries the decision and the whole timeline.
  await page.getByRole("link", { name: "Printable record" }).click();
  await expectHeading(page, `Case record #${caseId}: ${project.title}`);
  await expectVisible(page.getByText("No raw footage leaves the university").first());
  expect(browser.errors).toEqual([]);
});
