// The self-assessment in a real browser: the benign path, a surveillance-capable path through
// the human-rights step, resuming an interrupted assessment, and the whole thing without JavaScript.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../factories";
import { expectHeading, expectVisible, launchBrowser, type Browser } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill("researcher@demo-university.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/researcher`);
}

async function registerProject(page: Page, project: { title: string; area: RegExp; trl: number }) {
  await page.goto(`${server.url}/projects/new`);
  await page.getByLabel("Project title").fill(project.title);
  await page.getByLabel("Short summary").fill("A project registered by the browser tests of the self-assessment.");
  await page.getByLabel("Research field").fill("Test field");
  await page.getByLabel(project.area).check();
  await page.locator(`input[name=trl][value="${project.trl}"]`).check();
  await page.getByRole("button", { name: "Save the project" }).click();
  await page.waitForURL(/\/projects\/\d+$/);
}

type Choices = Record<string, string | string[]>;

/**
 * Answers every visible question of the current part: the given choice where there is one,
 * otherwise the most ordinary answer. Returns the ids answered.
 */
async function answerPart(page: Page, choices: Choices): Promise<string[]> {
  const ids = await page.locator("form .question").evaluateAll((nodes) => nodes.map((n) => n.id || n.querySelector("[name]")?.getAttribute("name") || ""));
  for (const id of ids) {
    const field = page.locator(`form .question:has([name="${id}"])`);
    const wanted = choices[id];
    const radios = field.locator(`input[type=radio][name="${id}"]`);
    const boxes = field.locator(`input[type=checkbox][name="${id}"]`);
    if (await radios.count()) {
      const value = (wanted as string) ?? ((await field.locator("input[value=no]").count()) ? "no" : await radios.first().getAttribute("value"));
      await field.locator(`input[type=radio][value="${value}"]`).check();
    } else if (await boxes.count()) {
      const values = wanted ? [wanted].flat() : [await boxes.first().getAttribute("value")];
      for (const value of values) await field.locator(`input[type=checkbox][value="${value}"]`).check();
    } else if (await field.locator("select").count()) {
      await field.locator("select").selectOption((wanted as string) ?? "unsure");
    } else {
      await field.locator("input, textarea").first().fill((wanted as string) ?? "Better tools for everyone.");
    }
  }
  return ids;
}

/**
 * Submits the current part and waits until the next page shows: another part, the review,
 * follow-up questions on the same part, or the error summary.
 */
async function submitPart(page: Page) {
  const before = page.url();
  const title = await page.locator("h1").textContent();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await Promise.race([
    page.waitForFunction(([url, heading]) => location.href !== url && document.querySelector("h1")?.textContent !== heading, [before, title] as const),
    page.getByText("A few more questions").waitFor(),
    page.getByRole("heading", { name: "There is a problem" }).waitFor(),
  ]).catch(async (error: unknown) => {
    // Say where the walk got stuck: the page and its heading.
    const errors = await page.evaluate(() => (window as unknown as { __errors?: string[] }).__errors ?? []);
    await page.screenshot({ path: ".tmp/stuck.png", fullPage: true }).catch(() => {});
    throw new Error(`Stuck after submitting ${before} (“${title}”); now at ${page.url()} (“${await page.locator("h1").allTextContents()}”) ${errors.join(" | ")}: ${String(error)}`);
  });
}

/** Walks the assessment to the review page; returns the question ids answered and the part titles. */
async function walk(page: Page, choices: Choices) {
  const answered: string[] = [];
  const parts: string[] = [];
  for (let guard = 0; guard < 20; guard++) {
    await page.waitForURL(/\/assessment\/[a-z-]+$/);
    if (page.url().endsWith("/review")) break;
    parts.push((await page.locator("h1").textContent()) ?? "");
    const here = page.url();
    answered.push(...(await answerPart(page, choices)));
    await submitPart(page);
    // Follow-up questions may appear on the same part: answer them too.
    if (page.url() === here) {
      answered.push(...(await answerPart(page, choices)));
      await submitPart(page);
    }
  }
  await expectHeading(page, "Check your answers");
  return { answered: [...new Set(answered)], parts };
}

describe("the self-assessment", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    await signIn(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("a clearly benign project finishes in at most 12 questions and comes out low", async () => {
    const { page } = browser;
    await registerProject(page, { title: "Knot invariants in three-manifolds", area: /Pure mathematics/, trl: 1 });
    await page.getByRole("button", { name: "Start the self-assessment" }).click();
    const { answered } = await walk(page, { "research-type": "basic", "publication-intent": "open" });
    expect(answered.length).toBeLessThanOrEqual(12);
    await expectHeading(page, "Check your answers");
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
    await page.getByRole("button", { name: "Submit the self-assessment" }).click();
    await expectHeading(page, "Your project's profile");
    await expectVisible(page.getByText("Nothing here needs the compliance office's attention now"));
    const levels = await page.locator(".dimension h2 .badge").allTextContents();
    expect(levels).toHaveLength(4);
    for (const level of levels) expect(["NONE", "LOW", "None", "Low"]).toContain(level.trim());
    expect(browser.errors).toEqual([]);
  });

  test("a surveillance-capable project passes the human-rights step and sees that dimension raised, with reasons", async () => {
    const { page } = browser;
    await registerProject(page, { title: "Gait recognition from street cameras", area: /Biometrics/, trl: 3 });
    await page.getByRole("button", { name: "Start the self-assessment" }).click();
    const { parts } = await walk(page, {
      "research-type": "applied",
      "publication-intent": "open",
      "foreseeable-misuse": "yes",
      "personal-data": "yes",
      "misuse-kinds": ["surveillance", "repression"],
      "misuse-pathway": "intentional",
      "misuse-safeguards": "none-yet",
      "advance-or-use": "advance",
      "end-use": ["security-police"],
      "end-user-country": "unsure",
      "personal-data-kinds": ["biometric", "location"],
      "personal-data-scale": "millions",
      "hr-affected-people": ["activists-journalists", "minorities"],
      "hr-harms": ["privacy", "expression-assembly"],
      "hr-gravity": "grave",
      "hr-scope": "population",
      "hr-irremediable": "yes",
      "hr-likelihood": "possible",
      "hr-government-end-user": "yes",
      "hr-safeguards": ["ethics-review"],
      "hr-safeguards-plan": "Quarterly review with the ethics board.",
    });
    expect(parts).toContain("Human-rights due diligence");
    await page.getByRole("button", { name: "Submit the self-assessment" }).click();
    await expectHeading(page, "Your project's profile");
    await expectVisible(page.getByText("Your compliance office will look at this with you"));
    const humanRights = page.locator(".dimension", { has: page.getByRole("heading", { name: /Human rights and surveillance/ }) });
    const level = (await humanRights.locator("h2 .badge").textContent())!.trim().toLowerCase();
    expect(["medium", "high", "critical"]).toContain(level);
    expect(await humanRights.locator(".factor-list li").count()).toBeGreaterThan(0);
    await expectVisible(humanRights.getByText(/What to do next/));
    // Recommended reading comes with its reason.
    await expectVisible(page.getByRole("heading", { name: "Recommended for you" }));
    await expectVisible(page.locator(".recommended li").first().getByText(/because/));
  });

  test("an interrupted assessment resumes where it stopped", async () => {
    const { page } = browser;
    await registerProject(page, { title: "Solar cell passivation layers", area: /Energy/, trl: 2 });
    await page.getByRole("button", { name: "Start the self-assessment" }).click();
    await page.waitForURL(/\/assessment\/about-the-work$/);
    await answerPart(page, { "research-type": "basic", "publication-intent": "open" });
    await submitPart(page);
    const stoppedAt = page.url();
    expect(stoppedAt).not.toMatch(/about-the-work$/);
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await expectVisible(page.getByText("Your answers are saved"));
    await page.getByRole("link", { name: "Continue the self-assessment" }).click();
    await page.waitForURL(stoppedAt);
    // Earlier answers are still there.
    await page.goto(stoppedAt.replace(/[a-z-]+$/, "about-the-work"));
    expect(await page.locator('input[name="research-type"][value="basic"]').isChecked()).toBe(true);
  });

  test("every assessment page passes axe", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/projects`);
    await page.getByRole("link", { name: "Solar cell passivation layers" }).click();
    await page.getByRole("link", { name: "Continue the self-assessment" }).click();
    // The assessment's pages load as documents of their own: wait for it before looking.
    await page.waitForURL(/\/assessment\/[a-z-]+$/);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
  });

  test("without the framework's runtime, answers save as they are given and follow-up questions come and go", async () => {
    const { page } = browser;
    await registerProject(page, { title: "Tidal turbines for small islands", area: /Energy/, trl: 2 });
    // The button is on a hydrated page; the part it leads to arrives as a document of its own.
    await page.getByRole("button", { name: "Start the self-assessment" }).click();
    await page.waitForURL(/\/assessment\/about-the-work$/);
    await expectHeading(page, "Your work in brief");
    expect(await page.evaluate(() => "__reactRouterContext" in window)).toBe(false);
    const scripts = await page.locator("script").evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).src));
    expect(scripts).toHaveLength(1);
    expect(new URL(scripts[0]!).pathname).toMatch(/^\/assets\/assessment\.standalone-[\w-]+\.js$/);
    expect(await page.locator('link[rel="modulepreload"]').count()).toBe(0);

    const status = page.getByRole("status").filter({ hasText: "All changes saved." });
    // The autosave request that carries this answer (the page posts the form as multipart).
    const autosaved = (field: string, value: string) =>
      page.waitForResponse((r) => r.url().endsWith("/about-the-work/autosave") && r.status() === 200 && (r.request().postData() ?? "").includes(`name="${field}"\r\n\r\n${value}`));

    // A choice saves at once, and says so.
    let saved = autosaved("research-type", "applied");
    await page.locator('input[name="research-type"][value="applied"]').check();
    await saved;
    await expectVisible(status);

    // An answer that opens a follow-up question shows it without sending the form.
    const followUp = page.locator('[data-question="confidentiality-reason"]');
    expect(await followUp.count()).toBe(0);
    saved = autosaved("publication-intent", "confidential");
    await page.locator('input[name="publication-intent"][value="confidential"]').check();
    await saved;
    await expectVisible(followUp.getByText("Why are the results restricted or confidential?"));
    // Typing saves after a pause, and the new question takes answers like any other.
    saved = autosaved("beneficial-potential", "Cheaper");
    await page.getByLabel("What good could the results do?").fill("Cheaper power for islands far from the grid.");
    await saved;
    saved = autosaved("confidentiality-reason", "patent-longer");
    await followUp.locator('input[value="patent-longer"]').check();
    await saved;

    // Changing the answer back takes the follow-up question away again.
    saved = autosaved("publication-intent", "open");
    await page.locator('input[name="publication-intent"][value="open"]').check();
    await saved;
    await followUp.waitFor({ state: "detached", timeout: 15_000 });

    // Everything is on the server: the page loaded afresh shows it.
    await page.reload();
    expect(await page.locator('input[name="research-type"][value="applied"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="publication-intent"][value="open"]').isChecked()).toBe(true);
    expect(await page.getByLabel("What good could the results do?").inputValue()).toBe("Cheaper power for islands far from the grid.");
    expect(await followUp.count()).toBe(0);
    expect(browser.errors).toEqual([]);

    // A save that fails does not claim that everything was saved.
    await page.route("**/about-the-work/autosave", (route) => route.fulfill({ status: 503, body: "" }));
    await page.locator('input[name="research-type"][value="basic"]').check();
    await expectVisible(page.getByRole("status").filter({ hasText: "could not be saved automatically" }));
    await page.route("**/about-the-work/autosave", (route) => route.abort("internetdisconnected"));
    await page.locator('input[name="research-type"][value="applied"]').check();
    await expectVisible(page.getByRole("status").filter({ hasText: "the connection was lost" }));
    await page.unrouteAll();
  });
});

test("the whole assessment works with JavaScript disabled", async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false });
  try {
    const { page } = browser;
    await signIn(page);
    await registerProject(page, { title: "Lattice models without scripts", area: /Pure mathematics/, trl: 1 });
    await page.getByRole("button", { name: "Start the self-assessment" }).click();
    // A missing answer is reported at the top and next to the question, without losing the rest.
    await page.waitForURL(/\/assessment\/about-the-work$/);
    await answerPart(page, { "research-type": "basic", "publication-intent": "open" });
    await page.locator('input[name="foreseeable-misuse"]').evaluateAll((inputs) => inputs.forEach((i) => ((i as HTMLInputElement).checked = false)));
    await submitPart(page);
    await expectVisible(page.getByRole("heading", { name: "There is a problem" }));
    expect(await page.locator('input[name="research-type"][value="basic"]').isChecked()).toBe(true);
    await walk(page, { "research-type": "basic", "publication-intent": "open" });
    await page.getByRole("button", { name: "Submit the self-assessment" }).click();
    await expectHeading(page, "Your project's profile");
  } finally {
    await browser.close();
  }
});
