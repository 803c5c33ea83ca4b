import { describe, expect, test } from "vitest";
import { escapeHtml, html, SafeHtml, trustedHtml } from "./html";

describe("html", () => {
  test("escapes every interpolated string, in text and in attributes", () => {
    const hostile = `"><script>alert('x')</script>&`;
    const markup = html`<a title="${hostile}">${hostile}</a>`.__html;
    expect(markup).toBe(`<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>`);
    expect(markup).not.toContain("<script>");
  });

  test("keeps nested html as it is, joins arrays, and leaves nothing for null, undefined and false", () => {
    const inner = html`<b>${"a & b"}</b>`;
    expect(html`<p>${inner}${[html`<i>1</i>`, "<2>"]}${null}${undefined}${false}${0}</p>`.__html).toBe("<p><b>a &amp; b</b><i>1</i>&lt;2&gt;0</p>");
  });

  test("a string that looks like markup is never trusted: only html results are", () => {
    const lookalike = { __html: "<script></script>" } as unknown as string;
    expect(html`${lookalike}`.__html).toBe("[object Object]");
    expect(html`${trustedHtml("<hr/>")}`.__html).toBe("<hr/>");
    expect(() => new SafeHtml(Symbol("made by html") as never, "<script></script>")).toThrow(TypeError);
  });

  test("escapeHtml leaves ordinary text alone", () => {
    expect(escapeHtml("Quantum sensing – Zürich 2026")).toBe("Quantum sensing – Zürich 2026");
  });
});
