// Token hashes: the stored form of sessions and e-mailed links, so they must never change.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { describe, expect, test } from "vitest";
import { generateToken, hashToken } from "./tokens";

describe("hashToken", () => {
  test("is SHA-256 in lower-case hex (FIPS 180-2 test vectors)", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashToken("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  test("gives the hashes already stored for tokens, including non-ASCII ones", () => {
    const previous = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
    const tokens = [...Array.from({ length: 200 }, generateToken), "café-ünïcødé-令牌", "a".repeat(1000)];
    for (const token of tokens) expect(hashToken(token)).toBe(previous(token));
  });

  test("tokens are 32 characters of lower-case base32 and differ", () => {
    const made = Array.from({ length: 100 }, generateToken);
    for (const token of made) expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(new Set(made).size).toBe(100);
  });
});
