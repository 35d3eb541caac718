/**
 * The CommonMark block nodes: doc, paragraph, heading (levels 1–3), blockquote, code_block and
 * horizontal_rule. Lists, tables and Folio's own blocks live in their own modules.
 */
import type { NodeSpec } from "prosemirror-model";

/** Heading levels the schema keeps; pasted h4–h6 become level 3. */
export const HEADING_LEVELS = [1, 2, 3] as const;

// Language names end up in a class attribute and a Markdown info string: keep them to a safe alphabet.
const LANGUAGE = /^[\w+#.-]{0,40}$/;

/** Normalizes a code block language as found in pasted HTML or Markdown ("" when unusable). */
export function cleanLanguage(value: unknown): string {
  return typeof value === "string" && LANGUAGE.test(value) ? value : "";
}

/** CommonMark block node specs, in schema order (paragraph first: it is the default block). */
export const blockNodes = {
  doc: { content: "block+" },
  paragraph: {
    group: "block",
    content: "inline*",
    parseDOM: [{ tag: "p" }],
    toDOM: () => ["p", 0],
  },
  heading: {
    group: "block",
    // No hard_break: an ATX heading is a single Markdown line.
    content: "(text | image | math_inline | mention)*",
    defining: true,
    attrs: {
      level: {
        default: 1,
        validate: (value) => {
          if (!HEADING_LEVELS.includes(value)) throw new RangeError(`heading level ${String(value)}`);
        },
      },
    },
    parseDOM: [1, 2, 3, 4, 5, 6].map((n) => ({ tag: `h${n}`, attrs: { level: Math.min(n, 3) } })),
    toDOM: (node) => [`h${node.attrs.level as number}`, 0],
  },
  blockquote: {
    group: "block",
    content: "block+",
    defining: true,
    parseDOM: [{ tag: "blockquote" }],
    toDOM: () => ["blockquote", 0],
  },
  code_block: {
    group: "block",
    content: "text*",
    marks: "",
    code: true,
    defining: true,
    attrs: { language: { default: "", validate: "string" } },
    parseDOM: [
      {
        tag: "pre",
        preserveWhitespace: "full",
        getAttrs: (dom) => {
          const code = dom.querySelector("code");
          const fromClass = /(?:^|\s)language-(\S+)/.exec(code?.className ?? "")?.[1];
          return { language: cleanLanguage(dom.getAttribute("data-language") ?? fromClass ?? "") };
        },
      },
    ],
    toDOM: (node) => {
      const language = cleanLanguage(node.attrs.language);
      return ["pre", language ? { "data-language": language } : {}, ["code", language ? { class: `language-${language}` } : {}, 0]];
    },
  },
  horizontal_rule: {
    group: "block",
    parseDOM: [{ tag: "hr" }],
    toDOM: () => ["hr"],
  },
} satisfies Record<string, NodeSpec>;
