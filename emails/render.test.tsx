// Every template renders to HTML and to a plain-text part with its preview props.
import { render, toPlainText } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { renderEmail, templates, type TemplateName } from "../app/modules/email/templates.server";

describe("e-mail templates", () => {
  for (const name of Object.keys(templates) as TemplateName[]) {
    test(`${name} renders to HTML and plain text`, async () => {
      const component = templates[name].component as unknown as { PreviewProps: Record<string, unknown> };
      expect(component.PreviewProps).toBeTruthy();
      const email = await renderEmail(name, component.PreviewProps as never);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.html).toMatch(/^<!DOCTYPE html/);
      expect(email.html).toContain('lang="en"');
      // The plain-text part carries the button's link itself, so it works in any client. Templates
      // with several links (the nudges' footers, the digests' items) name the button's one `url`.
      const props = component.PreviewProps;
      const url = (props.url ?? Object.values(props).find((v) => typeof v === "string" && v.startsWith("http"))) as string;
      expect(url).toMatch(/^http/);
      expect(email.text).toContain(url);
      expect(email.text).not.toMatch(/<[a-z]+[\s>]/);
      // react-email upper-cases headings in the plain-text part.
      expect(email.text).toMatch(/[A-Z ]{8,}/);
    });

    test(`${name} gives what react-email's own render gives, less React's comments`, async () => {
      const component = templates[name].component as unknown as ComponentType<object> & { PreviewProps: object };
      const email = await renderEmail(name, component.PreviewProps as never);
      const reference = await render(createElement(component, component.PreviewProps));
      // React's streaming renderer marks boundaries and text joins with comments (<!--$-->,
      // <!-- -->); the synchronous one writes none. The button's conditional comments for
      // Outlook (<!--[if mso]>…) are the template's own and stay. Nothing else may differ.
      const reactMarker = /<!--[^[>]*-->/;
      expect(reference).toMatch(reactMarker);
      expect(email.html).not.toMatch(reactMarker);
      expect(email.html).toBe(reference.replaceAll(new RegExp(reactMarker, "g"), ""));
      expect(email.text).toBe(toPlainText(reference));
    });
  }
});
