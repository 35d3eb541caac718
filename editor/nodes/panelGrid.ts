/**
 * Commands over report panel grids (issue 5; the document model is in editor/panels/panelSpec.ts).
 * Each changes only the attributes or children it must: a panel edit is a setNodeAttribute on that
 * one panel node, so collaborators editing other panels of the same grid never collide, and
 * moving or resizing touches only the panels whose layout actually changed.
 */
import type { Node } from "prosemirror-model";
import type { Command, Transaction } from "prosemirror-state";
import { schema } from "../schema";
import { compact, firstFreeSpot, placePanel, type PlacedPanel } from "../panels/gridLayout";
import {
  canonicalJson,
  defaultPanel,
  defaultRunSet,
  MAX_PANELS,
  newPanelId,
  Panel,
  PANEL_CONFIGS,
  PanelGrid,
  RunSet,
  type PanelLayout,
  type PanelType,
} from "../panels/panelSpec";
import { panelAttrs, panelGridNode, readPanelGrid, type PanelGridValue } from "../panels/panelGridNode";
import { insertBlock } from "./insertBlock";

export { panelAttrs, panelGridNode, readPanel, readPanelGrid, type PanelGridValue } from "../panels/panelGridNode";

/** Default size of a new panel, in columns and rows. */
export const NEW_PANEL_SIZE = { w: 6, h: 8 } as const;

/** The grid with id `gridId` in `doc`: its node, position and value; null when there is none. */
export function findPanelGrid(doc: Node, gridId: string): { node: Node; pos: number; grid: PanelGridValue } | null {
  let found: { node: Node; pos: number; grid: PanelGridValue } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.type === schema.nodes.panel_grid) {
      if (node.attrs.id === gridId) found = { node, pos, grid: readPanelGrid(node) };
      return false;
    }
    return node.isBlock && !node.isTextblock;
  });
  return found;
}

/** Each panel node of the grid at `gridPos` with its position. */
function panelNodes(grid: Node, gridPos: number): { node: Node; pos: number }[] {
  const out: { node: Node; pos: number }[] = [];
  grid.forEach((node, offset) => out.push({ node, pos: gridPos + 1 + offset }));
  return out;
}

/** Sets the layouts that differ from the nodes' current ones (nothing else); `grid` is as in `tr.doc`. */
function applyLayouts(tr: Transaction, grid: Node, gridPos: number, layouts: readonly PlacedPanel[]): void {
  const byId = new Map(layouts.map((p) => [p.id, canonicalJson(p.layout)]));
  for (const { node, pos } of panelNodes(grid, gridPos)) {
    const layout = byId.get(node.attrs.id as string);
    if (layout !== undefined && layout !== node.attrs.layout) tr.setNodeAttribute(pos, "layout", layout);
  }
}

const placed = (panels: readonly Panel[]): PlacedPanel[] => panels.map((p) => ({ id: p.id, layout: p.layout }));

/** Options of insertPanelGrid; the ids are random unless given (tests pass them). */
export interface InsertPanelGridOptions {
  gridId?: string;
  runSetId?: string;
  panelId?: string;
}

/** Inserts a grid with one default run set over `project` and one line plot reading it. */
export function insertPanelGrid(project: string, opts: InsertPanelGridOptions = {}): Command {
  return insertBlock(() => {
    const runSet = defaultRunSet(project, opts.runSetId ?? newPanelId());
    const panel = defaultPanel("line", { x: 0, y: 0, ...NEW_PANEL_SIZE }, runSet.id, opts.panelId ?? newPanelId());
    return panelGridNode({ id: opts.gridId ?? newPanelId(), version: 1, runSets: [runSet], panels: [panel] });
  });
}

/** A command acting on grid `gridId` when it exists. */
function onGrid(gridId: string, run: (found: { node: Node; pos: number; grid: PanelGridValue }, tr: Transaction) => boolean): Command {
  return (state, dispatch) => {
    const found = findPanelGrid(state.doc, gridId);
    if (!found) return false;
    const tr = state.tr;
    if (!run(found, tr)) return false;
    if (dispatch) dispatch(tr);
    return true;
  };
}

/** The panel node `panelId` of a grid with its position. */
function panelAt(grid: Node, gridPos: number, panelId: string): { node: Node; pos: number } | null {
  return panelNodes(grid, gridPos).find((p) => p.node.attrs.id === panelId) ?? null;
}

/** Adds a panel of `type` (reading the grid's first run set) at the first free spot. */
export function addPanel(gridId: string, type: PanelType, panelId: string = newPanelId()): Command {
  return onGrid(gridId, ({ node, pos, grid }, tr) => {
    if (grid.panels.length >= MAX_PANELS || grid.panels.some((p) => p.id === panelId)) return false;
    const layout = firstFreeSpot(grid.panels.map((p) => p.layout), NEW_PANEL_SIZE.w, NEW_PANEL_SIZE.h);
    const panel = defaultPanel(type, layout, grid.runSets[0]?.id ?? null, panelId);
    tr.insert(pos + node.nodeSize - 1, schema.nodes.panel.create(panelAttrs(panel)));
    return true;
  });
}

/** What updatePanel may change. */
export type PanelPatch = Partial<Pick<Panel, "title" | "type" | "runSet" | "config" | "layout">>;

/**
 * Changes panel `panelId`'s attributes in `patch` (a new type without a config gets that type's
 * default config). Refuses a patch that does not make a valid panel or names a missing run set. A
 * new layout is placed with collision resolution.
 */
export function updatePanel(gridId: string, panelId: string, patch: PanelPatch): Command {
  return onGrid(gridId, ({ node, pos, grid }, tr) => {
    const at = panelAt(node, pos, panelId);
    const current = grid.panels.find((p) => p.id === panelId);
    if (!at || !current) return false;
    const typeChanged = patch.type !== undefined && patch.type !== current.type;
    const config = patch.config ?? (typeChanged ? PANEL_CONFIGS[patch.type!].parse({}) : current.config);
    const parsed = Panel.safeParse({ ...current, ...patch, config });
    if (!parsed.success) return false;
    const next = parsed.data;
    if (next.runSet !== null && !grid.runSets.some((s) => s.id === next.runSet)) return false;
    const attrs = panelAttrs(next);
    for (const key of ["type", "title", "runSet", "config"] as const) {
      if (attrs[key] !== at.node.attrs[key]) tr.setNodeAttribute(at.pos, key, attrs[key]);
    }
    if (attrs.layout !== at.node.attrs.layout) applyLayouts(tr, node, pos, placePanel(placed(grid.panels), panelId, next.layout));
    return true;
  });
}

/** Moves panel `panelId` to column `x`, row `y`; panels in the way are pushed down, then all compacted. */
export function movePanel(gridId: string, panelId: string, x: number, y: number): Command {
  return relayout(gridId, panelId, (l) => ({ ...l, x, y }));
}

/** Resizes panel `panelId` to `w` columns by `h` rows, with the same collision resolution. */
export function resizePanel(gridId: string, panelId: string, w: number, h: number): Command {
  return relayout(gridId, panelId, (l) => ({ ...l, w, h }));
}

function relayout(gridId: string, panelId: string, target: (layout: PanelLayout) => PanelLayout): Command {
  return onGrid(gridId, ({ node, pos, grid }, tr) => {
    const current = grid.panels.find((p) => p.id === panelId);
    if (!current) return false;
    applyLayouts(tr, node, pos, placePanel(placed(grid.panels), panelId, target(current.layout)));
    return tr.docChanged;
  });
}

/** Inserts a copy of panel `panelId` (new id) right after it, at the first free spot. */
export function duplicatePanel(gridId: string, panelId: string, newId: string = newPanelId()): Command {
  return onGrid(gridId, ({ node, pos, grid }, tr) => {
    const at = panelAt(node, pos, panelId);
    const current = grid.panels.find((p) => p.id === panelId);
    if (!at || !current || grid.panels.length >= MAX_PANELS || grid.panels.some((p) => p.id === newId)) return false;
    const layout = firstFreeSpot(grid.panels.map((p) => p.layout), current.layout.w, current.layout.h);
    tr.insert(at.pos + at.node.nodeSize, schema.nodes.panel.create(panelAttrs({ ...current, id: newId, layout })));
    return true;
  });
}

/** Deletes panel `panelId`; the panels below rise into its place. */
export function deletePanel(gridId: string, panelId: string): Command {
  return onGrid(gridId, ({ node, pos, grid }, tr) => {
    const at = panelAt(node, pos, panelId);
    if (!at) return false;
    tr.delete(at.pos, at.pos + at.node.nodeSize);
    const rest = placed(grid.panels.filter((p) => p.id !== panelId));
    applyLayouts(tr, tr.doc.nodeAt(pos)!, pos, compact(rest));
    return true;
  });
}

/**
 * Replaces the grid's run sets. Panels reading a run set that is gone read the first remaining one
 * (or none). Refuses run sets that are invalid or share an id.
 */
export function setRunSets(gridId: string, runSets: RunSet[]): Command {
  return onGrid(gridId, ({ node, pos }, tr) => {
    const checked = PanelGrid.safeParse({ runSets });
    if (!checked.success) return false;
    const value = canonicalJson(checked.data.runSets);
    const ids = new Set(checked.data.runSets.map((s) => s.id));
    const fallback = checked.data.runSets[0]?.id ?? null;
    if (value !== node.attrs.runSets) tr.setNodeAttribute(pos, "runSets", value);
    for (const panel of panelNodes(node, pos)) {
      const runSet = panel.node.attrs.runSet as string | null;
      if (runSet !== null && !ids.has(runSet)) tr.setNodeAttribute(panel.pos, "runSet", fallback);
    }
    return true;
  });
}

/** Freezes run set `runSetId` to `runs` (each run's id and last step) as of `at` (ISO 8601). */
export function freezeRunSet(gridId: string, runSetId: string, runs: { id: string; step: number }[], at: string): Command {
  return changeRunSet(gridId, runSetId, (s) => ({ ...s, frozen: { at, runs } }));
}

/** Makes run set `runSetId` live again. */
export function unfreezeRunSet(gridId: string, runSetId: string): Command {
  return changeRunSet(gridId, runSetId, (s) => ({ ...s, frozen: null }));
}

function changeRunSet(gridId: string, runSetId: string, change: (set: RunSet) => RunSet): Command {
  return (state, dispatch) => {
    const found = findPanelGrid(state.doc, gridId);
    if (!found || !found.grid.runSets.some((s) => s.id === runSetId)) return false;
    return setRunSets(gridId, found.grid.runSets.map((s) => (s.id === runSetId ? change(s) : s)))(state, dispatch);
  };
}
