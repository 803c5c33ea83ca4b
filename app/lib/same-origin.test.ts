import { describe, expect, test } from "vitest";
import { isSameOriginRequest } from "./same-origin";

describe("same-origin check", () => {
  const app = "https://upstream.example.org";

  test("accepts our own origin, or the host the browser talked to", () => {
    expect(isSameOriginRequest({ origin: app }, app, "https")).toBe(true);
    expect(isSameOriginRequest({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }, app, "http")).toBe(true);
  });

  test("refuses other origins, 'null', and requests that say nothing", () => {
    expect(isSameOriginRequest({ origin: "https://evil.example" }, app, "https")).toBe(false);
    expect(isSameOriginRequest({ origin: "https://upstream.example.org.evil.example" }, app, "https")).toBe(false);
    expect(isSameOriginRequest({ origin: "null" }, app, "https")).toBe(false);
    expect(isSameOriginRequest({}, app, "https")).toBe(false);
  });

  test("without Origin, trusts only Sec-Fetch-Site same-origin or none", () => {
    expect(isSameOriginRequest({ "sec-fetch-site": "same-origin" }, app, "https")).toBe(true);
    expect(isSameOriginRequest({ "sec-fetch-site": "cross-site" }, app, "https")).toBe(false);
    expect(isSameOriginRequest({ "sec-fetch-site": "same-site" }, app, "https")).toBe(false);
  });
});
