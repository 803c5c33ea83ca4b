// Two-step sign-in against the real server, with the production rule that officers, analysts
// and administrators must use it: set-up before anything else, the code after the password,
// codes that work once, recovery codes, limits on guessing, and an administrator's reset.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, sessions, users } from "../../db/schema";
import { DEMO_PASSWORD } from "../factories";
import { Client, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { codeAt } from "../../app/modules/auth/mfa.server";

let server: TestServer;
let key: Uint8Array;
let recoveryCodes: string[];
/** The 30-second step in which the code that turned two-step sign-in on was used. */
let setupStep: number;

beforeAll(async () => {
  server = await startServer({ env: { MFA_REQUIRED_ROLES: "officer,analyst,admin" } });
});
afterAll(async () => {
  await server?.stop();
});

const officerId = () => server.db.select().from(users).where(eq(users.email, "officer@demo-university.example")).get()!.id;

async function passwordStep(email: string) {
  const client = new Client(server.url);
  const response = await client.post("/login", { email, password: DEMO_PASSWORD });
  return { client, response };
}

describe("a role that must use it", () => {
  test("an officer signed in with a password is sent to set it up before anything else", async () => {
    const { client, response } = await passwordStep("officer@demo-university.example");
    expect(response.status).toBe(302);
    const office = await client.get("/office/cases");
    expect(office.status).toBe(302);
    expect(office.headers.get("Location")).toBe("/account/two-step");
    const page = await client.get("/account/two-step");
    const text = visibleText(await page.text());
    expect(text).toMatch(/Your role needs two-step sign-in/);
    const keyText = text.match(/enter this key by hand: ([A-Z2-7 ]+?) or open/)![1]!.replace(/ /g, "");
    key = decodeBase32IgnorePadding(keyText);
    // The key stays the same while the person types, and a wrong code is refused next to the field.
    expect(visibleText(await (await client.get("/account/two-step")).text())).toContain(text.match(/enter this key by hand: ([A-Z2-7 ]+?) or open/)![1]!);
    const wrong = await client.post("/account/two-step", { intent: "enable", code: "000000" === codeAt(key) ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(visibleText(await wrong.text())).toMatch(/That code does not match/);
    const setupAt = Date.now();
    const enabled = await client.post("/account/two-step", { intent: "enable", code: codeAt(key, setupAt) });
    setupStep = Math.floor(setupAt / 30_000);
    expect(enabled.status).toBe(200);
    const html = await enabled.text();
    recoveryCodes = [...html.matchAll(/<code>([0-9a-f]{5}-[0-9a-f]{5})<\/code>/g)].map((m) => m[1]!);
    expect(recoveryCodes).toHaveLength(10);
    expect((await client.get("/office/cases")).status).toBe(200);
    const user = server.db.select().from(users).where(eq(users.id, officerId())).get()!;
    expect(user.mfaEnabledAt).not.toBeNull();
    // The key is stored encrypted, never as the key itself.
    expect(user.totpKey).not.toContain(Buffer.from(key).toString("base64url"));
  });

  test("the password alone opens no session; the code does, once", async () => {
    const before = server.db.select().from(sessions).where(eq(sessions.userId, officerId())).all().length;
    const { client, response } = await passwordStep("officer@demo-university.example");
    expect(response.headers.get("Location")).toMatch(/^\/login\/two-step/);
    expect(server.db.select().from(sessions).where(eq(sessions.userId, officerId())).all().length).toBe(before);
    expect((await client.get("/office")).status).toBe(302);
    const bad = await client.post("/login/two-step", { code: "12345" });
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toMatch(/That code does not match/);
    // While the 30-second step in which the set-up code was used lasts, that code is refused:
    // a code works once. (Once the step is over the next code is new, and is tried below.)
    const now = Date.now();
    if (Math.floor(now / 30_000) === setupStep) {
      const replay = await client.post("/login/two-step", { code: codeAt(key, now) });
      if (Math.floor(Date.now() / 30_000) === setupStep) expect(replay.status).toBe(400);
    }
    // After the next step starts, the new code works.
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    const ok = await client.post("/login/two-step", { code: codeAt(key) });
    expect(ok.status).toBe(302);
    expect((await client.get("/office")).status).toBe(200);
  }, 60_000);

  test("a recovery code works once; a tampered challenge is sent back to the password", async () => {
    const { client } = await passwordStep("officer@demo-university.example");
    const first = await client.post("/login/two-step", { code: recoveryCodes[0]! });
    expect(first.status).toBe(302);
    const { client: again } = await passwordStep("officer@demo-university.example");
    expect((await again.post("/login/two-step", { code: recoveryCodes[0]! })).status).toBe(400);
    const forged = new Client(server.url);
    forged.cookies.set("upstream_two_step", `${officerId()}.${Date.now() + 60_000}.forged`);
    const refused = await forged.get("/login/two-step");
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/login");
  });

  test("guessing is limited", async () => {
    const { client } = await passwordStep("officer@demo-university.example");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await client.post("/login/two-step", { code: "999999" === codeAt(key) ? "888888" : "999999" })).status);
    // Five wrong codes in 15 minutes (one was tried above), then every attempt is refused for a while.
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThan(0);
    expect(statuses.slice(0, limited).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(limited).every((s) => s === 429)).toBe(true);
    const failures = server.db.select().from(auditEvents).where(eq(auditEvents.action, "auth.two-step")).all().filter((a) => a.outcome === "failure");
    expect(failures.length).toBeGreaterThanOrEqual(5);
  });

  test("an administrator resets it; the officer sets it up again at the next sign-in", async () => {
    const admin = new Client(server.url);
    await admin.post("/login", { email: "admin@upstream.example", password: DEMO_PASSWORD });
    // The administrator too must set it up first.
    expect((await admin.get("/admin/people")).headers.get("Location")).toBe("/account/two-step");
    const page = visibleText(await (await admin.get("/account/two-step")).text());
    const adminKey = decodeBase32IgnorePadding(page.match(/enter this key by hand: ([A-Z2-7 ]+?) or open/)![1]!.replace(/ /g, ""));
    expect((await admin.post("/account/two-step", { intent: "enable", code: codeAt(adminKey) })).status).toBe(200);
    expect((await admin.post(`/admin/people/${officerId()}`, { intent: "reset-two-step" })).status).toBe(302);
    expect(server.db.select().from(users).where(eq(users.id, officerId())).get()!.mfaEnabledAt).toBeNull();
    expect(server.db.select().from(sessions).where(eq(sessions.userId, officerId())).all()).toHaveLength(0);
    const { client, response } = await passwordStep("officer@demo-university.example");
    expect(response.headers.get("Location")).toBe("/office");
    expect((await client.get("/office")).headers.get("Location")).toBe("/account/two-step");
  });
});

describe("a researcher", () => {
  test("signs in with a password alone, may turn it on, and off again", async () => {
    const { client, response } = await passwordStep("researcher@demo-university.example");
    expect(response.headers.get("Location")).toBe("/researcher");
    expect((await client.get("/researcher")).status).toBe(200);
    const page = visibleText(await (await client.get("/account/two-step")).text());
    expect(page).not.toMatch(/Your role needs two-step sign-in/);
    const researcherKey = decodeBase32IgnorePadding(page.match(/enter this key by hand: ([A-Z2-7 ]+?) or open/)![1]!.replace(/ /g, ""));
    expect((await client.post("/account/two-step", { intent: "enable", code: codeAt(researcherKey) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
    expect((await client.post("/account/two-step", { intent: "disable", code: codeAt(researcherKey) })).status).toBe(200);
    const { response: plain } = await passwordStep("researcher@demo-university.example");
    expect(plain.headers.get("Location")).toBe("/researcher");
  }, 60_000);
});
