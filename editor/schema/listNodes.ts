/**
 * Lists: bullet_list, ordered_list (with `start`), list_item, and the GFM task list (task_list of
 * task_item with `checked`). Items start with a paragraph, as in Markdown.
 */
import type { NodeSpec } from "prosemirror-model";

/** List node specs. task_list is listed first so its parse rule wins over the plain `ul` rule. */
export const listNodes = {
  task_list: {
    group: "block",
    content: "task_item+",
    parseDOM: [{ tag: "ul[data-task-list]", priority: 60 }],
    toDOM: () => ["ul", { "data-task-list": "" }, 0],
  },
  task_item: {
    content: "paragraph block*",
    defining: true,
    attrs: { checked: { default: false, validate: "boolean" } },
    parseDOM: [
      {
        tag: "li[data-task-item]",
        priority: 60,
        getAttrs: (dom) => ({ checked: dom.getAttribute("data-checked") === "true" }),
      },
    ],
    toDOM: (node) => ["li", { "data-task-item": "", "data-checked": String(node.attrs.checked) }, 0],
  },
  bullet_list: {
    group: "block",
    content: "list_item+",
    parseDOM: [{ tag: "ul" }],
    toDOM: () => ["ul", 0],
  },
  ordered_list: {
    group: "block",
    content: "list_item+",
    attrs: {
      start: {
        default: 1,
        validate: (value) => {
          // CommonMark allows at most nine digits in an ordered list marker.
          if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 999_999_999) {
            throw new RangeError(`ordered_list start ${String(value)}`);
          }
        },
      },
    },
    parseDOM: [
      {
        tag: "ol",
        getAttrs: (dom) => {
          const start = Number(dom.getAttribute("start") ?? 1);
          return { start: Number.isInteger(start) && start >= 0 && start <= 999_999_999 ? start : 1 };
        },
      },
    ],
    toDOM: (node) => ["ol", node.attrs.start === 1 ? {} : { start: String(node.attrs.start) }, 0],
  },
  list_item: {
    content: "paragraph block*",
    defining: true,
    parseDOM: [{ tag: "li" }],
    toDOM: () => ["li", 0],
  },
} satisfies Record<string, NodeSpec>;
