// The access matrix, run against the real server: one test per role x route x scope cell
// of tests/access-matrix.json. Every refusal must also leave an audit row.
import { readFileSync } from "node:fs";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, users } from "../../db/schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureAgency, ensureCase, ensureProject, ensureWarning } from "../factories";
import { Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

type Outcome = "allow" | "deny" | "login";
type Role = "anonymous" | "researcher" | "officer" | "analyst" | "admin";
type RouteSpec = { method: "GET" | "POST"; path: string; form?: Record<string, string>; expect: Record<Role, Outcome | { own: Outcome; other: Outcome }> };

const matrix = JSON.parse(readFileSync(new URL("../access-matrix.json", import.meta.url), "utf8")) as { roles: Role[]; routes: RouteSpec[] };

const accounts: Record<Exclude<Role, "anonymous">, string> = DEMO_ACCOUNTS;

let server: TestServer;
const clients = new Map<Role, Client>();
const ids = { own: {} as Record<string, number>, other: {} as Record<string, number> };

beforeAll(async () => {
  server = await startServer();
  const userId = (email: string) => server.db.select({ id: users.id, institutionId: users.institutionId, agencyId: users.agencyId }).from(users).where(eq(users.email, email)).get()!;
  const ownResearcher = userId("researcher@demo-university.example");
  const otherResearcher = userId("researcher@second-university.example");
  const otherAgency = await ensureAgency(server.db, { name: "Another Agency", countries: ["FR"] });
  const ownProject = await ensureProject(server.db, { ownerEmail: "researcher@demo-university.example", title: "Own institution's project" });
  const otherProject = await ensureProject(server.db, { ownerEmail: "researcher@second-university.example", title: "Other institution's project" });
  const ownCase = ensureCase(server.db, ownProject.id);
  const otherCase = ensureCase(server.db, otherProject.id);
  const ownAgency = userId(accounts.analyst).agencyId!;
  ids.own = { person: ownResearcher.id, institution: ownResearcher.institutionId!, agency: ownAgency, project: ownProject.id, case: ownCase, warning: ensureWarning(server.db, ownCase, ownAgency) };
  ids.other = { person: otherResearcher.id, institution: otherResearcher.institutionId!, agency: otherAgency.id, project: otherProject.id, case: otherCase, warning: ensureWarning(server.db, ownCase, otherAgency.id) };
  clients.set("anonymous", new Client(server.url));
  for (const [role, email] of Object.entries(accounts)) {
    const client = new Client(server.url);
    await client.login(email, DEMO_PASSWORD);
    clients.set(role as Role, client);
  }
});

afterAll(async () => {
  await server?.stop();
});

function deniedCount() {
  return server.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "access.denied"), eq(auditEvents.outcome, "denied"))).get()!.n;
}

function classify(response: Response): Outcome | `unexpected ${number}` {
  const location = response.headers.get("Location") ?? "";
  if (response.status === 302 && location.startsWith("/login?redirectTo=")) return "login";
  if (response.status === 401 || response.status === 403 || response.status === 404) return "deny";
  if (response.status === 200 || response.status === 400 || response.status === 302) return "allow";
  return `unexpected ${response.status}`;
}

describe("access matrix", () => {
  for (const route of matrix.routes) {
    for (const role of matrix.roles) {
      const expectation = route.expect[role];
      const scopes = typeof expectation === "string" ? (/\{\w+\}/.test(route.path) ? (["own", "other"] as const) : ([null] as const)) : (["own", "other"] as const);
      for (const scope of scopes) {
        const expected = typeof expectation === "string" ? expectation : expectation[scope!];
        test(`${role} ${route.method} ${route.path}${scope ? ` (${scope})` : ""} → ${expected}`, async () => {
          const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) => String(ids[scope ?? "own"][key]));
          const client = clients.get(role)!;
          const before = deniedCount();
          const form = Object.fromEntries(Object.entries(route.form ?? {}).map(([k, v]) => [k, v.replace(/\{(\w+)\}/g, (_, key: string) => String(ids[scope ?? "own"][key]))]));
          const response = route.method === "GET" ? await client.get(path) : await client.post(path, form);
          expect(classify(response), `status ${response.status}`).toBe(expected);
          if (expected === "deny") {
            expect(deniedCount()).toBe(before + 1);
            // The refusal page never leaks internals.
            const body = await response.text();
            expect(body).not.toMatch(/at \w+ \(|node_modules|SqliteError/);
          }
        });
      }
    }
  }
});
