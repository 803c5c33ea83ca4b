import { describe, expect, test } from "vitest";
import { checkPassword, commonPasswordCount, PASSWORD_MAX } from "./password";

describe("password policy", () => {
  test("uses a maintained dictionary of at least 10,000 common passwords", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  test("length from 12 to 128 characters, counted in characters not bytes", () => {
    expect(checkPassword("elevenchars")).toMatch(/at least 12/);
    expect(checkPassword("twelve chars")).toBeNull();
    expect(checkPassword("äöüßéèçñåøæœ")).toBeNull();
    expect(checkPassword("x y".repeat(43))).toMatch(/at most 128/);
    expect(checkPassword("a b".repeat(42) + "ab")).toBeNull();
    expect(PASSWORD_MAX).toBe(128);
  });

  test("no composition rules: lower-case words are fine", () => {
    expect(checkPassword("correct horse battery staple")).toBeNull();
  });

  test("common passwords are refused whatever their case", () => {
    expect(checkPassword("qwerty123456")).toMatch(/most commonly used/);
    expect(checkPassword("QWERTY123456")).toMatch(/most commonly used/);
  });

  test("a password made of the e-mail's name, or one repeated character, is refused", () => {
    expect(checkPassword("rosa.researcher1", { email: "rosa.researcher@demo-university.example" })).toMatch(/e-mail address/);
    expect(checkPassword("aaaaaaaaaaaaaa")).toMatch(/repeat/);
  });
});
