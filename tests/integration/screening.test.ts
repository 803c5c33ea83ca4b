// Screening lists and decisions end to end: imports through the command line and the
// browser's upload form, re-screening after a list changes, and the officers' decisions.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEvents, partnerOrganisations, screeningDecisions, screeningEntries, screeningLists, screeningMatches } from "../../db/schema";
import { openDatabase } from "../../db/client.server";
import { DEMO_PASSWORD } from "../factories";
import { Client, visibleText } from "../support/http";
import { ROOT } from "../support/paths";
import { freshDatabasePath, startServer, type TestServer } from "../support/server";

const shippedNro = readFileSync(join(ROOT, "content/reference/lists/ca-nro.csv"), "utf8");
const cslSample = join(ROOT, "app/modules/screening/__fixtures__/csl-consolidated-sample.csv");

function upstream(args: string[], databasePath: string) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin/upstream.mjs"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", APP_ENV: "test", DATABASE_PATH: databasePath },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The shipped Canadian list with one entry removed, one added and one alias changed. */
function editedNro() {
  const lines = shippedNro.trimEnd().split(/\r?\n/);
  const edited = lines
    .filter((line) => !line.startsWith("Harbin Engineering University,"))
    .map((line) => (line.startsWith("Harbin Institute of Technology,") ? line.replace(/,HIT$/, ",HIT; Hagongda") : line));
  edited.push("Imaginary Institute of Applied Mischief,Russia,RU,IIAM");
  return `${edited.join("\n")}\n`;
}

describe("lists:import and screen on the command line", () => {
  test("an import reports what was added, removed and changed", () => {
    const databasePath = freshDatabasePath();
    const file = join(dirname(databasePath), "nro-next.csv");
    writeFileSync(file, editedNro());
    const { status, stdout, stderr } = upstream(["lists:import", "--list", "ca-nro", "--format", "nro-csv", "--file", file, "--snapshot-date", "2026-11-01"], databasePath);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/snapshot 2026-11-01: 1 added, 1 removed, 1 changed; 103 entries now/);
    expect(stdout).toMatch(/added: Imaginary Institute of Applied Mischief/);
    expect(stdout).toMatch(/removed: Harbin Engineering University/);
    expect(stdout).toMatch(/changed: Harbin Institute of Technology \(aliases\)/);
    const db = openDatabase(databasePath, { migrate: false });
    expect(db.select().from(screeningLists).where(eq(screeningLists.id, "ca-nro")).get()).toMatchObject({ snapshotDate: "2026-11-01", entryCount: 103 });
    db.$client.close();
  });

  test("the official 29-column CSL CSV format loads", () => {
    const databasePath = freshDatabasePath();
    const { status, stdout } = upstream(["lists:import", "--list", "us-csl", "--format", "csl-csv", "--file", cslSample], databasePath);
    expect(status).toBe(0);
    expect(stdout).toMatch(/13 entries now/);
    const db = openDatabase(databasePath, { migrate: false });
    expect(db.select().from(screeningEntries).where(eq(screeningEntries.listId, "us-csl")).all()).toHaveLength(13);
    db.$client.close();
  });

  test("a malformed file changes nothing and names the row", () => {
    const databasePath = freshDatabasePath();
    const file = join(dirname(databasePath), "broken.csv");
    writeFileSync(file, `${shippedNro.trimEnd()}\n"Unclosed quote Institute,China,CN,\n`);
    const db = openDatabase(databasePath, { migrate: false });
    const before = db.select().from(screeningLists).where(eq(screeningLists.id, "ca-nro")).get()!;
    const { status, stderr } = upstream(["lists:import", "--list", "ca-nro", "--format", "nro-csv", "--file", file], databasePath);
    expect(status).toBe(1);
    expect(stderr).toMatch(/nothing was changed/);
    expect(stderr).toMatch(/row 105/);
    expect(db.select().from(screeningLists).where(eq(screeningLists.id, "ca-nro")).get()).toEqual(before);
    expect(db.select().from(screeningEntries).where(eq(screeningEntries.listId, "ca-nro")).all()).toHaveLength(103);
    db.$client.close();
  });

  test("screen --json prints ranked candidates with their explanation", () => {
    const { status, stdout } = upstream(["screen", "Harbin Inst. of Tech.", "--country", "CN", "--json"], freshDatabasePath());
    expect(status).toBe(0);
    const rows = JSON.parse(stdout) as { list: string; entry: { name: string }; score: number; country: string | null; explanation: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.list)).toEqual(expect.arrayContaining(["bis-entity-list", "ca-nro"]));
    expect(rows[0]!.entry.name).toBe("Harbin Institute of Technology");
    expect(rows[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(rows[0]!.explanation).toMatch(/Harbin Institute of Technology/);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.score).toBeGreaterThanOrEqual(rows[i]!.score);
  });

  test("a US university sharing one word with a listed university is not a likely match", () => {
    const { stdout } = upstream(["screen", "Harbin University of Commerce Alumni Association of Ohio", "--country", "US", "--json"], freshDatabasePath());
    const rows = JSON.parse(stdout) as { score: number }[];
    expect(rows.every((r) => r.score < 0.8)).toBe(true);
  });
});

describe("screening in the portal", () => {
  let server: TestServer;
  let officer: Client;
  let otherOfficer: Client;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer();
    officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    otherOfficer = new Client(server.url);
    await otherOfficer.login("officer@second-university.example", DEMO_PASSWORD);
    admin = new Client(server.url);
    await admin.login("admin@upstream.example", DEMO_PASSWORD);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function upload(client: Client, fields: Record<string, string>, file: { name: string; text: string } | null) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set("file", new Blob([file.text], { type: "text/csv" }), file.name);
    return fetch(`${server.url}/admin/lists`, { method: "POST", body: form, redirect: "manual", headers: { Origin: server.url, Cookie: `upstream_session=${client.sessionToken()}` } });
  }

  test("an officer screens a name by hand and sees each candidate explained", async () => {
    const html = visibleText(await (await officer.get(`/office/screening?name=${encodeURIComponent("Harbin Inst. of Tech.")}&country=CN`)).text());
    expect(html).toMatch(/\d candidates for “Harbin Inst. of Tech.”/);
    expect(html).toMatch(/matches the listed name "Harbin Institute of Technology"/);
    expect(html).toMatch(/The country agrees \(China, CN\)/);
    expect(html).toMatch(/Canada NRO/);
  });

  test("a false-positive decision is remembered for the institution, audited, and not asked again", async () => {
    const query = { name: "Harbin Engineering Univ.", country: "CN" };
    const before = await (await officer.get(`/office/screening?${new URLSearchParams(query)}`)).text();
    const entryId = before.match(/name="listId" value="ca-nro"\/><input type="hidden" name="entryId" value="([^"]+)"/)?.[1];
    expect(entryId).toBeTruthy();

    const missingReason = await officer.post("/office/screening", { ...query, listId: "ca-nro", entryId: entryId!, decision: "false_positive", reason: "" });
    expect(missingReason.status).toBe(400);
    expect(await missingReason.text()).toMatch(/Say in a sentence why/);

    const saved = await officer.post("/office/screening", { ...query, listId: "ca-nro", entryId: entryId!, decision: "false_positive", reason: "Our partner is the Harbin Engineering Univ. alumni office in Oslo, a different body." });
    expect(saved.status).toBe(302);
    const after = await (await officer.get(`/office/screening?${new URLSearchParams(query)}`)).text();
    expect(visibleText(after)).toMatch(/Your office decided: false positive/);
    expect(visibleText(after)).toMatch(/alumni office in Oslo/);
    // Only the other candidates still ask for a decision.
    const asks = new RegExp(`name="listId" value="ca-nro"/><input type="hidden" name="entryId" value="${entryId}"`);
    expect(after).not.toMatch(asks);
    expect(after).toMatch(/name="listId" value="bis-entity-list"/);

    const decision = server.db.select().from(screeningDecisions).get()!;
    expect(decision).toMatchObject({ listId: "ca-nro", entryId, decision: "false_positive" });
    const audit = server.db.select().from(auditEvents).where(eq(auditEvents.action, "screening.decision")).get()!;
    expect(audit.actorEmail).toBe("officer@demo-university.example");
    expect(audit.details).toMatchObject({ decision: "false_positive", listId: "ca-nro" });

    // Another institution's office is asked afresh: decisions belong to one institution.
    const elsewhere = await (await otherOfficer.get(`/office/screening?${new URLSearchParams(query)}`)).text();
    expect(visibleText(elsewhere)).not.toMatch(/Your office decided/);
    expect(elsewhere).toMatch(asks);
  });

  test("a list update re-screens stored organisations and dates new and vanished matches", async () => {
    const organisation = server.db.select().from(partnerOrganisations).where(eq(partnerOrganisations.name, "Harbin Engineering Univ.")).get()!;
    const current = () => server.db.select().from(screeningMatches).where(and(eq(screeningMatches.organisationId, organisation.id), eq(screeningMatches.listId, "ca-nro"))).all();
    expect(current().some((m) => m.entryName === "Harbin Engineering University" && m.vanishedAt === null)).toBe(true);

    const response = await upload(admin, { listId: "ca-nro", format: "nro-csv", snapshotDate: "2026-11-20" }, { name: "nro.csv", text: editedNro() });
    expect(response.status).toBe(200);
    const html = visibleText(await response.text());
    expect(html).toMatch(/1 added, 1 removed, 1 changed/);
    expect(html).toMatch(/Re-screened 1 organisations: 0 new matches, 1 vanished/);
    const vanished = current().find((m) => m.entryName === "Harbin Engineering University")!;
    expect(vanished.vanishedAt).toBeInstanceOf(Date);

    // The entry comes back in the next snapshot: a new match, dated afresh.
    const back = await upload(admin, { listId: "ca-nro", format: "nro-csv", snapshotDate: "2026-11-25" }, { name: "nro.csv", text: shippedNro });
    expect(visibleText(await back.text())).toMatch(/1 new matches, 0 vanished/);
    const renewed = current().find((m) => m.entryName === "Harbin Engineering University")!;
    expect(renewed.vanishedAt).toBeNull();
    expect(renewed.firstSeenAt.getTime()).toBeGreaterThan(vanished.firstSeenAt.getTime());
  });

  test("a malformed upload changes nothing and says which row is wrong, keeping the choices", async () => {
    const before = server.db.select().from(screeningLists).where(eq(screeningLists.id, "ca-nro")).get()!;
    const response = await upload(admin, { listId: "ca-nro", format: "nro-csv", snapshotDate: "2026-11-26" }, { name: "broken.csv", text: 'name,country,country_iso2,aliases\n"Open quote,China,CN,\n' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toMatch(/Nothing was changed\. nro-csv: row 2/);
    expect(html).toMatch(/<option value="ca-nro" selected="">/);
    expect(server.db.select().from(screeningLists).where(eq(screeningLists.id, "ca-nro")).get()).toEqual(before);
  });

  test("an upload without a file, or of the wrong format, is refused next to the field", async () => {
    const none = await upload(admin, { listId: "ca-nro", format: "nro-csv" }, null);
    expect(none.status).toBe(400);
    expect(visibleText(await none.text())).toMatch(/Choose the list file to upload/);
    const wrong = await upload(admin, { listId: "ca-nro", format: "pdf" }, { name: "x.csv", text: "a" });
    expect(wrong.status).toBe(400);
    expect(visibleText(await wrong.text())).toMatch(/Choose the file's format/);
  });
});
