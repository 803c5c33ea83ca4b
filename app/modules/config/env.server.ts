// Owns the process configuration: read once from the environment, validated, and frozen.
// The process refuses to start with a message that names the variable at fault.
import { randomBytes } from "node:crypto";
import { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const appEnvs = ["development", "test", "demo", "production"] as const;
export type AppEnv = (typeof appEnvs)[number];

const booleanText = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1");

const variables = z.object({
    APP_ENV: z.enum(appEnvs, { message: `must be one of ${appEnvs.join(", ")}` }).optional(),
    NODE_ENV: z.string().optional(),
    PORT: z
      .string()
      .regex(/^\d+$/, "must be a whole number between 0 and 65535")
      .transform(Number)
      .refine((port) => port >= 0 && port <= 65535, "must be a whole number between 0 and 65535")
      .optional(),
    APP_URL: z
      .url({ message: "must be an absolute http(s) address such as https://upstream.example.org" })
      .refine((value) => /^https?:\/\//.test(value), "must be an absolute http(s) address such as https://upstream.example.org")
      .optional(),
    DATABASE_PATH: z.string().min(1, "must not be empty").optional(),
    MIGRATIONS_DIR: z.string().min(1, "must not be empty").optional(),
    EMAIL_TRANSPORT: z.enum(["resend", "outbox"], { message: "must be resend or outbox" }).optional(),
    EMAIL_FROM: z
      .string()
      .regex(/^(.+<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$/, "must be an address such as Upstream <no-reply@example.org>")
      .optional(),
    RESEND_API_KEY: z.string().regex(/^re_\w+$/, "must be a Resend API key (it starts with re_)").optional(),
    RESEND_BASE_URL: z.url({ message: "must be an absolute http(s) address" }).optional(),
    RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, "must be a webhook signing secret (it starts with whsec_)").optional(),
    APP_SECRET: z.string().min(32, "must be at least 32 characters long").optional(),
    TRUST_PROXY: booleanText.optional(),
    MFA_REQUIRED_ROLES: z
      .string()
      .regex(/^(none|((researcher|officer|analyst|admin)(,(researcher|officer|analyst|admin))*))$/, "must be none or a comma-separated list of researcher, officer, analyst, admin")
      .optional(),
});

const schema = variables.superRefine((env, ctx) => {
    const appEnv = env.APP_ENV ?? defaultAppEnv(env.NODE_ENV);
    if (appEnv === "production") {
      for (const key of ["APP_URL", "APP_SECRET"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
      }
    }
    const transport = env.EMAIL_TRANSPORT ?? (appEnv === "production" ? "resend" : "outbox");
    if (transport === "resend" && !env.RESEND_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: "is required when EMAIL_TRANSPORT is resend" });
    }
  });

function defaultAppEnv(nodeEnv: string | undefined): AppEnv {
  if (nodeEnv === "production") return "production";
  if (nodeEnv === "test") return "test";
  return "development";
}

export type Config = Readonly<{
  appEnv: AppEnv;
  port: number;
  appUrl: string;
  appOrigin: string;
  secureCookies: boolean;
  databasePath: string;
  migrationsDir: string | undefined;
  emailTransport: "resend" | "outbox";
  emailFrom: string;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  /** Verifies Resend's bounce and complaint webhooks; without it the webhook endpoint answers 404. */
  resendWebhookSecret: string | undefined;
  appSecret: string;
  trustProxy: boolean;
  /** Roles that must sign in with a second step (TOTP). Production: officers, analysts and administrators. */
  mfaRequiredRoles: readonly ("researcher" | "officer" | "analyst" | "admin")[];
  /** The development outbox page lists every stored e-mail; never in production. */
  exposeDevOutbox: boolean;
}>;

export function parseConfig(source: Record<string, string | undefined>): Config {
  const blank = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());
  const input = Object.fromEntries(Object.keys(variables.shape).map((key) => [key, blank(source[key])]));
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(lines.join("; "));
  }
  const env = result.data;
  const appEnv = env.APP_ENV ?? defaultAppEnv(env.NODE_ENV);
  const port = env.PORT ?? 3000;
  const appUrl = (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  return Object.freeze({
    appEnv,
    port,
    appUrl,
    appOrigin: new URL(appUrl).origin,
    secureCookies: appUrl.startsWith("https://"),
    databasePath: env.DATABASE_PATH ?? "./data/upstream.db",
    migrationsDir: env.MIGRATIONS_DIR,
    emailTransport: env.EMAIL_TRANSPORT ?? (appEnv === "production" ? "resend" : "outbox"),
    emailFrom: env.EMAIL_FROM ?? "Upstream <no-reply@upstream.example>",
    resendApiKey: env.RESEND_API_KEY,
    resendBaseUrl: env.RESEND_BASE_URL,
    resendWebhookSecret: env.RESEND_WEBHOOK_SECRET,
    // Outside production a fresh random secret per process is enough: nothing signed with it
    // needs to outlive a restart of a development or demo server.
    appSecret: env.APP_SECRET ?? randomBytes(32).toString("hex"),
    trustProxy: env.TRUST_PROXY ?? false,
    mfaRequiredRoles: (env.MFA_REQUIRED_ROLES ?? (appEnv === "production" ? "officer,analyst,admin" : "none")) === "none"
      ? []
      : ((env.MFA_REQUIRED_ROLES ?? "officer,analyst,admin").split(",") as ("researcher" | "officer" | "analyst" | "admin")[]),
    exposeDevOutbox: appEnv !== "production",
  });
}

let current: Config | undefined;

export function getConfig(): Config {
  current ??= parseConfig(process.env);
  return current;
}
