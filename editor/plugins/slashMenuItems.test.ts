import { describe, expect, it } from "vitest";
import { findPanelGrid } from "../nodes/panelGrid";
import { doc, p } from "../test/builders";
import { stateOf } from "../test/commandTest";
import { filterSlashMenuItems, panelGridItem, slashMenuItems } from "./slashMenuItems";

describe("the Panel grid slash item", () => {
  const item = panelGridItem({ defaultProject: "team/proj" });

  it("is found by its keywords", () => {
    for (const q of ["chart", "plot", "panels", "graph", "panel"]) expect(filterSlashMenuItems(q, [...slashMenuItems, item])).toContain(item);
  });

  it("inserts a grid over the host's default project", () => {
    let state = stateOf(doc(p("<a>")));
    expect(item.command(state, (tr) => (state = state.apply(tr)))).toBe(true);
    const grid = state.doc.firstChild!;
    expect(grid.type.name).toBe("panel_grid");
    const found = findPanelGrid(state.doc, grid.attrs.id as string)!;
    expect(found.grid.runSets.map((s) => s.projects)).toEqual([["team/proj"]]);
    expect(found.grid.panels.map((panel) => [panel.type, panel.runSet, panel.layout])).toEqual([["line", found.grid.runSets[0].id, { x: 0, y: 0, w: 6, h: 8 }]]);
  });
});
