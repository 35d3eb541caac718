/**
 * Collision resolution on the 12-column panel grid, in the manner of react-grid-layout's vertical
 * compaction: the panel being moved or resized takes its target place, every panel it overlaps is
 * pushed down (cascading, in reading order), then all panels float up as far as they can without
 * overlapping one placed before them (reading order, the moved panel first among equals). The
 * result has no overlaps and no holes a panel could rise into. Pure functions over plain layouts.
 */
import { GRID_COLUMNS, type PanelLayout } from "./panelSpec";

/** A panel's id and place. */
export interface PlacedPanel {
  id: string;
  layout: PanelLayout;
}

/** Whether two layouts overlap. */
export function collides(a: PanelLayout, b: PanelLayout): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** `layout` clamped into the grid (at least 1×1, inside the 12 columns, y ≥ 0). */
export function clampLayout(layout: PanelLayout): PanelLayout {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(layout.w)));
  const h = Math.min(40, Math.max(1, Math.round(layout.h)));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(layout.x)));
  const y = Math.min(10_000, Math.max(0, Math.round(layout.y)));
  return { x, y, w, h };
}

const readingOrder = (first: string | null) => (a: PlacedPanel, b: PlacedPanel) =>
  a.layout.y - b.layout.y || (a.id === first ? -1 : b.id === first ? 1 : a.layout.x - b.layout.x);

/** Every panel risen as high as it can go, in reading order (`first` wins ties). */
export function compact(panels: readonly PlacedPanel[], first: string | null = null): PlacedPanel[] {
  const placed: PlacedPanel[] = [];
  for (const panel of [...panels].sort(readingOrder(first))) {
    let y = panel.layout.y;
    while (y > 0 && !placed.some((p) => collides(p.layout, { ...panel.layout, y: y - 1 }))) y--;
    // A panel never overlaps one placed before it (input overlaps are resolved downward).
    let layout = { ...panel.layout, y };
    for (let hit = placed.find((p) => collides(p.layout, layout)); hit; hit = placed.find((p) => collides(p.layout, layout))) {
      layout = { ...layout, y: hit.layout.y + hit.layout.h };
    }
    placed.push({ id: panel.id, layout });
  }
  return placed;
}

/**
 * The grid after panel `id` takes `target`: overlapped panels pushed down, then everything
 * compacted upward. Panels keep their input order in the result.
 */
export function placePanel(panels: readonly PlacedPanel[], id: string, target: PanelLayout): PlacedPanel[] {
  const moved = { id, layout: clampLayout(target) };
  const placed: PlacedPanel[] = [moved];
  const others = panels.filter((p) => p.id !== id).sort(readingOrder(null));
  for (const panel of others) {
    let layout = panel.layout;
    for (let hit = placed.find((p) => collides(p.layout, layout)); hit; hit = placed.find((p) => collides(p.layout, layout))) {
      layout = { ...layout, y: hit.layout.y + hit.layout.h };
    }
    placed.push({ id: panel.id, layout });
  }
  const byId = new Map(compact(placed, id).map((p) => [p.id, p.layout]));
  return panels.map((p) => ({ id: p.id, layout: byId.get(p.id)! }));
}

/** The first place (reading order) where a `w`×`h` panel overlaps none of `layouts`. */
export function firstFreeSpot(layouts: readonly PanelLayout[], w: number, h: number): PanelLayout {
  const width = Math.min(GRID_COLUMNS, Math.max(1, w));
  for (let y = 0; ; y++) {
    for (let x = 0; x + width <= GRID_COLUMNS; x++) {
      const candidate = { x, y, w: width, h };
      if (!layouts.some((l) => collides(l, candidate))) return candidate;
    }
  }
}
