import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { canonicalJson, defaultPanel, defaultRunSet, type PanelLayout, type PanelType } from "../panels/panelSpec";
import { doc, p, panel, panelGrid } from "../test/builders";
import { expectCommand, expectRefused, stateOf } from "../test/commandTest";
import {
  addPanel,
  deletePanel,
  duplicatePanel,
  findPanelGrid,
  freezeRunSet,
  insertPanelGrid,
  movePanel,
  panelAttrs,
  readPanelGrid,
  resizePanel,
  setRunSets,
  unfreezeRunSet,
  updatePanel,
} from "./panelGrid";

const L = (x: number, y: number, w: number, h: number): PanelLayout => ({ x, y, w, h });
const rs1 = defaultRunSet("team/proj", "rs1", "Baseline");
const rs2 = defaultRunSet("team/other", "rs2", "Other");
const pan = (id: string, layout: PanelLayout, type: PanelType = "line", runSet: string | null = "rs1", title = "") =>
  panel(panelAttrs({ ...defaultPanel(type, layout, runSet, id), title }));
const grid = (runSets = [rs1], ...children: ReturnType<typeof pan>[]) => panelGrid("g1", canonicalJson(runSets))(...children);

describe("panel grid commands", () => {
  it("insertPanelGrid replaces the empty paragraph with a grid of one run set and one line plot", () => {
    expectCommand(
      insertPanelGrid("team/proj", { gridId: "g1", runSetId: "rs1", panelId: "p1" }),
      doc(p("<a>")),
      doc(grid([defaultRunSet("team/proj", "rs1")], pan("p1", L(0, 0, 6, 8)))),
    );
  });

  it("readPanelGrid and findPanelGrid give the grid's value and position", () => {
    const d = doc(p("x"), grid([rs1], pan("p1", L(0, 0, 6, 8), "bar", "rs1", "Loss")));
    const found = findPanelGrid(d, "g1")!;
    expect(found.pos).toBe(3);
    expect(found.grid).toEqual({ id: "g1", version: 1, runSets: [rs1], panels: [{ ...defaultPanel("bar", L(0, 0, 6, 8), "rs1", "p1"), title: "Loss" }] });
    expect(readPanelGrid(found.node)).toEqual(found.grid);
    expect(findPanelGrid(d, "nope")).toBeNull();
  });

  it("addPanel places a panel of the type at the first free spot, reading the first run set", () => {
    expectCommand(
      addPanel("g1", "scalar", "p2"),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 8)))),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 8)), pan("p2", L(6, 0, 6, 8), "scalar"))),
    );
    expectRefused(addPanel("nope", "line"), doc(grid()));
    expectRefused(addPanel("g1", "line", "p1"), doc(grid([rs1], pan("p1", L(0, 0, 6, 8)))));
  });

  it("updatePanel sets only the patched attributes; a type change resets the config", () => {
    expectCommand(
      updatePanel("g1", "p1", { title: "Accuracy", type: "bar" }),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 8)))),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 8), "bar", "rs1", "Accuracy"))),
    );
    const state = stateOf(doc(grid([rs1], pan("p1", L(0, 0, 6, 8)), pan("p2", L(6, 0, 6, 8)))));
    let steps = 0;
    updatePanel("g1", "p2", { title: "T" })(state, (tr) => (steps = tr.steps.length));
    expect(steps).toBe(1);
  });

  it("updatePanel refuses invalid patches and unknown run sets", () => {
    const before = doc(grid([rs1], pan("p1", L(0, 0, 6, 8))));
    expectRefused(updatePanel("g1", "p1", { runSet: "missing" }), before);
    expectRefused(updatePanel("g1", "p1", { title: "x".repeat(500) }), before);
    expectRefused(updatePanel("g1", "p9", { title: "x" }), before);
  });

  it("movePanel pushes overlapped panels down and compacts", () => {
    expectCommand(
      movePanel("g1", "p2", 0, 1),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 4)), pan("p2", L(0, 4, 6, 4)))),
      doc(grid([rs1], pan("p1", L(0, 4, 6, 4)), pan("p2", L(0, 0, 6, 4)))),
    );
    expectCommand(
      movePanel("g1", "p1", 6, 0),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 4)))),
      doc(grid([rs1], pan("p1", L(6, 0, 6, 4)))),
    );
  });

  it("resizePanel grows a panel and pushes its neighbours down", () => {
    expectCommand(
      resizePanel("g1", "p1", 12, 4),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 4)), pan("p2", L(6, 0, 6, 4)))),
      doc(grid([rs1], pan("p1", L(0, 0, 12, 4)), pan("p2", L(6, 4, 6, 4)))),
    );
    expectRefused(resizePanel("g1", "p1", 6, 4), doc(grid([rs1], pan("p1", L(0, 0, 6, 4)))));
  });

  it("duplicatePanel inserts a copy after the original at the first free spot", () => {
    expectCommand(
      duplicatePanel("g1", "p1", "p3"),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 4), "bar", "rs1", "B"), pan("p2", L(6, 0, 6, 4)))),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 4), "bar", "rs1", "B"), pan("p3", L(0, 4, 6, 4), "bar", "rs1", "B"), pan("p2", L(6, 0, 6, 4)))),
    );
  });

  it("deletePanel removes the panel and lets the ones below rise", () => {
    expectCommand(
      deletePanel("g1", "p1"),
      doc(grid([rs1], pan("p1", L(0, 0, 12, 4)), pan("p2", L(0, 4, 6, 4)))),
      doc(grid([rs1], pan("p2", L(0, 0, 6, 4)))),
    );
  });

  it("setRunSets replaces run sets and repoints panels whose run set is gone", () => {
    expectCommand(
      setRunSets("g1", [rs2]),
      doc(grid([rs1], pan("p1", L(0, 0, 6, 4)), pan("p2", L(6, 0, 6, 4), "line", null))),
      doc(grid([rs2], pan("p1", L(0, 0, 6, 4), "line", "rs2"), pan("p2", L(6, 0, 6, 4), "line", null))),
    );
    expectCommand(setRunSets("g1", []), doc(grid([rs1], pan("p1", L(0, 0, 6, 4)))), doc(grid([], pan("p1", L(0, 0, 6, 4), "line", null))));
    expectRefused(setRunSets("g1", [rs1, rs1]), doc(grid()));
  });

  it("freezeRunSet records run ids and steps; unfreezeRunSet clears them", () => {
    const at = "2026-12-03T09:00:00.000Z";
    const frozen = { ...rs1, frozen: { at, runs: [{ id: "r1", step: 100 }] } };
    const state = expectCommand(freezeRunSet("g1", "rs1", [{ id: "r1", step: 100 }], at), doc(grid([rs1])), doc(grid([frozen])));
    expect(findPanelGrid(state.doc, "g1")!.grid.runSets[0].frozen).toEqual({ at, runs: [{ id: "r1", step: 100 }] });
    expectCommand(unfreezeRunSet("g1", "rs1"), doc(grid([frozen])), doc(grid([rs1])));
    expectRefused(freezeRunSet("g1", "rs1", [], "yesterday"), doc(grid([rs1])));
    expectRefused(unfreezeRunSet("g1", "nope"), doc(grid([rs1])));
  });

  it("a grid with no panels is valid", () => {
    expect(() => EditorState.create({ doc: doc(grid()) }).doc.check()).not.toThrow();
  });
});
