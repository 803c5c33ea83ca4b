// Owns what the e-mail provider tells us after sending: the webhook signature check (Svix's
// scheme, which Resend uses) and the suppression list of addresses that bounced hard or
// complained, which the sender consults before every message.
import { createHmac, timingSafeEqual } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { emailSuppressions } from "../../../db/schema";
import type { Db } from "../db.server";
import type { Actor, RequestOrigin } from "../auth/actor";
import { recordAudit } from "../audit/audit.server";
import { ForbiddenError, NotFoundError } from "../errors";

const TOLERANCE_SECONDS = 5 * 60;

/** Svix signatures: HMAC-SHA256 over "id.timestamp.body" with the secret after "whsec_", base64; several may be sent. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export function verifyWebhook(secret: string, headers: { id: string | null; timestamp: string | null; signature: string | null }, body: string, now = Date.now()) {
  if (!headers.id || !headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  const timestamp = Number(headers.timestamp);
  if (Math.abs(now / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body));
  return headers.signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

type WebhookEvent = { type?: string; data?: { to?: string[] | string; bounce?: { type?: string; message?: string } } };

/** A hard bounce or a complaint suppresses the address; soft bounces and other events change nothing. */
export function recordSuppression(database: Db, eventId: string, event: WebhookEvent): string[] {
  const hardBounce = event.type === "email.bounced" && !/^(transient|temporary|soft)/i.test(event.data?.bounce?.type ?? "");
  const complaint = event.type === "email.complained";
  if (!hardBounce && !complaint) return [];
  const to = event.data?.to;
  const addresses = (Array.isArray(to) ? to : to ? [to] : []).map((a) => a.trim().toLowerCase()).filter((a) => a.includes("@"));
  const now = new Date();
  database.transaction((tx) => {
    for (const address of addresses) {
      tx.insert(emailSuppressions)
        .values({ address, reason: complaint ? "complaint" : "bounce", detail: event.data?.bounce?.message?.slice(0, 500) ?? null, providerEventId: eventId.slice(0, 100), createdAt: now })
        .onConflictDoNothing()
        .run();
      recordAudit(tx, { action: "email.suppressed", email: address, details: { reason: complaint ? "complaint" : "bounce", eventId } });
    }
  });
  return addresses;
}

export function listSuppressions(database: Db, actor: Actor) {
  if (actor.role !== "admin") throw new ForbiddenError();
  return database.select().from(emailSuppressions).orderBy(desc(emailSuppressions.createdAt)).limit(200).all();
}

/** An administrator lifts a suppression (the person fixed their mailbox, or the complaint was a mistake). */
export function liftSuppression(database: Db, actor: Actor, address: string, origin?: RequestOrigin) {
  if (actor.role !== "admin") throw new ForbiddenError();
  database.transaction((tx) => {
    const result = tx.delete(emailSuppressions).where(eq(emailSuppressions.address, address)).run();
    if (result.changes !== 1) throw new NotFoundError("That address");
    recordAudit(tx, { action: "email.suppression-lift", actor, origin, details: { address } });
  });
}
