// The latency benchmark's client against a server written here byte by byte: answers chunked and
// of known length, empty and larger than the client's buffer, cut into pieces anywhere (inside
// the header block, a chunk's size line, a line end), one after another on each connection.
import net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { quietPacedInThread, quietPacedRequests } from "./quiet-client";

const big = "x".repeat(70_000);
// The server's answers go round these four, in the order the requests come.
const ANSWERS = [
  { status: 200, raw: `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n${(70_000).toString(16)}\r\n${big}\r\n5\r\nabcde\r\n0\r\n\r\n` },
  { status: 200, raw: `HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${"y".repeat(100_000)}` },
  { status: 302, raw: "HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\n\r\n" },
  { status: 404, raw: "HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n9\r\nNot found\r\n0\r\n\r\n" },
];

let server: net.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that answers each request with the next of ANSWERS, written in pieces of random size. */
async function start(): Promise<{ url: string; heads: string[]; sockets: () => number }> {
  const heads: string[] = [];
  let sockets = 0;
  let answered = 0;
  server = net.createServer((socket) => {
    sockets++;
    let pending = "";
    let writing = Promise.resolve();
    socket.on("data", (data) => {
      pending += data.toString("latin1");
      for (let end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
        heads.push(pending.slice(0, end));
        pending = pending.slice(end + 4);
        const bytes = Buffer.from(ANSWERS[answered++ % ANSWERS.length]!.raw, "latin1");
        writing = writing.then(async () => {
          for (let at = 0; at < bytes.length; ) {
            const size = 1 + Math.floor(Math.random() * (Math.random() < 0.5 ? 12 : 9000));
            socket.write(bytes.subarray(at, at + size));
            at += size;
            await new Promise((resolve) => setImmediate(resolve));
          }
        });
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/page?x=1`, heads, sockets: () => sockets };
}

describe("the quiet paced client", () => {
  test("reads every answer to its end, whatever its form and however it is cut, and times each from when it was due", async () => {
    const { url, heads, sockets } = await start();
    const seen: { due: number; latency: number; status: number }[] = [];
    const began = performance.now();
    const sent = await quietPacedRequests({ url, headers: { Cookie: "a=b" } }, 200, 1, 5, (due, latency, status) => seen.push({ due, latency, status }));
    expect(sent).toBe(200);
    expect(seen).toHaveLength(200);
    expect(heads).toHaveLength(200);
    for (const head of heads) expect(head).toMatch(/^GET \/page\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nConnection: keep-alive\r\nCookie: a=b$/);
    expect(sockets()).toBe(5);
    // The answers went round the four in order, so the statuses come in the same shares.
    const count = (status: number) => seen.filter((s) => s.status === status).length;
    expect(count(302)).toBe(50);
    expect(count(404)).toBe(50);
    expect(count(200)).toBe(100);
    // Due times follow the schedule, 5 ms apart from the start, and every latency counts from them.
    const dues = seen.map((s) => s.due).sort((a, b) => a - b);
    expect(dues[0]!).toBeGreaterThanOrEqual(began);
    for (let i = 1; i < dues.length; i++) expect(dues[i]! - dues[i - 1]!).toBeCloseTo(5, 6);
    for (const s of seen) expect(s.latency).toBeGreaterThan(0);
  });

  test("fails, rather than waits for ever, when the server closes a connection before answering", async () => {
    server = net.createServer((socket) => socket.once("data", () => socket.destroy()));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(quietPacedRequests({ url: `http://127.0.0.1:${port}/`, headers: {} }, 50, 0.2, 2, () => {})).rejects.toThrow(/closed a connection after 0 of 10 answers/);
  });

  test("in a thread of its own, measures the same and hands every answer back at the end", async () => {
    const { url, heads, sockets } = await start();
    const run = await quietPacedInThread({ url, headers: { Cookie: "a=b" } }, 200, 1, 5);
    expect(run.status).toHaveLength(200);
    expect(heads).toHaveLength(200);
    expect(sockets()).toBe(5);
    const count = (status: number) => run.status.filter((s) => s === status).length;
    expect([count(200), count(302), count(404)]).toEqual([100, 50, 50]);
    const dues = [...run.due].sort((a, b) => a - b);
    for (let i = 1; i < dues.length; i++) expect(dues[i]! - dues[i - 1]!).toBeCloseTo(5, 6);
    for (const latency of run.latencyMs) expect(latency).toBeGreaterThan(0);
  });

  test("in a thread of its own, fails when the server closes a connection before answering", async () => {
    server = net.createServer((socket) => socket.once("data", () => socket.destroy()));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(quietPacedInThread({ url: `http://127.0.0.1:${port}/`, headers: {} }, 50, 0.2, 2)).rejects.toThrow(/closed a connection after 0 of 10 answers/);
  });
});
