// The part of html-to-text's interface used here (the package ships no type declarations).
declare module "html-to-text" {
  export type SelectorDefinition = { selector: string; format?: string; options?: Record<string, unknown> };
  export type HtmlToTextOptions = { wordwrap?: number | false; selectors?: SelectorDefinition[] };
  export function compile(options?: HtmlToTextOptions): (html: string) => string;
}
