// Resend's webhooks for bounces and complaints, signed the Svix way: a hard bounce or a
// complaint stops all e-mail to that address, and administrators see it on the outbox page.
import type { Route } from "./+types/webhooks.resend";
import { getConfig } from "~/modules/config/env.server";
import { db } from "~/modules/db.server";
import { recordSuppression, verifyWebhook } from "~/modules/email/webhooks.server";

export async function action({ request }: Route.ActionArgs) {
  const secret = getConfig().resendWebhookSecret;
  if (!secret) return new Response("Not found", { status: 404 });
  const body = await request.text();
  if (body.length > 256_000) return new Response("Too large", { status: 413 });
  const verified = verifyWebhook(secret, { id: request.headers.get("svix-id"), timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") }, body);
  if (!verified) return new Response("Invalid signature", { status: 401 });
  let event: { type?: string; data?: { to?: string[] | string; bounce?: { type?: string; message?: string } } };
  try {
    event = JSON.parse(body);
  } catch {
    return new Response("Invalid JSON", { status: 400 });
  }
  const recorded = recordSuppression(db(), request.headers.get("svix-id")!, event);
  return Response.json({ received: true, suppressed: recorded });
}
