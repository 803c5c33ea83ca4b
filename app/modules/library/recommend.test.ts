import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openDatabase } from "../../../db/client.server";
import { TMP_DIR } from "../../../tests/support/paths";
import { recommendArticles } from "./library.server";

const researcher = { userId: 1, email: "r@x.example", name: "R", role: "researcher" as const, institutionId: 1, agencyId: null, sessionId: "t" };

describe("recommended reading", () => {
  const db = openDatabase(join(mkdtempSync(join(TMP_DIR, "recommend-")), "upstream.db"));

  test("a profile raised by surveillance and sharing abroad recommends the matching articles first, with the reason", () => {
    const reasons = [
      { tags: ["cyber-surveillance", "human-rights"], reason: "because of: surveillance-capable work with a government end user", weight: 4 },
      { tags: ["code-repository", "cloud"], reason: "because of: unpublished code shared with a partner abroad", weight: 2 },
    ];
    const picks = recommendArticles(db, researcher, reasons, ["biometrics-surveillance"]);
    expect(picks.length).toBeGreaterThanOrEqual(3);
    expect(picks.slice(0, 3).map((p) => p.slug)).toContain("cyber-surveillance-items-and-article-5");
    expect(picks.map((p) => p.slug)).toContain("sharing-code-models-and-data");
    const cyber = picks.find((p) => p.slug === "cyber-surveillance-items-and-article-5")!;
    expect(cyber.reason).toBe("because of: surveillance-capable work with a government end user");
    // Officer-only guidance is never recommended to a researcher's project.
    expect(picks.every((p) => !p.slug.startsWith("officer-"))).toBe(true);
  });

  test("nothing raised and no sensitive area recommends nothing", () => {
    expect(recommendArticles(db, researcher, [], ["pure-mathematics"])).toEqual([]);
  });
});
