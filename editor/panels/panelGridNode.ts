/**
 * Between a `panel_grid` node (string attributes, editor/schema/panelNodes.ts) and the grid value of
 * editor/panels/panelSpec.ts. Shared by the commands (editor/nodes/panelGrid.ts) and the Markdown
 * codec, which the collab-server uses too: so no prosemirror-state or DOM here.
 */
import type { Node } from "prosemirror-model";
import { schema } from "../schema";
import { canonicalJson, Panel, RunSet, type PanelGrid } from "./panelSpec";

/** A grid as its node holds it, with the node's id. */
export type PanelGridValue = PanelGrid & { id: string };

/** `text` parsed as JSON, or undefined when it is not JSON. */
export function parseJson(text: unknown): unknown {
  try {
    return typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The spec held by a `panel` node's attributes, or null when they are not a valid panel. */
export function panelFromAttrs(a: Record<string, unknown>): Panel | null {
  const parsed = Panel.safeParse({ id: a.id, type: a.type, title: a.title, runSet: a.runSet, layout: parseJson(a.layout), config: parseJson(a.config) });
  return parsed.success ? parsed.data : null;
}

/** The spec of a `panel` node, or null when its attributes are not a valid panel. */
export function readPanel(node: Node): Panel | null {
  return panelFromAttrs(node.attrs);
}

/** A grid's run sets from its `runSets` attribute (an invalid attribute reads as none). */
export function runSetsFromAttr(runSets: unknown): RunSet[] {
  const parsed = RunSet.array().safeParse(parseJson(runSets));
  return parsed.success ? parsed.data : [];
}

/**
 * The grid a `panel_grid` node holds. Panels whose attributes are invalid (only possible through
 * a foreign edit) are left out rather than failing the whole grid.
 */
export function readPanelGrid(node: Node): PanelGridValue {
  const panels: Panel[] = [];
  node.forEach((child) => {
    const panel = readPanel(child);
    if (panel) panels.push(panel);
  });
  return { id: node.attrs.id as string, version: 1, runSets: runSetsFromAttr(node.attrs.runSets), panels };
}

/** The attributes of a `panel` node for `panel`. */
export function panelAttrs(panel: Panel): Record<string, unknown> {
  return { id: panel.id, type: panel.type, title: panel.title, runSet: panel.runSet, layout: canonicalJson(panel.layout), config: canonicalJson(panel.config) };
}

/** A `panel_grid` node holding `grid`. */
export function panelGridNode(grid: PanelGridValue): Node {
  return schema.nodes.panel_grid.create(
    { id: grid.id, runSets: canonicalJson(grid.runSets) },
    grid.panels.map((p) => schema.nodes.panel.create(panelAttrs(p))),
  );
}

