/**
 * The report panel grid (issue 5): a `panel_grid` block holding `panel` atoms. The document model
 * is described in editor/panels/panelSpec.ts; here only its shape. Every attribute is a string (JSON
 * ones canonical), so y-prosemirror compares attributes by value and each panel is its own Yjs
 * element: two people editing two panels of one grid never overwrite each other.
 *
 * The schema stays pure (no zod here): attributes are validated by the commands in
 * editor/nodes/panelGrid.ts and by the Markdown parser. Without a node view (no PanelHost, or on the
 * server) `toDOM` renders a static placeholder listing the panels' titles.
 */
import type { NodeSpec } from "prosemirror-model";

const str = (fallback: string) => ({ default: fallback, validate: "string" as const });

function nullableString(value: unknown): void {
  if (value !== null && typeof value !== "string") throw new RangeError(`panel runSet ${String(value)}`);
}

/** `panel_grid` (attrs `id`, `runSets`) and `panel` (attrs `id`, `type`, `title`, `runSet`, `layout`, `config`). */
export const panelNodes = {
  panel_grid: {
    group: "block folio_block",
    content: "panel*",
    isolating: true,
    selectable: false,
    draggable: false,
    attrs: { id: str(""), runSets: str("[]") },
    parseDOM: [
      {
        tag: "div[data-panel-grid]",
        getAttrs: (dom) => ({ id: dom.getAttribute("data-panel-grid") ?? "", runSets: dom.getAttribute("data-run-sets") ?? "[]" }),
      },
    ],
    toDOM: (node) => ["div", { "data-panel-grid": node.attrs.id as string, "data-run-sets": node.attrs.runSets as string, class: "panel-grid-static" }, 0],
  },
  panel: {
    atom: true,
    selectable: false,
    draggable: false,
    attrs: {
      id: str(""),
      type: str("line"),
      title: str(""),
      runSet: { default: null, validate: nullableString },
      layout: str('{"h":8,"w":6,"x":0,"y":0}'),
      config: str("{}"),
    },
    parseDOM: [
      {
        tag: "figure[data-panel]",
        getAttrs: (dom) => ({
          id: dom.getAttribute("data-panel") ?? "",
          type: dom.getAttribute("data-type") ?? "line",
          title: dom.getAttribute("data-title") ?? "",
          runSet: dom.getAttribute("data-run-set"),
          layout: dom.getAttribute("data-layout") ?? '{"h":8,"w":6,"x":0,"y":0}',
          config: dom.getAttribute("data-config") ?? "{}",
        }),
      },
    ],
    toDOM: (node) => {
      const a = node.attrs as { id: string; type: string; title: string; runSet: string | null; layout: string; config: string };
      const attrs: Record<string, string> = { "data-panel": a.id, "data-type": a.type, "data-title": a.title, "data-layout": a.layout, "data-config": a.config, class: "panel-static" };
      if (a.runSet !== null) attrs["data-run-set"] = a.runSet;
      return ["figure", attrs, ["figcaption", a.title || a.type]];
    },
  },
} satisfies Record<string, NodeSpec>;
