// The HTTP edge of every route: who is asking (from the session), where from, reading forms,
// and the one place where domain errors become HTTP responses.
import { createHmac, timingSafeEqual } from "node:crypto";
import { data, redirect, type AppLoadContext } from "react-router";
import type { z } from "zod";
import { homePathFor, type Actor, type RequestOrigin, type Role } from "~/modules/auth/actor";
import { readSessionToken, sessionStillHeld, validateSessionToken } from "~/modules/auth/session.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, RateLimitError, ValidationError } from "~/modules/errors";
import { storageFault, type StorageFault } from "../../db/client.server";

type Args = { request: Request; context: AppLoadContext };

export const TWO_STEP_SETUP_PATH = "/account/two-step";

type RequestState = { actor?: Actor | null; form?: Record<string, string> };

/**
 * What one request has learnt about itself (its actor and the form it submitted), kept on the
 * request. Not in a WeakMap keyed by the request: V8's young-generation collector keeps a
 * WeakMap's values alive, so each request's state would outlive it until a full collection
 * (docs/decisions/020-requests-that-leave-nothing-behind.md).
 */
const STATE = Symbol("upstream.requestState");

function stateOf(request: Request): RequestState {
  const holder = request as Request & { [STATE]?: RequestState };
  return (holder[STATE] ??= {});
}

export function originOf(request: Request, context: AppLoadContext): RequestOrigin {
  return { ip: context?.ip ?? null, userAgent: request.headers.get("User-Agent") };
}

/**
 * The address a loader or action serves, as React Router hands it to them in `url`: without the
 * `.data` suffix of the requests its client runtime makes, their `_routes` parameter, a trailing
 * slash, or an empty `index` parameter. Handlers receive the request as it arrived
 * (`future.v8_passThroughRequests`, docs/decisions/018-requests-passed-through.md): loaders and
 * actions read `url`; the helpers here that have only the request read this, never `request.url`.
 */
export function routedUrl(request: Request): URL {
  const url = new URL(request.url);
  if (url.pathname === "/_root.data") url.pathname = "/";
  else if (url.pathname.endsWith(".data")) url.pathname = url.pathname.slice(0, -".data".length);
  if (url.pathname !== "/" && url.pathname.endsWith("/")) url.pathname = url.pathname.slice(0, -1);
  url.searchParams.delete("_routes");
  const index = url.searchParams.getAll("index").filter(Boolean);
  url.searchParams.delete("index");
  for (const value of index) url.searchParams.append("index", value);
  url.hash = "";
  return url;
}

/** The signed-in actor, or null. Looked up once per request. */
export function getActor(request: Request): Actor | null {
  const state = stateOf(request);
  if (state.actor !== undefined) return state.actor;
  const token = readSessionToken(request, getConfig().secureCookies);
  const valid = token ? validateSessionToken(db(), token) : null;
  state.actor = valid
    ? {
        userId: valid.user.id,
        email: valid.user.email,
        name: valid.user.name,
        role: valid.user.role,
        institutionId: valid.user.institutionId,
        agencyId: valid.user.agencyId,
        sessionId: valid.session.id,
        twoStepSetupNeeded: getConfig().mfaRequiredRoles.includes(valid.user.role) && (valid.user.mfaEnabledAt === null || valid.user.totpKey === null),
      }
    : null;
  return state.actor;
}

/**
 * Deny by default: every loader and action of a signed-in page calls this with the roles it
 * serves. No session sends the person to sign in; a wrong role is refused and logged.
 */
export function requireActor(request: Request, context: AppLoadContext, roles: readonly Role[]): Actor {
  const actor = getActor(request);
  const url = routedUrl(request);
  if (!actor) throw toSignIn(url);
  if (!roles.includes(actor.role)) {
    recordDenied(request, context, actor, 403, "role not allowed");
    throw data({ message: "You do not have access to this page.", home: homePathFor[actor.role] }, { status: 403 });
  }
  // A role that must use two-step sign-in sets it up before anything else.
  if (actor.twoStepSetupNeeded && url.pathname !== TWO_STEP_SETUP_PATH) throw redirect(TWO_STEP_SETUP_PATH);
  return actor;
}

/** To the sign-in page, and back here afterwards. */
function toSignIn(url: URL) {
  return redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

function recordDenied(request: Request, context: AppLoadContext, actor: Actor | null, status: number, reason: string) {
  const url = routedUrl(request);
  recordAudit(db(), {
    action: "access.denied",
    outcome: "denied",
    actor,
    origin: originOf(request, context),
    details: { method: request.method, path: url.pathname, status, reason },
  });
}

// --- forms ----------------------------------------------------------------------------------

/** Control characters other than tab and line breaks have no place in anything a person types. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Lone surrogates (broken UTF-16) become U+FFFD, as String.prototype.toWellFormed does. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROL, "");
}

/**
 * The submitted form, every text value cleaned of control characters and broken Unicode. A body
 * that is not a form at all is refused with 400, not answered with an internal error.
 */
export async function formDataOf(request: Request): Promise<FormData> {
  let raw: FormData;
  try {
    raw = await request.formData();
  } catch {
    throw new ValidationError({ form: "The form could not be read. Reload the page and send it again." }, "The form could not be read.");
  }
  // Who is asking was read before the body arrived, and other requests ran meanwhile. One that
  // ended the session (signing out, deleting the account, an administrator disabling it) ends
  // this one too, before anything is written in the name of someone no longer there.
  const state = stateOf(request);
  if (state.actor && !sessionStillHeld(db(), state.actor.sessionId, state.actor.userId)) {
    state.actor = null;
    throw toSignIn(routedUrl(request));
  }
  const clean = new FormData();
  for (const [key, value] of raw) clean.append(cleanText(key), typeof value === "string" ? cleanText(value) : value);
  return clean;
}

/** Reads a url-encoded or multipart form into plain strings (repeated fields keep the last). */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const formData = await formDataOf(request);
  const form: Record<string, string> = Object.create(null);
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("__proto__")) form[key] = value;
  }
  stateOf(request).form = form;
  return form;
}

/** For forms with repeated fields (multiple choice): the values as typed are kept comma-joined. */
export async function readFormData(request: Request): Promise<FormData> {
  const formData = await formDataOf(request);
  const form: Record<string, string> = Object.create(null);
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("__proto__")) continue;
    form[key] = formData
      .getAll(key)
      .filter((value): value is string => typeof value === "string")
      .join(",");
  }
  stateOf(request).form = form;
  return formData;
}

/** Validates input against a schema; the first message per field becomes that field's error. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  throw new ValidationError(fieldErrors);
}

const SECRET_FIELDS = /password|token/i;

/** What a form action answers when input needs correcting: the errors and what was typed. */
export type FormFailure = { errors: Record<string, string>; message: string; values: Record<string, string> };

function formFailure(request: Request, errors: Record<string, string>, message: string) {
  const values = Object.fromEntries(Object.entries(stateOf(request).form ?? {}).filter(([key]) => !SECRET_FIELDS.test(key)));
  return data<FormFailure>({ errors, message, values }, { status: 400 });
}

export function isFormFailure(value: unknown): value is FormFailure {
  return typeof value === "object" && value !== null && "errors" in value && "values" in value;
}

// --- errors ---------------------------------------------------------------------------------

/** Turns a domain error into the HTTP answer for it (and logs refusals); other errors pass. */
function toHttpError(error: unknown, { request, context }: Args): unknown {
  const fault = storageFault(error);
  if (fault) return storageRefusal(request, fault);
  if (!(error instanceof DomainError)) return error;
  const status = statusOf(error);
  if (status === 404 || status === 403) recordDenied(request, context, getActor(request), status, error.message);
  const headers: HeadersInit = error instanceof RateLimitError ? { "Retry-After": String(error.retryAfterSeconds) } : {};
  return data({ message: error.publicMessage }, { status, headers });
}

/**
 * The disk refused a write (read-only file or directory, full disk, I/O error): the person
 * learns that nothing was saved, the log gets one line naming the cause, and the portal goes on
 * serving reads. SQLite has rolled the transaction back, so nothing is half-written.
 */
function storageRefusal(request: Request, fault: StorageFault) {
  console.error(`${request.method} ${routedUrl(request).pathname} was refused: ${fault.code}, ${fault.reason}.`);
  return data(
    { message: "Nothing you sent was saved: the portal's storage is not taking changes at the moment. Pages can still be read; try again later." },
    { status: 503, headers: { "Retry-After": "300" } },
  );
}

/** Wraps a loader: domain errors become HTTP answers here and nowhere else. */
export function guardLoader<A extends Args, R>(fn: (args: A) => Promise<R> | R) {
  return async (args: A): Promise<R> => {
    try {
      return await fn(args);
    } catch (error) {
      throw toHttpError(error, args);
    }
  };
}

/**
 * Wraps an action the same way; invalid input is answered with the field errors and the
 * values as typed (secrets left out), so nothing the person entered is lost.
 */
export function guardAction<A extends Args, R>(fn: (args: A) => Promise<R> | R) {
  return async (args: A): Promise<R | ReturnType<typeof formFailure>> => {
    try {
      return await fn(args);
    } catch (error) {
      if (error instanceof ValidationError) return formFailure(args.request, error.fieldErrors, error.publicMessage);
      throw toHttpError(error, args);
    }
  };
}

function statusOf(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitError) return 429;
  if (error instanceof ValidationError) return 400;
  return 400;
}

/** A path parameter that must be a positive whole number; anything else is simply not found. */
export function idParam(value: string | undefined): number {
  if (!value || !/^\d{1,12}$/.test(value)) throw new NotFoundError();
  return Number(value);
}

/** Only redirect to paths on this site. */
export function safeRedirectPath(value: string | null | undefined, fallback: string): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

// --- flash messages -------------------------------------------------------------------------

const FLASH_COOKIE = "upstream_flash";

function sign(value: string) {
  return createHmac("sha256", getConfig().appSecret).update(value).digest("base64url");
}

/** A one-time confirmation shown on the next page ("Institution created."). */
export function flashCookie(message: string): string {
  const value = Buffer.from(message.slice(0, 300)).toString("base64url");
  const secure = getConfig().secureCookies ? "; Secure" : "";
  return `${FLASH_COOKIE}=${value}.${sign(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60${secure}`;
}

export function readFlash(request: Request): { message: string | null; clear: string | null } {
  const cookie = request.headers.get("Cookie") ?? "";
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${FLASH_COOKIE}=([A-Za-z0-9_-]*)\\.([A-Za-z0-9_-]+)`));
  if (!match) return { message: null, clear: null };
  const [, value, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(value));
  const given = Buffer.from(signature);
  const clear = `${FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { message: null, clear };
  return { message: Buffer.from(value, "base64url").toString("utf8"), clear };
}

export function redirectWithFlash(to: string, message: string, init: { headers?: [string, string][] } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", flashCookie(message));
  return redirect(to, { headers });
}

// --- keeping a form across an expired session ---------------------------------------------

const STASH_COOKIE = "upstream_pending";

/**
 * When a session has ended while a person was filling in a form, what they sent is kept in a
 * signed, short-lived cookie for the page they return to after signing in again.
 */
export function stashCookie(key: string, form: Record<string, string | string[]>): string | null {
  const value = Buffer.from(JSON.stringify({ key, form })).toString("base64url");
  if (value.length > 3500) return null;
  const secure = getConfig().secureCookies ? "; Secure" : "";
  return `${STASH_COOKIE}=${value}.${sign(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600${secure}`;
}

export function readStash(request: Request, key: string): { form: Record<string, string | string[]>; clear: string } | null {
  const cookie = request.headers.get("Cookie") ?? "";
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${STASH_COOKIE}=([A-Za-z0-9_-]*)\\.([A-Za-z0-9_-]+)`));
  if (!match) return null;
  const [, value, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(value));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as { key: string; form: Record<string, string | string[]> };
    if (parsed.key !== key) return null;
    return { form: parsed.form, clear: `${STASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
  } catch {
    return null;
  }
}

/** Every field of a submitted form, repeated fields as arrays. */
export function formEntries(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("__proto__")) continue;
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}
