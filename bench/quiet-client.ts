// A paced HTTP/1.1 client for the latency measurement that makes almost no garbage of its own.
//
// Node's own client (`http.request`) makes objects and buffers for every answer in proportion to
// its size. Measuring the queue page (46 KB answers, not compressed) at 720 requests a second, its
// collector ran a full collection every 150–250 ms, twice as often as for the sign-in page's 7 KB
// answers, with marking steps of up to 16 ms. While it collects, the client neither sends nor
// reads: requests due meanwhile leave late, together, and their answers wait to be read, which
// the measurement counted against the page measured. This client writes one request made once and
// reads every answer into one buffer per connection (`net.Socket`'s `onread`), keeping only the
// status line and headers as text.
//
// The benchmark itself holds a large heap (the seeded data sets, every latency measured), and its
// full collections paused it for 2–13 ms every few seconds: requests due meanwhile again left
// late. `quietPacedInThread` runs the client in a thread of its own, whose heap holds only the
// client, and hands back what it measured when the run is over.
import net from "node:net";
import { isMainThread, Worker, workerData, parentPort } from "node:worker_threads";

const HEADER_END = Buffer.from("\r\n\r\n", "latin1");

type Connection = {
  socket: net.Socket;
  due: number;
  /** 0 status line and headers, 1 a body of known length, 2 a chunk's size line, 3 a chunk, 4 the end of the last chunk. */
  state: number;
  /** Bytes still to skip in states 1, 3 and 4. */
  left: number;
  /** A header block or chunk size line that has not ended yet. */
  partial: string;
  status: number;
};

export type QuietLoad = { url: string; headers: Record<string, string> };

/**
 * Sends `rate` GET requests a second for `seconds` on a fixed schedule over `connections`
 * keep-alive connections, and calls `answered` with each request's due time, its latency from
 * that time to the end of its answer, and the answer's status. A request whose time has come
 * while every connection is busy waits for the first one free, as a browser's would.
 */
export async function quietPacedRequests(
  load: QuietLoad,
  rate: number,
  seconds: number,
  connections: number,
  answered: (due: number, latencyMs: number, status: number) => void,
): Promise<number> {
  const target = new URL(load.url);
  const headerLines = Object.entries(load.headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  const request = Buffer.from(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\n${headerLines}\r\n`, "latin1");
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const waiting: number[] = [];
  const idle: Connection[] = [];
  const open: Connection[] = [];
  let sent = 0;
  let done = 0;
  let settle!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));

  const next = (c: Connection) => {
    const due = waiting.shift();
    if (due === undefined) {
      idle.push(c);
      return;
    }
    c.due = due;
    c.state = 0;
    c.partial = "";
    c.socket.write(request);
  };
  const complete = (c: Connection) => {
    answered(c.due, performance.now() - c.due, c.status);
    if (++done === total) settle();
    next(c);
  };
  const read = (c: Connection, buffer: Buffer, end: number) => {
    let i = 0;
    while (i < end) {
      if (c.state === 0) {
        let head: string;
        if (c.partial === "") {
          // The buffer holds earlier reads beyond `end`: a match counts only if it ends before.
          const at = buffer.indexOf(HEADER_END, i);
          if (at < 0 || at + 4 > end) {
            c.partial = buffer.toString("latin1", i, end);
            return;
          }
          head = buffer.toString("latin1", i, at).toLowerCase();
          i = at + 4;
        } else {
          // The header block began in an earlier read: look again with what came before.
          const upTo = Math.min(end, i + 8192);
          const text = c.partial + buffer.toString("latin1", i, upTo);
          const at = text.indexOf("\r\n\r\n");
          if (at < 0) {
            c.partial = text;
            i = upTo;
            continue;
          }
          head = text.slice(0, at).toLowerCase();
          i += at + 4 - c.partial.length;
        }
        c.partial = "";
        c.status = Number(head.slice(9, 12));
        if (/\r\ntransfer-encoding: *chunked/.test(head)) c.state = 2;
        else {
          c.left = Number(/\r\ncontent-length: *(\d+)/.exec(head)?.[1] ?? 0);
          c.state = 1;
          if (c.left === 0) complete(c);
        }
      } else if (c.state === 2) {
        const newline = buffer.indexOf(10, i);
        if (newline < 0 || newline >= end) {
          c.partial += buffer.toString("latin1", i, end);
          return;
        }
        const size = parseInt(c.partial + buffer.toString("latin1", i, newline), 16);
        c.partial = "";
        i = newline + 1;
        // A chunk and the line end after it; after the last (empty) chunk, the final line end.
        c.state = size === 0 ? 4 : 3;
        c.left = size === 0 ? 2 : size + 2;
      } else {
        const skipped = Math.min(c.left, end - i);
        c.left -= skipped;
        i += skipped;
        if (c.left > 0) continue;
        if (c.state === 3) c.state = 2;
        else complete(c);
      }
    }
  };

  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const c = { due: 0, state: 0, left: 0, partial: "", status: 0 } as Connection;
          const buffer = Buffer.allocUnsafe(64 * 1024);
          const onread = {
            buffer,
            callback: (bytes: number) => {
              read(c, buffer, bytes);
              return true;
            },
          };
          c.socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true, onread }, resolve);
          c.socket.once("error", (error) => (sent === 0 ? reject(error) : settle(error)));
          c.socket.once("close", () => done < total && sent > 0 && settle(new Error(`The server closed a connection after ${done} of ${total} answers.`)));
          open.push(c);
          idle.push(c);
        }),
    ),
  );

  const started = performance.now();
  const tick = () => {
    const now = performance.now();
    while (sent < total && started + sent * interval <= now) {
      waiting.push(started + sent++ * interval);
      const c = idle.pop();
      if (c) next(c);
    }
    if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, started + sent * interval - performance.now())));
  };
  tick();
  try {
    await finished;
  } finally {
    for (const c of open) c.socket.destroy();
  }
  return total;
}

/** What a run in a thread measured, in the order the answers came. */
export type PacedRun = { due: Float64Array<ArrayBuffer>; latencyMs: Float64Array<ArrayBuffer>; status: Uint16Array<ArrayBuffer> };

type ThreadRun = { quietPaced: { load: QuietLoad; rate: number; seconds: number; connections: number } };

/**
 * `quietPacedRequests` in a thread of its own (an isolate with its own small heap), so that the
 * caller's collections cannot hold up the requests. The answers come back together at the end.
 */
export function quietPacedInThread(load: QuietLoad, rate: number, seconds: number, connections: number): Promise<PacedRun> {
  // The thread loads this very module; TypeScript is compiled on the way as it is here.
  const source = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(source, { eval: true, workerData: { quietPaced: { load, rate, seconds, connections } } satisfies ThreadRun });
  return new Promise<PacedRun>((resolve, reject) => {
    worker.once("message", (run: PacedRun) => resolve(run));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The client's thread ended (code ${code}) before it answered.`)));
  }).finally(() => void worker.terminate());
}

if (!isMainThread && (workerData as ThreadRun | undefined)?.quietPaced) {
  const { load, rate, seconds, connections } = (workerData as ThreadRun).quietPaced;
  const total = Math.round(rate * seconds);
  const run: PacedRun = { due: new Float64Array(total), latencyMs: new Float64Array(total), status: new Uint16Array(total) };
  let n = 0;
  await quietPacedRequests(load, rate, seconds, connections, (due, latencyMs, status) => {
    run.due[n] = due;
    run.latencyMs[n] = latencyMs;
    run.status[n++] = status;
  });
  parentPort!.postMessage(run, [run.due.buffer, run.latencyMs.buffer, run.status.buffer]);
}
