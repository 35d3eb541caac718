/**
 * Folio's own blocks, beyond Markdown: callout, toc (table of contents) and math_block. They share
 * the `folio_block` group besides `block`, and Markdown writes each as a fenced `folio-*` block.
 *
 * The report panel grid (issue 5), also a `folio_block`, has its own module: panelNodes.ts.
 */
import type { NodeSpec } from "prosemirror-model";

/** The kinds of callout, in the order the slash menu offers them. */
export const CALLOUT_KINDS = ["info", "warning", "success", "danger"] as const;

/** A callout kind. */
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

/** Whether `value` names a callout kind. */
export function isCalloutKind(value: unknown): value is CalloutKind {
  return (CALLOUT_KINDS as readonly unknown[]).includes(value);
}

/** Folio block specs: callout (`kind`), toc (atom) and math_block (atom, `latex`). */
export const folioNodes = {
  callout: {
    group: "block folio_block",
    content: "block+",
    defining: true,
    attrs: {
      kind: {
        default: "info",
        validate: (value) => {
          if (!isCalloutKind(value)) throw new RangeError(`callout kind ${String(value)}`);
        },
      },
    },
    parseDOM: [
      {
        tag: "div[data-callout]",
        getAttrs: (dom) => {
          const kind = dom.getAttribute("data-callout");
          return { kind: isCalloutKind(kind) ? kind : "info" };
        },
      },
    ],
    toDOM: (node) => ["div", { "data-callout": node.attrs.kind as string, class: `callout callout-${node.attrs.kind as string}` }, 0],
  },
  toc: {
    group: "block folio_block",
    atom: true,
    selectable: true,
    parseDOM: [{ tag: "nav[data-toc]" }],
    toDOM: () => ["nav", { "data-toc": "", class: "toc" }],
  },
  math_block: {
    group: "block folio_block",
    atom: true,
    selectable: true,
    attrs: { latex: { default: "", validate: "string" } },
    parseDOM: [
      {
        tag: "div[data-math-block]",
        getAttrs: (dom) => ({ latex: dom.getAttribute("data-latex") ?? dom.textContent ?? "" }),
      },
    ],
    toDOM: (node) => ["div", { "data-math-block": "", "data-latex": node.attrs.latex as string }, node.attrs.latex as string],
  },
} satisfies Record<string, NodeSpec>;
