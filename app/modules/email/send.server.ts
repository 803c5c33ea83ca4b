// The one way the portal sends an e-mail. Two transports, chosen by configuration: Resend in
// production, and the outbox (messages stay in the database) in development, demo and tests.
import { Resend } from "resend";
import type { Config } from "../config/env.server";

export type EmailMessage = {
  to: string;
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string;
  headers?: Record<string, string>;
};

export type SendResult = { ok: true; id: string } | { ok: false; retryable: boolean; error: string; retryAfterSeconds?: number };

export interface EmailTransport {
  readonly name: "resend" | "outbox";
  send(message: EmailMessage): Promise<SendResult>;
}

/** Keeps the message where it is (the outbox table); nothing leaves the machine. */
export const outboxTransport: EmailTransport = {
  name: "outbox",
  async send(message) {
    return { ok: true, id: `outbox:${message.idempotencyKey}` };
  },
};

export function resendTransport(options: { apiKey: string; baseUrl?: string; from: string }): EmailTransport {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : undefined);
  return {
    name: "resend",
    async send(message) {
      try {
        const { data, error, headers } = await client.emails.send(
          { from: options.from, to: message.to, subject: message.subject, html: message.html, text: message.text, headers: message.headers },
          { idempotencyKey: message.idempotencyKey },
        );
        if (data?.id) return { ok: true, id: data.id };
        const status = error && "statusCode" in error ? (error.statusCode as number | null) : null;
        // No status means the request never got an answer (network, DNS, timeout): try again.
        const retryable = status === null || status === 429 || status >= 500;
        const retryAfter = Number(headers?.["retry-after"]);
        return {
          ok: false,
          retryable,
          error: `${status ?? "network"}: ${error?.message ?? "no message id in the answer"}`,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
        };
      } catch (error) {
        return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

export function transportFromConfig(config: Config): EmailTransport {
  if (config.emailTransport === "resend") {
    return resendTransport({ apiKey: config.resendApiKey!, baseUrl: config.resendBaseUrl, from: config.emailFrom });
  }
  return outboxTransport;
}

export function sendEmail(transport: EmailTransport, message: EmailMessage): Promise<SendResult> {
  return transport.send(message);
}
