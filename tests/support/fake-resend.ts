// A local HTTP server that plays Resend's e-mail API (POST /emails), records what it received,
// and can be told to fail, so the real Resend SDK can be tested without the internet.
import { createServer, type IncomingMessage, type Server } from "node:http";

export type ReceivedEmail = { authorization: string | undefined; idempotencyKey: string | undefined; body: Record<string, unknown> };
/** `drop` closes the connection without an answer, as a network failure or a timeout does. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number; drop?: boolean };

export type FakeResend = {
  url: string;
  received: ReceivedEmail[];
  /** Replies used in order for the next requests; afterwards every request succeeds. */
  queue: Reply[];
  /** Each idempotency key that was accepted, once, with the id it got: what really went out. */
  delivered: Map<string, string>;
  /** When set, decides the reply for every request that the queue does not (a randomly failing provider). */
  chaos: (() => Reply | null) | null;
  close: () => Promise<void>;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => resolve(text));
  });
}

export async function startFakeResend(): Promise<FakeResend> {
  const received: ReceivedEmail[] = [];
  const queue: Reply[] = [];
  const sentKeys = new Map<string, string>();
  const fake = { delivered: new Map<string, string>(), chaos: null as (() => Reply | null) | null };
  let counter = 0;
  const server: Server = createServer(async (request, response) => {
    const text = await readBody(request);
    if (request.method !== "POST" || request.url !== "/emails") {
      response.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ name: "not_found", message: "Not found", statusCode: 404 }));
      return;
    }
    const reply = queue.shift() ?? fake.chaos?.() ?? undefined;
    if (reply?.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply?.drop) {
      request.socket.destroy();
      return;
    }
    if (reply && reply.status >= 400) {
      response.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body ?? { name: "error", message: `status ${reply.status}`, statusCode: reply.status }));
      return;
    }
    const idempotencyKey = request.headers["idempotency-key"] as string | undefined;
    received.push({ authorization: request.headers.authorization, idempotencyKey, body: JSON.parse(text) });
    // Like Resend, the same idempotency key answers with the same id and sends nothing new.
    const id = (idempotencyKey && sentKeys.get(idempotencyKey)) ?? `email_${++counter}`;
    if (idempotencyKey) sentKeys.set(idempotencyKey, id);
    if (idempotencyKey && !fake.delivered.has(idempotencyKey)) fake.delivered.set(idempotencyKey, id);
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    received,
    queue,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
