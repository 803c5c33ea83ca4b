// Security properties of the running server: CSRF, cookies, session rotation and revocation,
// headers, rate limits, error pages, and the audit trail of sign-ins.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, emailOutbox, sessions, users } from "../../db/schema";
import { DEMO_PASSWORD, ensureUser } from "../factories";
import { serializeSessionCookie } from "../../app/modules/auth/session.server";
import { Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("CSRF", () => {
  test("a POST with a foreign Origin is refused and changes nothing", async () => {
    const client = new Client(server.url);
    const response = await client.post("/login", { email: "researcher@demo-university.example", password: DEMO_PASSWORD }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/did not come from an Upstream page/);
    expect(client.sessionToken()).toBeUndefined();
  });

  test("a POST that says neither Origin nor Sec-Fetch-Site is refused", async () => {
    const response = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(403);
  });

  test("a cross-site Sec-Fetch-Site without Origin is refused; same-origin passes", async () => {
    const crossSite = await fetch(`${server.url}/forgot-password`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40demo-university.example",
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await fetch(`${server.url}/forgot-password`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40demo-university.example",
    });
    expect(sameOrigin.status).toBe(200);
  });

  test("an admin action from a foreign origin does not disable anyone", async () => {
    const admin = new Client(server.url);
    await admin.login("admin@upstream.example", DEMO_PASSWORD);
    const target = server.db.select().from(users).where(eq(users.email, "researcher@second-university.example")).get()!;
    const response = await admin.post(`/admin/people/${target.id}`, { intent: "disable" }, { Origin: "http://127.0.0.1:1" });
    expect(response.status).toBe(403);
    expect(server.db.select().from(users).where(eq(users.id, target.id)).get()!.status).toBe("active");
  });
});

describe("sessions", () => {
  test("the session cookie is HttpOnly and SameSite, and the stored id is only the token's hash", async () => {
    const client = new Client(server.url);
    const response = await client.post("/login", { email: "researcher@demo-university.example", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("upstream_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const token = client.sessionToken()!;
    expect(server.db.select().from(sessions).where(eq(sessions.id, token)).get()).toBeUndefined();
  });

  test("the session token changes at login, and a planted token is never adopted", async () => {
    const client = new Client(server.url);
    client.cookies.set("upstream_session", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    await client.login("researcher@demo-university.example", DEMO_PASSWORD);
    const first = client.sessionToken();
    expect(first).not.toBe("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    await client.login("researcher@demo-university.example", DEMO_PASSWORD);
    expect(client.sessionToken()).not.toBe(first);
  });

  test("disabling a user ends their session at once", async () => {
    await ensureUser(server.db, { email: "to.disable@demo-university.example", name: "To Disable", role: "researcher", password: DEMO_PASSWORD, institutionId: 1 });
    const victim = new Client(server.url);
    await victim.login("to.disable@demo-university.example", DEMO_PASSWORD);
    expect((await victim.get("/researcher")).status).toBe(200);

    const admin = new Client(server.url);
    await admin.login("admin@upstream.example", DEMO_PASSWORD);
    const id = server.db.select().from(users).where(eq(users.email, "to.disable@demo-university.example")).get()!.id;
    const response = await admin.post(`/admin/people/${id}`, { intent: "disable" });
    expect(response.status).toBe(302);

    const after = await victim.get("/researcher");
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
    expect(server.db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    const refused = await victim.post("/login", { email: "to.disable@demo-university.example", password: DEMO_PASSWORD });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/has been disabled/);
    const audit = server.db.select().from(auditEvents).where(eq(auditEvents.action, "user.disable")).orderBy(desc(auditEvents.id)).get()!;
    expect(audit.targetId).toBe(String(id));
    expect(audit.actorEmail).toBe("admin@upstream.example");
  });

  test("signing out everywhere ends every session of the person", async () => {
    const laptop = new Client(server.url);
    const phone = new Client(server.url);
    await laptop.login("officer@second-university.example", DEMO_PASSWORD);
    await phone.login("officer@second-university.example", DEMO_PASSWORD);
    const page = await laptop.get("/account/sessions");
    expect(await page.text()).toMatch(/This device/);
    const out = await laptop.post("/account/sessions", { intent: "end-all" });
    expect(out.headers.get("Location")).toBe("/login");
    expect((await phone.get("/office")).headers.get("Location")).toMatch(/^\/login/);
  });

  test("one session can be ended from another; someone else's session cannot", async () => {
    const laptop = new Client(server.url);
    const phone = new Client(server.url);
    await laptop.login("agency@export-agency.example", DEMO_PASSWORD);
    await phone.login("agency@export-agency.example", DEMO_PASSWORD);
    const html = await (await laptop.get("/account/sessions")).text();
    const ids = [...html.matchAll(/name="session" value="([0-9a-f]{16})"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(1);
    const stranger = new Client(server.url);
    await stranger.login("researcher@demo-university.example", DEMO_PASSWORD);
    expect((await stranger.post("/account/sessions", { intent: "end-one", session: ids[0]! })).status).toBe(404);
    for (const id of ids) await laptop.post("/account/sessions", { intent: "end-one", session: id });
    expect((await phone.get("/agency")).headers.get("Location")).toMatch(/^\/login/);
    expect((await laptop.get("/agency")).status).toBe(200);
  });
});

describe("sign-in", () => {
  test("failed and successful sign-ins are audited, without the password", async () => {
    const client = new Client(server.url);
    await client.post("/login", { email: "officer@demo-university.example", password: "wrong password typed here" });
    await client.login("officer@demo-university.example", DEMO_PASSWORD);
    const events = server.db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.login"), eq(auditEvents.actorEmail, "officer@demo-university.example"))).all();
    expect(events.map((e) => e.outcome)).toEqual(expect.arrayContaining(["failure", "success"]));
    expect(JSON.stringify(events)).not.toMatch(/wrong password typed here|upstream-demo-password/);
    expect(events.every((e) => e.ip !== null)).toBe(true);
  });

  test("after five failures the account is locked for a while, with a clear message", async () => {
    await ensureUser(server.db, { email: "forgetful@demo-university.example", name: "Forgetful", role: "researcher", password: DEMO_PASSWORD, institutionId: 1 });
    const client = new Client(server.url);
    for (let i = 0; i < 5; i++) {
      expect((await client.post("/login", { email: "forgetful@demo-university.example", password: `wrong guess number ${i}` })).status).toBe(401);
    }
    const locked = await client.post("/login", { email: "forgetful@demo-university.example", password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Try again in 1[45] minutes/);
  });

  test("password-reset requests are limited per account", async () => {
    const client = new Client(server.url);
    for (let i = 0; i < 3; i++) expect((await client.post("/forgot-password", { email: "nobody.here@demo-university.example" })).status).toBe(200);
    const limited = await client.post("/forgot-password", { email: "nobody.here@demo-university.example" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Try again in \d+ minutes/);
  });

  test("a password reset answers the same whether or not the address exists, and mails only real accounts", async () => {
    const client = new Client(server.url);
    const known = await (await client.post("/forgot-password", { email: "researcher@demo-university.example" })).text();
    const unknown = await (await client.post("/forgot-password", { email: "no.such.person@demo-university.example" })).text();
    const strip = (html: string, email: string) => html.replaceAll(email, "ADDRESS").replace(/nonce="[^"]*"/g, "");
    expect(strip(known, "researcher@demo-university.example")).toBe(strip(unknown, "no.such.person@demo-university.example"));
    const mails = server.db.select().from(emailOutbox).all().map((m) => m.toAddress);
    expect(mails).toContain("researcher@demo-university.example");
    expect(mails).not.toContain("no.such.person@demo-university.example");
  });

  test("signing up with a taken address looks the same as a new one, and warns the owner by e-mail", async () => {
    const client = new Client(server.url);
    const response = await client.post("/signup", { name: "Impostor", email: "researcher@demo-university.example", password: "long enough passphrase here" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/signup\/check-your-email/);
    const mail = server.db.select().from(emailOutbox).where(eq(emailOutbox.template, "account-exists")).get();
    expect(mail?.toAddress).toBe("researcher@demo-university.example");
  });

  test("common and short passwords are refused with a message next to the field", async () => {
    const client = new Client(server.url);
    const common = await client.post("/signup", { name: "New Person", email: "new.person@demo-university.example", password: "qwerty123456" });
    expect(common.status).toBe(400);
    const html = await common.text();
    expect(html).toMatch(/one of the most commonly used/);
    expect(html).toMatch(/value="new.person@demo-university.example"/);
    expect(html).not.toMatch(/qwerty123456/);
  });
});

describe("responses", () => {
  test("every page carries the security headers and is not cached", async () => {
    const response = await fetch(`${server.url}/login`);
    const csp = response.headers.get("Content-Security-Policy")!;
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Strict-Transport-Security")).toBeNull(); // served over http here
    const html = await response.text();
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    expect(html).toContain(`nonce="${nonce}"`);
  });

  test("static assets are cached for a long time and still carry nosniff", async () => {
    const page = await (await fetch(`${server.url}/login`)).text();
    const asset = page.match(/\/assets\/[\w.-]+\.js/)![0];
    const response = await fetch(server.url + asset);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toMatch(/immutable/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  test("/healthz checks the database and answers ok", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("an unknown page is a 404 with a helpful page, not a stack trace", async () => {
    const response = await fetch(`${server.url}/no/such/page`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toMatch(/Page not found/);
    expect(html).not.toMatch(/node_modules|at Object\./);
    // One title, the error's: a browser shows the first, and "Upstream" alone says nothing.
    expect([...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual(["Page not found – Upstream"]);
  });

  test("HSTS is sent when the portal is served over https", async () => {
    const secure = await startServer({ env: { APP_URL: "https://upstream.example.org", APP_SECRET: "x".repeat(40) } });
    try {
      const response = await fetch(`${secure.url}/login`);
      expect(response.headers.get("Strict-Transport-Security")).toMatch(/max-age=\d+/);
      // Behind https the session cookie is Secure and host-bound.
      expect(serializeSessionCookie("abc", true)).toMatch(/^__Host-upstream_session=abc;.*Secure/);
    } finally {
      await secure.stop();
    }
  });
});
