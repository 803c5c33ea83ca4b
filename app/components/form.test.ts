import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { SelectField } from "./form";

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

  test("escapes labels and values", () => {
    const markup = render({ optionsAsMarkup: true });
    expect(markup).toContain(`<option value="X&lt;">&quot;Quoted&quot; &amp; &lt;tagged&gt;</option>`);
    expect(markup).not.toContain("<tagged>");
  });
});
