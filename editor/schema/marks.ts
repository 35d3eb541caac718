/** Marks: link (href, title), code, strong, em and strikethrough. */
import type { MarkSpec } from "prosemirror-model";
import { isSafeLinkHref } from "./safeUrl";

/**
 * Mark specs. Their order is the nesting order in the DOM and in Markdown: a link wraps emphasis,
 * and `code` comes last because nothing can be nested inside a code span.
 */
export const marks = {
  link: {
    attrs: {
      href: {
        validate: (value) => {
          if (!isSafeLinkHref(value)) throw new RangeError("unsafe link href");
        },
      },
      title: { default: "", validate: "string" },
    },
    inclusive: false,
    parseDOM: [
      {
        tag: "a[href]",
        // A javascript: (or data:, …) link is dropped; its text stays.
        getAttrs: (dom) => {
          const href = dom.getAttribute("href");
          return isSafeLinkHref(href) ? { href, title: dom.getAttribute("title") ?? "" } : false;
        },
      },
    ],
    toDOM: (mark) => {
      const { href, title } = mark.attrs as { href: string; title: string };
      return ["a", { href, ...(title ? { title } : {}), rel: "noopener noreferrer nofollow" }, 0];
    },
  },
  strong: {
    parseDOM: [
      { tag: "strong" },
      // Google Docs wraps whole documents in <b style="font-weight:normal">.
      { tag: "b", getAttrs: (dom) => dom.style.fontWeight !== "normal" && null },
      { style: "font-weight=400", clearMark: (m) => m.type.name === "strong" },
      { style: "font-weight", getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null },
    ],
    toDOM: () => ["strong", 0],
  },
  em: {
    parseDOM: [
      { tag: "i" },
      { tag: "em" },
      { style: "font-style=italic" },
      { style: "font-style=normal", clearMark: (m) => m.type.name === "em" },
    ],
    toDOM: () => ["em", 0],
  },
  strikethrough: {
    parseDOM: [{ tag: "s" }, { tag: "del" }, { tag: "strike" }, { style: "text-decoration=line-through" }],
    toDOM: () => ["s", 0],
  },
  code: {
    code: true,
    parseDOM: [{ tag: "code" }],
    toDOM: () => ["code", 0],
  },
} satisfies Record<string, MarkSpec>;
