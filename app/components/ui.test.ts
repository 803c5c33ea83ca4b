import { describe, expect, test } from "vitest";
import { formatDate } from "./ui";

describe("formatDate", () => {
  test("gives the UTC day, as toISOString does, across months, leap days and the day's last millisecond", () => {
    const start = Date.UTC(2023, 11, 25);
    for (let day = 0; day < 800; day++) {
      for (const offset of [0, 86_399_999]) {
        const at = new Date(start + day * 86_400_000 + offset);
        expect(formatDate(at)).toBe(at.toISOString().slice(0, 10));
      }
    }
    expect(formatDate("2024-02-29T23:59:59Z")).toBe("2024-02-29");
    expect(formatDate(Date.UTC(2026, 0, 1))).toBe("2026-01-01");
  });

  test("years outside four digits come out as before, and an invalid date still throws", () => {
    for (const year of [12_000, 999, -5]) {
      const at = new Date(Date.UTC(2000, 5, 1));
      at.setUTCFullYear(year);
      expect(formatDate(at)).toBe(at.toISOString().slice(0, 10));
    }
    expect(() => formatDate("not a date")).toThrow(RangeError);
  });
});
