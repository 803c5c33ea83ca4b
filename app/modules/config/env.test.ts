import { describe, expect, test } from "vitest";
import { ConfigError, parseConfig } from "./env.server";

describe("configuration", () => {
  test("development defaults need no variables", () => {
    const config = parseConfig({});
    expect(config.appEnv).toBe("development");
    expect(config.port).toBe(3000);
    expect(config.appUrl).toBe("http://localhost:3000");
    expect(config.databasePath).toBe("./data/upstream.db");
    expect(config.emailTransport).toBe("outbox");
    expect(config.exposeDevOutbox).toBe(true);
    expect(config.appSecret).toHaveLength(64);
  });

  test("production defaults to Resend and hides the development outbox", () => {
    const config = parseConfig({ NODE_ENV: "production", APP_URL: "https://upstream.example.org/", APP_SECRET: "s".repeat(32), RESEND_API_KEY: "re_abc123" });
    expect(config.appEnv).toBe("production");
    expect(config.emailTransport).toBe("resend");
    expect(config.exposeDevOutbox).toBe(false);
    expect(config.appUrl).toBe("https://upstream.example.org");
    expect(config.secureCookies).toBe(true);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ["PORT", { PORT: "eighty" }, /^PORT must be a whole number/],
    ["PORT out of range", { PORT: "70000" }, /^PORT must be a whole number/],
    ["APP_URL", { APP_URL: "upstream.example.org" }, /^APP_URL must be an absolute/],
    ["APP_ENV", { APP_ENV: "staging" }, /^APP_ENV must be one of/],
    ["EMAIL_TRANSPORT", { EMAIL_TRANSPORT: "pigeon" }, /^EMAIL_TRANSPORT must be resend or outbox/],
    ["RESEND_API_KEY missing", { EMAIL_TRANSPORT: "resend" }, /RESEND_API_KEY is required when EMAIL_TRANSPORT is resend/],
    ["RESEND_API_KEY malformed", { EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "abc" }, /^RESEND_API_KEY must be a Resend API key/],
    ["RESEND_BASE_URL", { RESEND_BASE_URL: "not a url" }, /^RESEND_BASE_URL must be an absolute/],
    ["APP_SECRET short", { APP_SECRET: "short" }, /^APP_SECRET must be at least 32 characters/],
    ["TRUST_PROXY", { TRUST_PROXY: "maybe" }, /^TRUST_PROXY must be true or false/],
    ["EMAIL_FROM", { EMAIL_FROM: "nobody" }, /^EMAIL_FROM must be an address/],
    ["production APP_URL", { APP_ENV: "production", APP_SECRET: "s".repeat(32), RESEND_API_KEY: "re_x" }, /APP_URL is required in production/],
    ["production APP_SECRET", { APP_ENV: "production", APP_URL: "https://u.example", RESEND_API_KEY: "re_x" }, /APP_SECRET is required in production/],
  ];
  test.each(bad)("%s: a clear error naming the variable", (_name, env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });
});
