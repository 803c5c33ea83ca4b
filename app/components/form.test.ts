import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { keptOptions, optionsHtml, SelectField } from "./form";

const options = [
  { value: "FR", label: "France" },
  { value: "CI", label: "Côte d’Ivoire" },
  { value: "X<", label: `"Quoted" & <tagged>` },
];
const render = (props: Partial<Parameters<typeof SelectField>[0]>) => renderToStaticMarkup(createElement(SelectField, { name: "country", label: "Partner country", options, ...props }));

describe("SelectField with its options as markup", () => {
  test.each([
    ["nothing chosen, with a placeholder", { placeholder: "Any" }],
    ["one chosen", { placeholder: "Any", defaultValue: "CI" }],
    ["a value that needs escaping chosen", { defaultValue: "X<" }],
    ["with an error and a hint", { defaultValue: "FR", error: "Choose a country.", hint: "Where the partner is based" }],
  ])("writes the same select as React does: %s", (_name, props) => {
    expect(render({ ...props, optionsAsMarkup: true })).toBe(render(props));
  });

  test("a list written once serves every choice, with and without a placeholder, never keeping the last one", () => {
    for (const props of [{ defaultValue: "CI" }, { defaultValue: "FR", placeholder: "Any" }, {}, { placeholder: "Any" }, { defaultValue: "CI" }, { defaultValue: "nowhere" }]) {
      expect(render({ ...props, optionsAsMarkup: true })).toBe(render(props));
    }
    expect(render({ defaultValue: "FR", optionsAsMarkup: true }).match(/selected=""/g)).toHaveLength(1);
  });

  test("the first choices of a list are kept marked; more choices, and values not in the list, are marked afresh", () => {
    const countries = keptOptions(Array.from({ length: 12 }, (_, i) => ({ value: `C${i}`, label: `Country ${i}` })));
    for (let round = 0; round < 2; round++) {
      for (const value of ["", ...countries.map((c) => c.value), "nowhere"]) {
        const markup = optionsHtml(countries, value, "Any").__html;
        const known = value !== "nowhere";
        expect(markup.match(/selected=""/g) ?? []).toHaveLength(known ? 1 : 0);
        if (known) expect(markup).toContain(`<option value="${value}" selected="">`);
      }
    }
    expect(optionsHtml(countries, "", "Any")).toBe(optionsHtml(countries, "", "Any"));
    expect(optionsHtml(countries, "C11", "Any")).not.toBe(optionsHtml(countries, "C11", "Any"));
    expect(optionsHtml(countries, "nowhere", "Any")).not.toBe(optionsHtml(countries, "nowhere", "Any"));
  });

  test("a list made for one request is written for it and not kept; a kept list is", () => {
    const officers = () => [
      { value: "7", label: "Ada" },
      { value: "9", label: "Grace" },
    ];
    const once = optionsHtml(officers(), "9", "Anyone");
    const again = optionsHtml(officers(), "9", "Anyone");
    expect(again.__html).toBe(once.__html);
    expect(again.__html).toContain('<option value="9" selected="">Grace</option>');
    const unkept = officers();
    expect(optionsHtml(unkept, "", "Anyone")).not.toBe(optionsHtml(unkept, "", "Anyone"));
    const kept = keptOptions(officers());
    expect(Object.isFrozen(kept)).toBe(true);
    expect(optionsHtml(kept, "", "Anyone")).toBe(optionsHtml(kept, "", "Anyone"));
    expect(optionsHtml(kept, "", "Anyone").__html).toBe(optionsHtml(unkept, "", "Anyone").__html);
  });

  test("escapes labels and values", () => {
    const markup = render({ optionsAsMarkup: true });
    expect(markup).toContain(`<option value="X&lt;">&quot;Quoted&quot; &amp; &lt;tagged&gt;</option>`);
    expect(markup).not.toContain("<tagged>");
  });
});
