/**
 * The ```` ```folio-panels ```` fence: a report panel grid (issue 5) as indented canonical JSON,
 * `{ id, version: 1, runSets, panels }` (docs/markdown.md). It holds run queries and panel
 * settings only, never run data. Reading validates with the PanelGrid schema; a fence that does
 * not validate is kept as a plain code block in language `folio-panels`, so nothing is lost.
 */
import type { Node } from "prosemirror-model";
import { parseJson, panelGridNode } from "../panels/panelGridNode";
import { canonicalJson, PanelGrid } from "../panels/panelSpec";

const GRID_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The fence body for a `panel_grid` node. Attribute values are written as they are (not
 * re-validated), so even a grid damaged by a foreign edit is written out whole.
 */
export function panelsFenceBody(grid: Node): string {
  const panels: unknown[] = [];
  grid.forEach((panel) => {
    const a = panel.attrs;
    panels.push({ id: a.id, type: a.type, title: a.title, runSet: a.runSet, layout: parseJson(a.layout) ?? a.layout, config: parseJson(a.config) ?? a.config });
  });
  const runSets = parseJson(grid.attrs.runSets) ?? grid.attrs.runSets;
  return canonicalJson({ id: grid.attrs.id, version: 1, runSets, panels }, 2);
}

/** A short stable id from `text` (FNV-1a), for hand-written fences that name no grid id. */
function idOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `g${hash.toString(36)}`;
}

/** The `panel_grid` a fence body describes, or null when it is not a valid grid. */
export function panelGridFromFence(body: string): Node | null {
  const value = parseJson(body);
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const { id, ...rest } = value as Record<string, unknown>;
  if (id !== undefined && (typeof id !== "string" || !GRID_ID.test(id))) return null;
  const parsed = PanelGrid.safeParse(rest);
  if (!parsed.success) return null;
  return panelGridNode({ ...parsed.data, id: id ?? idOf(body) });
}
