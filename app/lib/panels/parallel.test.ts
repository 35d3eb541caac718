import { describe, expect, it } from "vitest";
import { ParallelConfig } from "../../../editor/panels/panelSpec";
import { runColor } from "../run-colors";
import { brushFromSelection, highlighted, parallelColors, parallelFigure, parallelModel } from "./parallel";
import { makeRun } from "./test-runs";

const runs = [
  makeRun("a", { config: { lr: 1, opt: "sgd" }, summary: { loss: 2 } }),
  makeRun("b", { config: { lr: 3, opt: "adam" }, summary: { loss: 1 } }),
  makeRun("c", { config: { lr: 5, opt: "<b>" }, summary: {} }),
];
const columns = ["config.lr", "config.opt", "summary.loss"];

describe("parallelModel", () => {
  it("normalizes numbers by min/max and text by sorted rank", () => {
    const m = parallelModel(columns, runs, {});
    expect(m.axes.map((a) => a.kind)).toEqual(["number", "category", "number"]);
    expect(m.axes[1].categories).toEqual(["<b>", "adam", "sgd"]);
    expect(m.rows.map((r) => r.values)).toEqual([
      [0, 1, 1],
      [0.5, 0.5, 0],
      [1, 0, null],
    ]);
    expect(m.axes[0].ticks.map((t) => t.text)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("puts a constant column in the middle and leaves hidden runs out", () => {
    const m = parallelModel(["summary.loss"], runs, { a: { hidden: true } });
    expect(m.rows.map((r) => [r.run.id, r.values[0]])).toEqual([["b", 0.5], ["c", null]]);
    expect(m.axes[0].ticks).toEqual([{ at: 0.5, text: "1" }]);
  });
});

describe("highlighted", () => {
  const m = parallelModel(columns, runs, {});
  it("is every run without brushes", () => {
    expect([...highlighted(m.rows, {})]).toEqual(["a", "b", "c"]);
  });

  it("keeps the runs inside every brush; a missing value is outside", () => {
    expect([...highlighted(m.rows, { 0: [0.4, 1] })]).toEqual(["b", "c"]);
    expect([...highlighted(m.rows, { 0: [1, 0.4], 2: [0, 0.2] })]).toEqual(["b"]);
    expect([...highlighted(m.rows, { 2: [0, 1] })]).toEqual(["a", "b"]);
  });
});

describe("brushFromSelection", () => {
  it("brushes the column nearest the box, clamped to [0, 1]", () => {
    expect(brushFromSelection({ x: [0.8, 1.1], y: [0.7, -0.2] }, 3)).toEqual({ column: 1, range: [0, 0.7] });
    expect(brushFromSelection({ x: [1.9, 2.3], y: [0.2, 0.4] }, 3)).toEqual({ column: 2, range: [0.2, 0.4] });
  });

  it("ignores boxes away from every column and missing ranges", () => {
    expect(brushFromSelection({ x: [3.2, 3.6], y: [0, 1] }, 3)).toBeNull();
    expect(brushFromSelection(undefined, 3)).toBeNull();
    expect(brushFromSelection({ x: [0, 0.1], y: [1.2, 1.5] }, 3)).toBeNull();
  });
});

describe("parallelFigure", () => {
  const m = parallelModel(columns, runs, {});
  it("draws one polyline per run, dimming the runs outside the brushes and drawing them first", () => {
    const fig = parallelFigure(ParallelConfig.parse({ columns }), m, { 0: [0.4, 1] }, {});
    const traces = fig.data as { name: string; y: (number | null)[]; marker: { color: string } }[];
    expect(traces.map((t) => t.y)).toEqual([[0, 1, 1], [0.5, 0.5, 0], [1, 0, null]]);
    expect(traces[0].marker.color).toBe("#adb5bd");
    expect(traces[1].marker.color).toBe(runColor("b"));
    expect((fig.layout.shapes as unknown[]).length).toBe(4);
  });

  it("escapes column titles and category ticks", () => {
    const fig = parallelFigure(ParallelConfig.parse({ columns }), m, {}, {});
    const texts = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(texts).toContain("&lt;b&gt;");
    expect(texts).toContain("lr");
    expect(texts).not.toContain("<b>");
  });

  it("colors by a numeric field as a gradient, by text as categories", () => {
    const num = parallelColors(ParallelConfig.parse({ columns, color: "config.lr" }), m, {});
    expect(num.get("a")).toBe("#4c6ef5");
    expect(num.get("c")).toBe("#f76707");
    // Halfway: each channel the rounded mean (4c,6e,f5) / (f7,67,07) → (a2, 6b, 7e).
    expect(num.get("b")).toBe("#a26b7e");
    const cat = parallelColors(ParallelConfig.parse({ columns, color: "config.opt" }), m, {});
    expect(cat.get("b")).toBe(runColor("group:adam"));
  });
});
