// The account journeys in a real browser: sign up and verify, invitation, password reset,
// and a failed sign-in that keeps what was typed.
import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../factories";
import { expectHeading, expectVisible, launchBrowser, linkFromOutbox, type Browser } from "../support/browser";
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

async function signIn(email: string, password: string) {
  const { page } = browser;
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut() {
  await browser.page.getByRole("button", { name: "Sign out" }).click();
  await browser.page.waitForURL(`${server.url}/login`);
}

describe("accounts in the browser", () => {
  test("a researcher signs up, activates the account from the e-mail, signs in and out", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/signup`);
    await page.getByLabel("Your name").fill("Dr Lena Newcomer");
    await page.getByLabel("Institutional e-mail address").fill("lena.newcomer@demo-university.example");
    await page.getByLabel("Choose a password").fill("quiet harbour lantern 42");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expectHeading(page, "Check your e-mail");

    // Not active yet: signing in is refused and explains why.
    await signIn("lena.newcomer@demo-university.example", "quiet harbour lantern 42");
    await expectVisible(page.getByText("Please confirm your e-mail address first"));

    const link = await linkFromOutbox(page, server.url, "lena.newcomer@demo-university.example", "/verify-email");
    await page.goto(link);
    await page.getByRole("button", { name: "Activate my account" }).click();
    await expectVisible(page.getByText("Your account is active"));

    // The link works once.
    await page.goto(link);
    await expectHeading(page, "This link cannot be used");

    await signIn("lena.newcomer@demo-university.example", "quiet harbour lantern 42");
    await page.waitForURL(`${server.url}/researcher`);
    await expectHeading(page, "Welcome, Dr Lena Newcomer");
    await expectVisible(page.getByText("Oskar Officer"));
    await signOut();
    await page.goto(`${server.url}/researcher`);
    await page.waitForURL(/\/login\?redirectTo=%2Fresearcher/);
    expect(browser.errors).toEqual([]);
  });

  test("an unknown e-mail domain is told which institutions take part, and keeps what was typed", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/signup`);
    await page.getByLabel("Your name").fill("Dr Out Side");
    await page.getByLabel("Institutional e-mail address").fill("out.side@elsewhere.example");
    await page.getByLabel("Choose a password").fill("quiet harbour lantern 42");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expectVisible(page.getByText("No participating institution uses elsewhere.example"));
    await expectVisible(page.getByText("Demo University (Germany)"));
    expect(await page.getByLabel("Your name").inputValue()).toBe("Dr Out Side");
    expect(await page.getByLabel("Institutional e-mail address").inputValue()).toBe("out.side@elsewhere.example");
  });

  test("every problem of a sign-up is shown at once, each next to its field", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/signup`);
    await page.getByLabel("Institutional e-mail address").fill("someone@gmail.com");
    await page.getByLabel("Choose a password").fill("short");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expectVisible(page.getByText("No participating institution uses gmail.com"));
    const fieldErrors = await page.locator(".field-error").allTextContents();
    expect(fieldErrors).toEqual(["Enter your name.", "Use your address at one of the institutions listed above.", expect.stringMatching(/^Use at least \d+ characters/)]);
    expect(await page.getByLabel("Institutional e-mail address").inputValue()).toBe("someone@gmail.com");
  });

  test("a wrong password shows an error and keeps the typed e-mail", async () => {
    const { page } = browser;
    await signIn("researcher@demo-university.example", "not the right password at all");
    await expectVisible(page.getByText("The e-mail address or the password is not right."));
    expect(await page.getByLabel("E-mail address").inputValue()).toBe("researcher@demo-university.example");
    expect(await page.getByLabel("Password").inputValue()).toBe("");
  });

  test("an administrator invites an officer, who accepts and lands on the officer home", async () => {
    const { page } = browser;
    await signIn("admin@upstream.example", DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/admin`);
    await page.getByRole("link", { name: "Invite someone" }).click();
    await expectHeading(page, "Invite someone");
    await page.getByLabel("Name").fill("Imke Invited");
    await page.getByLabel("E-mail address").fill("imke.invited@demo-university.example");
    await page.getByLabel("Role").selectOption("officer");
    await page.getByLabel("Institution").selectOption({ label: "Demo University" });
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await expectVisible(page.getByText("An invitation has been sent to imke.invited@demo-university.example."));
    await expectVisible(page.getByRole("cell", { name: /Imke Invited/ }));
    await signOut();

    const link = await linkFromOutbox(page, server.url, "imke.invited@demo-university.example", "/invitations/accept");
    await page.goto(link);
    await expectVisible(page.getByText("You are invited as compliance officer for Demo University"));
    await page.getByLabel("Choose a password").fill("short");
    await page.getByRole("button", { name: "Accept and continue" }).click();
    await expectVisible(page.getByRole("alert").getByText("Use at least 12 characters"));
    expect(await page.getByLabel("Your name").inputValue()).toBe("Imke Invited");
    await page.getByLabel("Choose a password").fill("granite meadow signal 7");
    await page.getByRole("button", { name: "Accept and continue" }).click();
    await page.waitForURL(`${server.url}/office`);
    await expectHeading(page, "Compliance office");
    await expectVisible(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }));
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Institutions" }).count()).toBe(0);
    await signOut();
  });

  test("a password reset works end to end, once, and ends the other sessions", async () => {
    const { page } = browser;
    // A second device is signed in before the reset.
    const other = await launchBrowser();
    try {
      await other.page.goto(`${server.url}/login`);
      await other.page.getByLabel("E-mail address").fill("officer@second-university.example");
      await other.page.getByLabel("Password").fill(DEMO_PASSWORD);
      await other.page.getByRole("button", { name: "Sign in" }).click();
      await other.page.waitForURL(`${server.url}/office`);

      await page.goto(`${server.url}/login`);
      await page.getByRole("link", { name: "Forgotten your password?" }).click();
      // The link navigates in the page: wait for the new form before typing into it.
      await expectHeading(page, "Reset your password");
      await page.getByLabel("E-mail address").fill("officer@second-university.example");
      await page.getByRole("button", { name: "Send me a link" }).click();
      await expectHeading(page, "Check your e-mail");

      const link = await linkFromOutbox(page, server.url, "officer@second-university.example", "/reset-password");
      await page.goto(link);
      await page.getByLabel("New password").fill("password1234");
      await page.getByRole("button", { name: "Save my new password" }).click();
      await expectVisible(page.getByText("one of the most commonly used"));
      await page.getByLabel("New password").fill("velvet compass orchard 19");
      await page.getByRole("button", { name: "Save my new password" }).click();
      await page.waitForURL(`${server.url}/office`);
      await expectVisible(page.getByText("Your password has been changed"));

      // The other device is signed out.
      await other.page.goto(`${server.url}/office`);
      await other.page.waitForURL(/\/login/);

      // The link is single-use, and the new password works.
      await signOut();
      await page.goto(link);
      await expectHeading(page, "This link cannot be used");
      await signIn("officer@second-university.example", "velvet compass orchard 19");
      await page.waitForURL(`${server.url}/office`);
      await signOut();
    } finally {
      await other.close();
    }
  });

  test("the public pages have no accessibility violations", async () => {
    const { page } = browser;
    for (const path of ["/", "/login", "/signup", "/forgot-password"]) {
      await page.goto(`${server.url}${path}`);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${path}: ${v.id} ${v.help}`)).toEqual([]);
    }
  });
});
