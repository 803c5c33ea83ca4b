// A page's work ends with its answer. Anything a request leaves running (a timer that holds its
// signals, say) keeps that request's objects alive, and under load that is what fills the
// server's old generation and brings on its long full collections
// (docs/decisions/020-requests-that-leave-nothing-behind.md).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../factories";
import { Client } from "../support/http";
import { ROOT } from "../support/paths";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { NODE_OPTIONS: `--import=${join(ROOT, "tests/support/active-resources.mjs")}` } });
});

afterAll(async () => {
  await server?.stop();
});

/** The server's active resources, counted by kind. */
async function activeResources(): Promise<Record<string, number>> {
  const seen = server.output().length;
  process.kill(server.pid(), "SIGUSR2");
  for (let waited = 0; waited < 5_000; waited += 20) {
    const line = /ACTIVE-RESOURCES (.*)\n/.exec(server.output().slice(seen));
    if (line) return JSON.parse(line[1]!) as Record<string, number>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("The server did not report its active resources.");
}

describe("what a page leaves behind", () => {
  test("no timer outlives the pages served, whether they hydrate or not", async () => {
    const officer = new Client(server.url);
    await officer.login("officer@demo-university.example", DEMO_PASSWORD);
    const visitor = new Client(server.url);
    const pages = [
      [officer, "/office/cases"], // rendered without hydration
      [officer, "/office/cases?severity=high&sort=due"],
      [visitor, "/login"], // hydrates: its data is streamed into the page
      [officer, "/library"], // hydrates, signed in
    ] as const;
    // Once each first, so that whatever the server starts on its first requests is running.
    for (const [client, path] of pages) expect((await client.get(path)).status).toBe(200);
    const before = await activeResources();

    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      for (const [client, path] of pages) {
        const response = await client.get(path);
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
    }
    const after = await activeResources();

    // Sixty pages were served; a timer left behind by each kind of page would add fifteen or more.
    expect(after.Timeout ?? 0).toBeLessThan((before.Timeout ?? 0) + 5);
  });
});
