import { describe, expect, it } from "vitest";
import { BarConfig } from "../../../editor/panels/panelSpec";
import { runColor } from "../run-colors";
import { barFigure, bars } from "./bar-traces";
import { makeRun } from "./test-runs";

const runs = [
  makeRun("a", { name: "same", config: { opt: "adam" }, summary: { acc: 0.9 } }),
  makeRun("b", { name: "same", config: { opt: "adam" }, summary: { acc: 0.7 } }),
  makeRun("c", { name: "<b>c</b>", config: { opt: "sgd" }, summary: { acc: 0.5 } }),
  makeRun("d", { name: "d", config: { opt: "sgd" }, summary: { acc: "NaN" } }),
  makeRun("e", { name: "e", config: { opt: "adam" }, summary: { acc: 0.8 } }),
];

describe("bars", () => {
  it("gives one bar per visible run that has the value", () => {
    const list = bars(BarConfig.parse({ metric: "summary.acc" }), runs, { e: { hidden: true }, b: { color: "#000000", name: "renamed" } });
    expect(list.map((b) => [b.label, b.value])).toEqual([["same", 0.9], ["renamed", 0.7], ["<b>c</b>", 0.5]]);
    expect(list[1].color).toBe("#000000");
    expect(list[0].color).toBe(runColor("a"));
  });

  it("aggregates per group with ± sample std error bars", () => {
    const list = bars(BarConfig.parse({ metric: "summary.acc", groupBy: "config.opt", aggregate: "mean", errorBars: "std" }), runs, {});
    // adam: 0.9, 0.7, 0.8 → mean 0.8, std 0.1; sgd: only 0.5 counts (NaN dropped) → no spread.
    expect(list[0].label).toBe("adam");
    expect(list[0].value).toBeCloseTo(0.8, 12);
    expect(list[0].minus).toBeCloseTo(0.1, 12);
    expect(list[0].n).toBe(3);
    expect(list[1]).toMatchObject({ label: "sgd", value: 0.5, minus: null, n: 1 });
  });

  it("draws min–max as asymmetric bars around the aggregate, and stderr as std/√n", () => {
    const mm = bars(BarConfig.parse({ metric: "summary.acc", groupBy: "config.opt", aggregate: "max", errorBars: "minmax" }), runs, {});
    expect(mm[0].value).toBe(0.9);
    expect(mm[0].minus).toBeCloseTo(0.2, 12);
    expect(mm[0].plus).toBe(0);
    const se = bars(BarConfig.parse({ metric: "summary.acc", groupBy: "config.opt", errorBars: "stderr" }), runs, {});
    expect(se[0].plus).toBeCloseTo(0.1 / Math.sqrt(3), 12);
  });
});

describe("barFigure", () => {
  it("places bars by position with escaped tick labels", () => {
    const fig = barFigure(BarConfig.parse({ metric: "summary.acc" }), runs, {});
    const trace = fig.data[0] as { x: number[]; y: number[]; hovertext: string[] };
    expect(trace.x).toEqual([0, 1, 2, 3]);
    expect(trace.y).toEqual([0.9, 0.7, 0.5, 0.8]);
    expect((fig.layout.xaxis as { ticktext: string[] }).ticktext).toEqual(["same", "same", "&lt;b&gt;c&lt;/b&gt;", "e"]);
    expect(trace.hovertext[2]).toBe("&lt;b&gt;c&lt;/b&gt;: 0.5");
  });

  it("swaps axes when horizontal and adds error bars when grouped", () => {
    const fig = barFigure(BarConfig.parse({ metric: "summary.acc", groupBy: "config.opt", horizontal: true }), runs, {});
    const trace = fig.data[0] as Record<string, unknown>;
    expect(trace.orientation).toBe("h");
    expect(trace.y).toEqual([0, 1]);
    expect((trace.error_x as { array: number[] }).array[0]).toBeCloseTo(0.1, 12);
  });

  it("has no trace when no run has the value", () => {
    expect(barFigure(BarConfig.parse({ metric: "summary.nope" }), runs, {}).data).toEqual([]);
  });
});
