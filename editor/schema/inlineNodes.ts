/** Inline nodes: text, hard_break, image (by URL), math_inline and mention. */
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
  /**
   * A person mentioned in the body (`@[Name](user:<id>)` in Folio Markdown). `label` is the name at
   * the time of mentioning; `mid` is a random id given when the mention is inserted, which makes
   * "notify once per mention" a database uniqueness rule (docs/sharing.md). The chip is text only.
   */
  mention: {
    group: "inline",
    inline: true,
    atom: true,
    selectable: true,
    leafText: (node) => `@${node.attrs.label as string}`,
    attrs: {
      id: { validate: "string" },
      label: { default: "", validate: "string" },
      mid: { default: "", validate: "string" },
    },
    parseDOM: [
      {
        tag: "span[data-mention]",
        getAttrs: (dom) => {
          const id = dom.getAttribute("data-mention");
          if (!id || !USER_ID.test(id)) return false;
          return { id, label: dom.getAttribute("data-label") ?? (dom.textContent ?? "").replace(/^@/, ""), mid: dom.getAttribute("data-mid") ?? "" };
        },
      },
    ],
    toDOM: (node) => {
      const { id, label, mid } = node.attrs as { id: string; label: string; mid: string };
      return ["span", { class: "mention", "data-mention": id, "data-label": label, ...(mid ? { "data-mid": mid, id: `mention-${mid}` } : {}) }, `@${label}`];
    },
  },
} satisfies Record<string, NodeSpec>;

/** What a mentioned user id looks like (the server's ids; also the Markdown rule's pattern). */
export const USER_ID = /^[a-z0-9]{1,64}$/;
