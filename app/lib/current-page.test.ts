import { matchPath } from "react-router";
import { describe, expect, test } from "vitest";
import { isCurrent } from "./current-page";

describe("isCurrent", () => {
  test.each([
    ["/office/cases", "/office/cases", false, true],
    ["/office/cases/", "/office/cases", false, true],
    ["/Office/Cases", "/office/cases", false, true],
    ["/office/cases/12", "/office/cases", false, true],
    ["/office/cases/12", "/office", true, false],
    ["/office", "/office", true, true],
    ["/office/", "/office", true, true],
    ["/office/casesx", "/office/cases", false, false],
    ["/office", "/office/cases", false, false],
    ["/projects", "/project", false, false],
  ])("%s for a link to %s (end: %s) is %s", (pathname, to, end, expected) => {
    expect(isCurrent(pathname, to, end)).toBe(expected);
  });

  test("agrees with React Router's own path matching, as NavLink uses it", () => {
    const links = ["/office", "/office/cases", "/projects", "/library", "/account/sessions"];
    const paths = ["/", "/office", "/office/", "/office/cases", "/office/cases/7", "/OFFICE/CASES", "/office/casework", "/projects/3/assessment", "/library?q=x", "/account/sessions/2", "/accounts"];
    for (const to of links) {
      for (const end of [false, true]) {
        for (const raw of paths) {
          const pathname = raw.split("?")[0]!;
          const routerSays = matchPath({ path: to, end, caseSensitive: false }, pathname) !== null;
          expect(isCurrent(pathname, to, end), `${pathname} → ${to} (end: ${end})`).toBe(routerSays);
        }
      }
    }
  });
});
