// The client runtime's data requests (`/page.data?_routes=…`) reach loaders as they arrived;
// what the pages do with their own address must not carry the suffix along.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents } from "../../db/schema";
import { DEMO_PASSWORD } from "../factories";
import { Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("data requests", () => {
  test("signed out, a data request is sent to sign in and back to the page, not to its data", async () => {
    const response = await fetch(`${server.url}/office/cases.data?status=new&_routes=routes%2Foffice.cases._index`, { redirect: "manual" });
    const body = await response.text();
    expect(body).toContain("SingleFetchRedirect");
    expect(body).toContain('"/login?redirectTo=%2Foffice%2Fcases%3Fstatus%3Dnew"');
    expect(body).not.toContain(".data");
    expect(body).not.toContain("_routes");
  });

  test("a refused data request is logged with the page's address", async () => {
    const researcher = new Client(server.url);
    await researcher.login("researcher@demo-university.example", DEMO_PASSWORD);
    const response = await researcher.get("/office/cases.data?_routes=routes%2Foffice.cases._index");
    expect(await response.text()).toContain("You do not have access to this page.");
    const refusal = server.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "access.denied"), eq(auditEvents.outcome, "denied")))
      .orderBy(desc(auditEvents.id))
      .get();
    expect(refusal?.details).toMatchObject({ method: "GET", path: "/office/cases", status: 403, reason: "role not allowed" });
  });

  test("a signed-in data request gets the page's data, read from the same address", async () => {
    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    const data = await (await officer.get("/library.data?q=deemed&_routes=routes%2Flibrary._index")).text();
    const page = await (await officer.get("/library?q=deemed")).text();
    expect(data).toContain('"deemed"');
    // The same articles are found either way.
    const titles = (text: string) => [...text.matchAll(/what-is-[a-z-]+|deemed-[a-z-]+/g)].map((m) => m[0]).sort();
    expect(titles(data).length).toBeGreaterThan(0);
    expect([...new Set(titles(data))]).toEqual([...new Set(titles(page))]);
  });
});
