// The nudge e-mails: each carries its links in the plain-text part, escapes what people typed,
// keeps subjects short, and says plainly when it cannot be switched off.
import { describe, expect, test } from "vitest";
import { nudgeTemplateName, renderEmail, templates } from "../app/modules/email/templates.server";
import { KINDS, NUDGE_KINDS, type NudgeKind } from "../app/modules/nudges/kinds";

type Props = Record<string, unknown>;

const ALL_KINDS: NudgeKind[] = [...NUDGE_KINDS, "digest"];
const HOSTILE = "<script>alert(1)</script>";

function previewProps(kind: NudgeKind): Props {
  const component = templates[nudgeTemplateName(kind)].component as unknown as { PreviewProps: Props };
  return structuredClone(component.PreviewProps);
}

function render(kind: NudgeKind, props: Props) {
  return renderEmail(nudgeTemplateName(kind), props as never);
}

/** Every string a person could have typed, with a script tag added; links and fixed choices stay as they are. */
function poisoned(value: unknown, key = ""): unknown {
  if (typeof value === "string") return value.startsWith("http") || key === "period" ? value : `${value} ${HOSTILE}`;
  if (Array.isArray(value)) return value.map((item) => poisoned(item));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, k)]));
  return value;
}

describe("nudge e-mails", () => {
  test("every kind has a registered template", () => {
    for (const kind of ALL_KINDS) expect(templates[nudgeTemplateName(kind)]).toBeTruthy();
    expect(nudgeTemplateName("case-question")).toBe("nudge-case-question");
    expect(nudgeTemplateName("digest")).toBe("nudge-digest");
  });

  for (const kind of ALL_KINDS) {
    describe(kind, () => {
      test("the plain-text part carries the button's link, the settings and the one-click unsubscribe", async () => {
        const props = previewProps(kind);
        const email = await render(kind, props);
        for (const key of ["url", "preferencesUrl", "unsubscribeUrl"]) {
          expect(props[key]).toMatch(/^http:\/\/localhost:3000\//);
          expect(email.text).toContain(props[key]);
          expect(email.html).toContain(`href="${props[key] as string}"`);
        }
        expect(email.text).toContain(`Hello ${props.name as string},`);
      });

      test("what people typed is escaped in the HTML", async () => {
        const email = await render(kind, poisoned(previewProps(kind)) as Props);
        expect(email.html).not.toMatch(/<script/i);
        expect(email.html).toContain("&lt;script&gt;");
      });

      test("a long title keeps the subject short", async () => {
        const long = "Crowd-emotion recognition in public video from street cameras, piloted with a partner abroad over three years";
        const props = previewProps(kind);
        for (const key of ["projectTitle", "institutionName", "researcherName"]) if (key in props) props[key] = long;
        const email = await render(kind, props);
        expect(email.subject.length).toBeLessThanOrEqual(90);
        if ("projectTitle" in props && email.subject.includes("“")) expect(email.subject).toContain("…");
        expect(email.subject).not.toMatch(/\s{2}|\n/);
      });

      const canTurnOff = kind === "digest" || KINDS[kind].canTurnOff;
      test(canTurnOff ? "says why the reader gets it" : "says it cannot be switched off, and why", async () => {
        const email = await render(kind, previewProps(kind));
        if (canTurnOff) {
          expect(email.text).toContain("You receive this because");
          expect(email.text).not.toContain("cannot be switched off");
        } else {
          expect(email.text).toContain("about your own project, so it cannot be switched off");
        }
      });
    });
  }

  test("researchers' case questions and decisions cannot be switched off, and explain why", async () => {
    const question = await render("case-question", previewProps("case-question"));
    expect(question.text).toContain("cannot be switched off: your compliance office needs your answer");
    const decision = await render("case-decision", previewProps("case-decision"));
    expect(decision.text).toContain("cannot be switched off: you need to know the decision");
  });

  test("a question keeps its line breaks", async () => {
    const props = { ...previewProps("case-question"), question: "Who recorded the footage?\nWill the models be shared?" };
    const email = await render("case-question", props);
    expect(email.text).toContain("Who recorded the footage?\nWill the models be shared?");
    expect(email.html).toContain("white-space:pre-wrap");
  });

  test("the digest lists every item's label, summary and link, with one button to the portal", async () => {
    const props = previewProps("digest");
    const items = props.items as { label: string; summary: string; url: string }[];
    expect(items.length).toBeGreaterThan(1);
    const email = await render("digest", props);
    for (const item of items) {
      expect(email.text).toContain(`${item.label} ${item.url}`);
      expect(email.text).toContain(item.summary);
    }
    expect(email.subject).toContain(`${items.length} updates`);
    expect(email.text).toContain(`Open Upstream ${props.url as string}`);
  });

  test("the library digest lists every article with its reason", async () => {
    const props = previewProps("library-digest");
    const articles = props.articles as { title: string; summary: string; url: string; reason: string }[];
    const email = await render("library-digest", props);
    for (const article of articles) {
      expect(email.text).toContain(`${article.title} ${article.url}`);
      expect(email.text).toContain(article.reason);
    }
  });

  test("officer and analyst e-mails name the case number or warning", async () => {
    for (const kind of ALL_KINDS.filter((k) => k !== "digest" && KINDS[k].audience !== "researcher")) {
      const props = previewProps(kind);
      const reference = "caseNumber" in props ? `case #${props.caseNumber as number}` : (props.warningId as string);
      const email = await render(kind, props);
      expect(email.subject.toLowerCase()).toContain(reference.toLowerCase());
      expect(email.text.toLowerCase()).toContain(reference.toLowerCase());
    }
  });
});
