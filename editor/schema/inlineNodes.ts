/** Inline nodes: text, hard_break, image (by URL) and math_inline. */
import type { NodeSpec } from "prosemirror-model";
import { isSafeImageSrc } from "./safeUrl";

/** Inline node specs. `math_inline` keeps its LaTeX source in the `latex` attribute. */
export const inlineNodes = {
  text: { group: "inline" },
  hard_break: {
    group: "inline",
    inline: true,
    selectable: false,
    parseDOM: [{ tag: "br" }],
    toDOM: () => ["br"],
  },
  image: {
    group: "inline",
    inline: true,
    draggable: true,
    attrs: {
      src: { validate: "string" },
      alt: { default: "", validate: "string" },
      title: { default: "", validate: "string" },
    },
    parseDOM: [
      {
        tag: "img[src]",
        // Only http(s) and relative images survive a paste; data: and friends are dropped.
        getAttrs: (dom) => {
          const src = dom.getAttribute("src");
          if (!isSafeImageSrc(src)) return false;
          return { src, alt: dom.getAttribute("alt") ?? "", title: dom.getAttribute("title") ?? "" };
        },
      },
    ],
    toDOM: (node) => {
      const { src, alt, title } = node.attrs as { src: string; alt: string; title: string };
      return ["img", { src: isSafeImageSrc(src) ? src : "", alt, ...(title ? { title } : {}) }];
    },
  },
  math_inline: {
    group: "inline",
    inline: true,
    atom: true,
    attrs: { latex: { default: "", validate: "string" } },
    parseDOM: [
      {
        tag: "span[data-math-inline]",
        getAttrs: (dom) => ({ latex: dom.getAttribute("data-latex") ?? dom.textContent ?? "" }),
      },
    ],
    toDOM: (node) => ["span", { "data-math-inline": "", "data-latex": node.attrs.latex as string }, node.attrs.latex as string],
  },
} satisfies Record<string, NodeSpec>;
