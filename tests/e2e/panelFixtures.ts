/** Report content for browser tests: panel grids and the Markdown fence a report holds them in. */
import { PanelGrid } from "../../editor/panels/panelSpec";

/** A grid over `project` with a full-width line plot of `loss` per entry, stacked in order. */
export function lossPanels(project: string, panels: ReadonlyArray<{ id: string; title: string }>): PanelGrid {
  return PanelGrid.parse({
    runSets: [{ id: "rs", name: "Runs", projects: [project] }],
    panels: panels.map(({ id, title }, i) => ({ id, type: "line", title, runSet: "rs", layout: { x: 0, y: i * 8, w: 12, h: 8 }, config: { metrics: ["loss"] } })),
  });
}

/** `grid` as grid `id` in the ```` ```folio-panels ```` fence of a report's Markdown (ending with a newline). */
export function panelsFence(grid: PanelGrid, id = "g1"): string {
  return `\`\`\`folio-panels\n${JSON.stringify({ id, ...grid }, null, 2)}\n\`\`\`\n`;
}
