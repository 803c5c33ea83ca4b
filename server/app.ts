// The Express application around React Router: start-up checks, security headers, the CSRF
// check for every state-changing request, the health check, and the request handler.
import express, { type NextFunction, type Request, type Response } from "express";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import "react-router";
// The route table is built once, when this module loads; a function here would make React
// Router rebuild it on every request.
import * as serverBuild from "virtual:react-router/server-build";
import type { RequestContext } from "../app/lib/context";
import { isSameOriginRequest } from "../app/lib/same-origin";
import { getConfig } from "../app/modules/config/env.server";
import { db } from "../app/modules/db.server";
import { kickDelivery, kickNudges, sendMailThrough } from "../app/modules/email/mailer.server";
import { getOutboxEmail } from "../app/modules/email/outbox.server";
import { currentIndex, ensureShippedLists, screenThrough, type ScreeningRequest } from "../app/modules/screening/screening.server";
import type { ScreeningCandidate } from "../app/modules/screening/match";
import { syncCaller } from "../app/lib/sync-thread.server";
import { asyncCaller } from "../app/lib/async-thread.server";
import { loadShippedArticles, syncLibraryIndex } from "../app/modules/library/library.server";
import { reopenDueReviews } from "../app/modules/cases/cases.server";
import { readQueueThrough, type QueueRead, type QueueView } from "../app/lib/case-queue.server";
import { applyRetention } from "../app/modules/people/personal-data.server";
import { triageInBatches } from "../app/modules/triage/queue.server";
import { closeDb, storageFault } from "../db/client.server";
import { durableAnswers } from "./durable-writes";
import { createRequestHandler } from "./request-handler";

export { createHttpServer } from "./http-server";

// Validate the configuration and bring the database up to date before taking any request:
// a bad variable or a failed migration stops the process here with a clear message.
export const config = getConfig();
loadShippedArticles();
ensureShippedLists(db());
refreshLibraryIndex();

/**
 * Rebuilds the library's search index, the one write at every start. A database that cannot
 * take writes (read-only, disk full) must not keep the portal from serving reads: it starts,
 * says so in one line, and refuses changes until the storage is fixed.
 */
function refreshLibraryIndex() {
  try {
    syncLibraryIndex(db());
  } catch (error) {
    const fault = storageFault(error);
    if (!fault) throw error;
    console.error(`Upstream is starting without write access to its database (${fault.code}: ${fault.reason}); pages can be read, changes are refused until this is fixed.`);
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function contentSecurityPolicy(nonce: string) {
  const development = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    development ? `script-src 'self' 'nonce-${nonce}' 'unsafe-inline'` : `script-src 'self' 'nonce-${nonce}'`,
    development ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    development ? "connect-src 'self' ws:" : "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (req.secure || config.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  next();
}

function csrfCheck(req: Request, res: Response, next: NextFunction) {
  // The JSON API authenticates with bearer tokens only, never with cookies: nothing to forge.
  // Unsubscribing is authorised by the signed link itself (mail clients post it without an
  // Origin, RFC 8058), and the provider's webhooks by their signature.
  if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/") || req.path === "/unsubscribe" || req.path.startsWith("/webhooks/")) return next();
  const headers = { origin: req.get("origin"), "sec-fetch-site": req.get("sec-fetch-site"), host: req.get("host") };
  if (isSameOriginRequest(headers, config.appOrigin, req.protocol)) return next();
  res.status(403).type("text/plain").send("This request was refused because it did not come from an Upstream page. Go back, reload the page and try again.");
}

function noStore(_req: Request, res: Response, next: NextFunction) {
  // Pages may carry personal or confidential data: never keep them in a shared or browser cache.
  res.setHeader("Cache-Control", "no-store");
  next();
}

export const app = express.Router();

// This connection's commits do not wait for the disk; the answers that follow them do
// (server/durable-writes.ts, docs/decisions/015-durable-writes-off-the-event-loop.md).
app.use(durableAnswers(db().$client));

app.get("/healthz", (_req, res) => {
  try {
    const row = db().$client.prepare("select 1 as ok").get() as { ok: number };
    res.setHeader("Cache-Control", "no-store");
    res.status(row.ok === 1 ? 200 : 503).json({ status: row.ok === 1 ? "ok" : "error" });
  } catch {
    res.status(503).json({ status: "error" });
  }
});

// Development and demo only: an outbox e-mail's HTML on its own, for the outbox page's frame.
// E-mail HTML needs inline styles, so it gets a policy of its own: no scripts, framed only by us.
app.get("/dev/outbox/:emailId/raw", (req, res) => {
  const id = Number(req.params.emailId);
  const email = config.exposeDevOutbox && Number.isSafeInteger(id) ? getOutboxEmail(db(), id) : undefined;
  if (!email) return void res.status(404).type("text/plain").send("Not found");
  res.removeHeader("X-Frame-Options");
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
  res.setHeader("Cache-Control", "no-store");
  res.type("html").send(email.html);
});

app.use(csrfCheck);
app.use(noStore);
// Bodies are small forms (the largest is a screening list upload): refuse anything larger at
// once, and drain what an action left unread, so a kept-alive connection is never left stuck.
const MAX_BODY_BYTES = 50 * 1024 * 1024;
app.use((req, res, next) => {
  if (Number(req.get("content-length") ?? 0) > MAX_BODY_BYTES) return void res.status(413).type("text/plain").send("This request is too large.");
  res.on("finish", () => {
    if (!req.complete) {
      req.removeAllListeners("data");
      req.resume();
    }
  });
  next();
});
// A change may have queued e-mail (a question, a decision, a warning): send it now rather than at the next interval.
app.use((req, res, next) => {
  if (!SAFE_METHODS.has(req.method)) res.on("finish", () => void (res.statusCode < 400 && kickDelivery()));
  next();
});

app.use(
  createRequestHandler({
    build: serverBuild,
    getLoadContext(req, res): RequestContext {
      return { ip: req.ip ?? req.socket.remoteAddress ?? null, cspNonce: String(res.locals.cspNonce) };
    },
  }),
);

/** Static files of the production build. */
export function staticFiles(root: string) {
  const router = express.Router();
  router.use("/assets", express.static(join(root, "build/client/assets"), { immutable: true, maxAge: "1y", fallthrough: false }));
  // The rest are a few files at the top (favicon.svg): a page's address, which has no file
  // extension, never reaches the disk to look for one.
  const topFiles = express.static(join(root, "build/client"), { maxAge: "1h", index: false });
  router.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? topFiles(req, res, next) : next()));
  return router;
}

export function configureProxy(server: express.Express) {
  if (config.trustProxy) server.set("trust proxy", true);
}

let shuttingDown = false;

// Screening runs in a thread of its own, which builds its index as it starts; the server
// waits for each answer (docs/decisions/014-screening-in-its-own-thread.md). In development
// there is no built thread, and the index is built here soon after start.
const screener = startScreener();
if (!screener) setTimeout(() => currentIndex(db()), 200).unref();

/**
 * Starts one of the server's threads from the build (`build/server/<name>.js`), with this
 * process's settings: the secret too, which outside production is random per process. Without
 * a build (development) there is none, and the server does the work itself.
 */
function startThread(name: "screening-worker" | "mailer-worker" | "reader-worker"): Worker | undefined {
  const file = new URL(`./${name}.js`, import.meta.url);
  if (!existsSync(fileURLToPath(file))) return undefined;
  const worker = new Worker(file, { env: { ...process.env, APP_SECRET: config.appSecret, APP_URL: config.appUrl } });
  worker.unref();
  return worker;
}

function startScreener(): Worker | undefined {
  const worker = startThread("screening-worker");
  if (!worker) return undefined;
  worker.on("error", (error) => console.error(`The screening thread failed: ${error.message}`));
  const caller = syncCaller<ScreeningRequest, ScreeningCandidate[][] | null>(worker, {
    // Long enough for the thread to build its index when the lists have just changed.
    timeoutMs: 60_000,
    onFailure: (reason) => {
      if (!shuttingDown) console.error(`Screening in its own thread failed (${reason}); the server screens by itself.`);
    },
  });
  screenThrough((request) => caller.call(request));
  return worker;
}

// The case queue, the office's busiest page, is read in a thread of its own with its own
// connection, so that the event loop serves other requests meanwhile
// (docs/decisions/021-the-queue-read-in-its-own-thread.md). In development there is no built
// thread, and the server reads it here.
const reader = startReader();

function startReader(): Worker | undefined {
  const worker = startThread("reader-worker");
  if (!worker) return undefined;
  worker.on("error", (error) => console.error(`The reading thread failed: ${error.message}`));
  const caller = asyncCaller<QueueRead, QueueView>(worker, {
    timeoutMs: 30_000,
    onFailure: (reason) => {
      readQueueThrough(undefined);
      if (!shuttingDown) console.error(`Reading the case queue in its own thread failed (${reason}); the server reads it by itself.`);
    },
    onError: (message) => console.error(`The reading thread could not read the case queue (${message}); the server read it by itself.`),
  });
  readQueueThrough({ database: db(), read: (request) => caller.call(request) });
  return worker;
}

// E-mail is rendered and sent in a thread of its own, so that a burst of messages never holds
// up requests. It opens its own connection to the database and gets this process's settings
// (the secret too: outside production it is random per process, and signs the unsubscribe
// links the sender writes). In development there is no built sender, and delivery runs here.
const mailer = startMailer();

function startMailer(): Worker | undefined {
  const worker = startThread("mailer-worker");
  if (!worker) return undefined;
  let stopped = false;
  const takeOver = (reason: string) => {
    if (stopped) return;
    stopped = true;
    sendMailThrough(undefined);
    if (!shuttingDown) console.error(`The e-mail sender stopped (${reason}); e-mail is now sent by the server itself.`);
  };
  worker.on("error", (error) => takeOver(error.message));
  worker.on("exit", (code) => takeOver(`exit code ${code}`));
  sendMailThrough((work) => worker.postMessage(work));
  return worker;
}

// Triage follows a change a moment later, for every change made meanwhile in one transaction
// (docs/decisions/016-triage-queued-with-the-change.md). What a crash or a failure left queued
// runs at start-up and again on the interval.
const triage = triageInBatches(db(), { delayMs: 50, afterRun: () => void kickDelivery() });
triage.kick();
const triageTimer = setInterval(triage.kick, 60_000);
triageTimer.unref();

// Retry queued e-mail that could not be sent at once (the provider was down, or rate-limited).
const deliveryTimer = setInterval(() => void kickDelivery(), 30_000);
deliveryTimer.unref();
void kickDelivery();

// The nudges' policy and the daily summaries (delivery itself also runs on its own interval).
const nudgesTimer = setInterval(() => void kickNudges(), 5 * 60_000);
nudgesTimer.unref();

// Cases decided with a review date reopen on that day.
function reopenReviews() {
  try {
    reopenDueReviews(db());
  } catch (error) {
    console.error("Reopening cases due for review failed:", error instanceof Error ? error.message : error);
  }
}
const reviewTimer = setInterval(reopenReviews, 15 * 60_000);
// Closed cases past their institution's retention period lose their personal data, daily.
const retentionTimer = setInterval(() => {
  try {
    applyRetention(db());
  } catch (error) {
    console.error("Applying the retention period failed:", error instanceof Error ? error.message : error);
  }
}, 24 * 3_600_000);
retentionTimer.unref();
reviewTimer.unref();
setTimeout(reopenReviews, 500).unref();

export function shutdown() {
  shuttingDown = true;
  clearInterval(triageTimer);
  triage.stop();
  void mailer?.terminate();
  screenThrough(undefined);
  void screener?.terminate();
  readQueueThrough(undefined);
  void reader?.terminate();
  clearInterval(deliveryTimer);
  clearInterval(reviewTimer);
  clearInterval(retentionTimer);
  clearInterval(nudgesTimer);
  closeDb();
}
