/**
 * GFM tables, written to the conventions of prosemirror-tables (`tableRole`, `colspan`, `rowspan`,
 * `colwidth` cell attributes) so its commands and plugins work on them, without importing it: the
 * schema stays pure. Cells also carry the GFM column alignment (`align`). Markdown can only express
 * a header row followed by plain rows without merged cells; other shapes are exported losslessly in a
 * `folio-table` fence (docs/markdown.md).
 */
import type { Attrs, NodeSpec } from "prosemirror-model";

/** The alignments a GFM column can have (`null`: none given). */
export const CELL_ALIGNMENTS = ["left", "center", "right"] as const;

/** A GFM column alignment. */
export type CellAlignment = (typeof CELL_ALIGNMENTS)[number] | null;

function isAlignment(value: unknown): value is CellAlignment {
  return value === null || (CELL_ALIGNMENTS as readonly unknown[]).includes(value);
}

function positiveInteger(value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1) throw new RangeError(`cell span ${String(value)}`);
}

function readCellAttrs(dom: HTMLElement): Attrs {
  const widths = dom.getAttribute("data-colwidth");
  const colwidth = widths && /^\d+(,\d+)*$/.test(widths) ? widths.split(",").map(Number) : null;
  const colspan = Number(dom.getAttribute("colspan") ?? 1);
  const rowspan = Number(dom.getAttribute("rowspan") ?? 1);
  const align = (dom.style.textAlign || dom.getAttribute("align") || null) as unknown;
  return {
    colspan: Number.isInteger(colspan) && colspan > 0 ? colspan : 1,
    rowspan: Number.isInteger(rowspan) && rowspan > 0 ? rowspan : 1,
    colwidth: colwidth && colwidth.length === (Number.isInteger(colspan) && colspan > 0 ? colspan : 1) ? colwidth : null,
    align: isAlignment(align) ? align : null,
  };
}

function writeCellAttrs(attrs: Attrs): Record<string, string> {
  const out: Record<string, string> = {};
  if (attrs.colspan !== 1) out.colspan = String(attrs.colspan);
  if (attrs.rowspan !== 1) out.rowspan = String(attrs.rowspan);
  if (Array.isArray(attrs.colwidth)) out["data-colwidth"] = (attrs.colwidth as number[]).join(",");
  if (isAlignment(attrs.align) && attrs.align) out.style = `text-align: ${attrs.align}`;
  return out;
}

const cellAttrs = {
  colspan: { default: 1, validate: positiveInteger },
  rowspan: { default: 1, validate: positiveInteger },
  colwidth: {
    default: null,
    validate: (value: unknown) => {
      if (value !== null && !(Array.isArray(value) && value.every((w) => Number.isInteger(w) && w >= 0))) {
        throw new RangeError("cell colwidth");
      }
    },
  },
  align: {
    default: null,
    validate: (value: unknown) => {
      if (!isAlignment(value)) throw new RangeError(`cell align ${String(value)}`);
    },
  },
};

/** Table node specs: table, table_row, table_header and table_cell. */
export const tableNodes = {
  table: {
    group: "block",
    content: "table_row+",
    tableRole: "table",
    isolating: true,
    parseDOM: [{ tag: "table" }],
    toDOM: () => ["table", ["tbody", 0]],
  },
  table_row: {
    content: "(table_cell | table_header)*",
    tableRole: "row",
    parseDOM: [{ tag: "tr" }],
    toDOM: () => ["tr", 0],
  },
  table_header: {
    content: "paragraph+",
    attrs: cellAttrs,
    tableRole: "header_cell",
    isolating: true,
    parseDOM: [{ tag: "th", getAttrs: readCellAttrs }],
    toDOM: (node) => ["th", writeCellAttrs(node.attrs), 0],
  },
  table_cell: {
    content: "paragraph+",
    attrs: cellAttrs,
    tableRole: "cell",
    isolating: true,
    parseDOM: [{ tag: "td", getAttrs: readCellAttrs }],
    toDOM: (node) => ["td", writeCellAttrs(node.attrs), 0],
  },
} satisfies Record<string, NodeSpec>;
