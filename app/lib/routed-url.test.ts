// The page's address as loaders and actions serve it, from the request as it arrived.
import { describe, expect, test } from "vitest";
import { routedUrl } from "./http.server";

const routed = (address: string) => {
  const url = routedUrl(new Request(`https://portal.example${address}`));
  return url.pathname + url.search;
};

describe("routedUrl", () => {
  test("a document request's address is kept as it is", () => {
    expect(routed("/office/cases?status=new&country=CN")).toBe("/office/cases?status=new&country=CN");
    expect(routed("/")).toBe("/");
  });

  test("the client runtime's data requests lose their .data suffix and _routes parameter", () => {
    expect(routed("/office/cases.data?status=new&_routes=routes%2Foffice.cases._index")).toBe("/office/cases?status=new");
    expect(routed("/projects/12/partners.data")).toBe("/projects/12/partners");
    expect(routed("/_root.data?_routes=root")).toBe("/");
  });

  test("an empty index parameter (a form posted to an index route) goes; one with a value stays", () => {
    expect(routed("/office/cases?index&status=new")).toBe("/office/cases?status=new");
    expect(routed("/office/cases?index=")).toBe("/office/cases");
    expect(routed("/library?index=2")).toBe("/library?index=2");
  });

  test("a trailing slash goes, except the root's", () => {
    expect(routed("/library/")).toBe("/library");
    expect(routed("/library/.data")).toBe("/library");
  });

  test("a page whose own name ends in data is not cut", () => {
    expect(routed("/agency/trends/data?format=json")).toBe("/agency/trends/data?format=json");
  });
});
