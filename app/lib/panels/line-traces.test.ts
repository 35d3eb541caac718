import { describe, expect, it } from "vitest";
import { LineConfig } from "../../../editor/panels/panelSpec";
import type { ApiSeries } from "../metric-series";
import { runColor } from "../run-colors";
import { fillStepX, lineFigure, lineUirevision, outlierRange, type ApiGroupSeries, type LineAnswer, type LineData } from "./line-traces";
import { makeRun } from "./test-runs";

const series = (run: string, key: string, y: ApiSeries["y"]): ApiSeries => ({ run, key, exact: true, pointCount: y.length, step: y.map((_, i) => i), x: y.map((_, i) => i * 10), y });

const runs = [makeRun("a", { name: "alpha", config: { lr: 0.1 } }), makeRun("b", { name: "<img src=x onerror=alert(1)>", config: { lr: 0.01 } })];
const data = (s: ApiSeries[], runIds = ["a", "b"], capped = 0): LineData => ({ answer: { x: "step", xRange: [0, 30], series: s }, runIds, groups: null, capped });

type Trace = Record<string, unknown> & { name?: string; y: (number | null)[]; x: number[] };

describe("lineFigure, one line per run", () => {
  it("draws one trace per (run, key) in the set's order, gaps for non-finite values", () => {
    const { figure, empty, note } = lineFigure({ data: data([series("b", "loss", [3, 2]), series("a", "loss", [1, "NaN", 0.5])]), runs, config: LineConfig.parse({ metrics: ["loss"] }), overrides: {} });
    const t = figure.data as Trace[];
    expect(empty).toBe(false);
    expect(note).toBeNull();
    expect(t.map((x) => x.name)).toEqual(["alpha", "&lt;img src=x onerror=alert(1)&gt;"]);
    expect(t[0].y).toEqual([1, null, 0.5]);
    expect(t[0].x).toEqual([0, 10, 20]);
    expect((t[0].line as { color: string }).color).toBe(runColor("a"));
    expect((figure.layout.yaxis as { title: { text: string } }).title.text).toBe("loss");
  });

  it("applies overrides (name, color) and legend templates, escaped", () => {
    const cfg = LineConfig.parse({ metrics: ["loss"], legend: "${run:name} lr=${config:lr} $x" });
    const { figure } = lineFigure({ data: data([series("a", "loss", [1]), series("b", "loss", [2])]), runs, config: cfg, overrides: { a: { name: "base<1>", color: "#123456" } } });
    const t = figure.data as Trace[];
    expect(t[0].name).toBe("base&lt;1&gt; lr=0.1 &#36;x");
    expect((t[0].line as { color: string }).color).toBe("#123456");
    expect(t[1].name).toBe("&lt;img src=x onerror=alert(1)&gt; lr=0.01 &#36;x");
  });

  it("names lines by run and key when several keys are drawn, one dash per key", () => {
    const { figure } = lineFigure({ data: data([series("a", "loss", [1]), series("a", "val/loss", [2])]), runs, config: LineConfig.parse({ metricRegex: "loss" }), overrides: {} });
    const t = figure.data as Trace[];
    expect(t.map((x) => x.name)).toEqual(["alpha · loss", "alpha · val/loss"]);
    expect(t.map((x) => (x.line as { dash: string }).dash)).toEqual(["solid", "dash"]);
  });

  it("draws the smoothed line over a faint original", () => {
    const cfg = LineConfig.parse({ metrics: ["loss"], smoothing: { kind: "ema", amount: 0.5 } });
    const { figure } = lineFigure({ data: data([series("a", "loss", [2, 4])]), runs, config: cfg, overrides: {} });
    const [orig, smoothed] = figure.data as Trace[];
    expect(orig.y).toEqual([2, 4]);
    expect(orig.showlegend).toBe(false);
    expect(orig.opacity).toBeLessThan(1);
    // Debiased EMA: (0.5·2 + 4) / 1.5.
    expect(smoothed.y[1]).toBeCloseTo(5 / 1.5, 12);
    expect(smoothed.legendgroup).toBe(orig.legendgroup);
    const hidden = lineFigure({ data: data([series("a", "loss", [2, 4])]), runs, config: { ...cfg, smoothing: { ...cfg.smoothing, showOriginal: false } }, overrides: {} });
    expect(hidden.figure.data).toHaveLength(1);
  });

  it("smooths along the points when x is another metric", () => {
    const s: ApiSeries = { run: "a", key: "loss", exact: true, pointCount: 3, step: [0, 1, 2], x: [5, 0, 100], y: [0, 3, 6] };
    const cfg = LineConfig.parse({ metrics: ["loss"], x: { metric: "lr" }, smoothing: { kind: "gaussian", amount: 1, showOriginal: false } });
    const [line] = lineFigure({ data: data([s]), runs, config: cfg, overrides: {} }).figure.data as Trace[];
    // Sigma 1 point: the middle point weighs its neighbours by exp(−1/2).
    const k = Math.exp(-0.5);
    expect(line.y[1]).toBeCloseTo((3 + 6 * k) / (1 + 2 * k), 12);
    expect(line.x).toEqual([5, 0, 100]);
  });

  it("draws only the runs asked for and notes the cap", () => {
    const { figure, note } = lineFigure({ data: data([series("a", "loss", [1]), series("b", "loss", [1])], ["a"], 4), runs, config: LineConfig.parse({ metrics: ["loss"] }), overrides: {} });
    expect(figure.data).toHaveLength(1);
    expect(note).toBe("1 of 5 runs");
  });

  it("is empty without series", () => {
    expect(lineFigure({ data: data([]), runs, config: LineConfig.parse({ metrics: ["loss"] }), overrides: {} }).empty).toBe(true);
  });
});

describe("lineFigure, axes", () => {
  it("sets log axes, configured ranges in log units, and wall time in ms on a date axis", () => {
    const cfg = LineConfig.parse({ metrics: ["loss"], logX: true, logY: true, xRange: [10, 1000], yRange: [0.01, 1] });
    const { figure } = lineFigure({ data: data([series("a", "loss", [1])]), runs, config: cfg, overrides: {} });
    const { xaxis, yaxis } = figure.layout as { xaxis: Record<string, unknown>; yaxis: Record<string, unknown> };
    expect(xaxis.type).toBe("log");
    expect(xaxis.range).toEqual([1, 3]);
    expect(yaxis.range).toEqual([-2, 0]);
    const wall = lineFigure({ data: data([series("a", "loss", [1, 2])]), runs, config: LineConfig.parse({ metrics: ["loss"], x: "wallTime" }), overrides: {} });
    expect((wall.figure.layout.xaxis as { type: string }).type).toBe("date");
    expect((wall.figure.data[0] as Trace).x).toEqual([0, 10_000]);
    // A range a log axis cannot show is left to autorange.
    const bad = lineFigure({ data: data([series("a", "loss", [1])]), runs, config: { ...cfg, xRange: [0, 10] }, overrides: {} });
    expect(bad.figure.layout.xaxis).toMatchObject({ range: undefined, autorange: true });
    expect(yaxis.autorange).toBe(false);
    const byMetric = lineFigure({ data: data([series("a", "loss", [1])]), runs, config: LineConfig.parse({ metrics: ["loss"], x: { metric: "<lr>" } }), overrides: {} });
    expect((byMetric.figure.layout.xaxis as { title: { text: string } }).title.text).toBe("&lt;lr&gt;");
  });

  it("ignores outliers: the y range spans the 5th–95th percentile, padded", () => {
    const ys = [...Array.from({ length: 99 }, (_, i) => i / 98), 1000]; // 0 … 1, then a spike
    const { figure } = lineFigure({ data: data([series("a", "loss", ys)]), runs, config: LineConfig.parse({ metrics: ["loss"], ignoreOutliers: true }), overrides: {} });
    const range = (figure.layout.yaxis as { range: [number, number] }).range;
    // Sorted, rank 0.05·99 = 4.95 → 4.95/98; rank 0.95·99 = 94.05 → 94.05/98.
    const lo = 4.95 / 98;
    const hi = 94.05 / 98;
    expect(range[0]).toBeCloseTo(lo - (hi - lo) * 0.1, 10);
    expect(range[1]).toBeCloseTo(hi + (hi - lo) * 0.1, 10);
    expect(range[1]).toBeLessThan(2);
  });

  it("computes outlier ranges in log units on a log axis", () => {
    const r = outlierRange([0.01, 0.1, 1, 10, 100, -5], true) as [number, number];
    // log10 values −2 … 2: p5 = −1.8, p95 = 1.8, pad 0.36.
    expect(r[0]).toBeCloseTo(-2.16, 10);
    expect(r[1]).toBeCloseTo(2.16, 10);
  });

  it("keys uirevision on the panel and its config only", () => {
    const cfg = LineConfig.parse({ metrics: ["loss"] });
    expect(lineUirevision("p1", cfg)).toBe(lineUirevision("p1", LineConfig.parse({ metrics: ["loss"] })));
    expect(lineUirevision("p1", cfg)).not.toBe(lineUirevision("p2", cfg));
    expect(lineUirevision("p1", cfg)).not.toBe(lineUirevision("p1", { ...cfg, logY: true }));
  });
});

describe("lineFigure, groups", () => {
  const g: ApiGroupSeries = { group: "adam", key: "loss", x: [0, 10], mean: [2, 1], median: [2, 0.9], min: [1, 0.5], max: [3, 1.5], std: [0.5, null], stderr: [0.25, null], n: [3, 1] };
  const grouped = (): LineData => ({ answer: { x: "step", xRange: [0, 10], groups: [g] }, runIds: ["a", "b", "c"], groups: [{ name: "adam", runs: ["a", "b", "c"] }], capped: 0 });

  it("draws the aggregate with a min–max band below it and n in the legend", () => {
    const { figure } = lineFigure({ data: grouped(), runs, config: LineConfig.parse({ metrics: ["loss"], groupBy: "config.opt" }), overrides: {} });
    const [lower, upper, line] = figure.data as Trace[];
    expect(lower.y).toEqual([1, 0.5]);
    expect(upper.y).toEqual([3, 1.5]);
    expect(upper.fill).toBe("tonexty");
    expect(line.y).toEqual([2, 1]);
    expect(line.name).toBe("adam (n=3)");
    expect(lower.showlegend).toBe(false);
  });

  it("draws ± std around the chosen aggregate (no spread where std is null)", () => {
    const { figure } = lineFigure({ data: grouped(), runs, config: LineConfig.parse({ metrics: ["loss"], groupBy: "config.opt", aggregate: "median", band: "std" }), overrides: {} });
    const [lower, upper, line] = figure.data as Trace[];
    expect(line.y).toEqual([2, 0.9]);
    expect(lower.y).toEqual([1.5, 0.9]);
    expect(upper.y).toEqual([2.5, 0.9]);
  });

  it("draws groups in the order they were asked for", () => {
    const sgd: ApiGroupSeries = { ...g, group: "sgd" };
    const d: LineData = { ...grouped(), answer: { x: "step", xRange: [0, 10], groups: [sgd, g] }, groups: [{ name: "adam", runs: ["a"] }, { name: "sgd", runs: ["b", "c"] }] };
    const { figure } = lineFigure({ data: d, runs, config: LineConfig.parse({ metrics: ["loss"], groupBy: "config.opt", band: "none" }), overrides: {} });
    expect((figure.data as Trace[]).map((t) => t.name)).toEqual(["adam (n=1)", "sgd (n=2)"]);
  });

  it("draws no band when none is asked for", () => {
    const { figure } = lineFigure({ data: grouped(), runs, config: LineConfig.parse({ metrics: ["loss"], groupBy: "config.opt", band: "none" }), overrides: {} });
    expect(figure.data).toHaveLength(1);
  });
});

describe("fillStepX", () => {
  it("gives each series left without x (omitStepX) its steps as x, and leaves the others", () => {
    const bare = { run: "a", key: "loss", exact: true, pointCount: 2, step: [3, 7], y: [1, 2] } as unknown as ApiSeries;
    const answer = fillStepX({ x: "step", xRange: [3, 7], series: [bare, series("b", "loss", [5])] } satisfies LineAnswer);
    expect(answer.series!.map((s) => s.x)).toEqual([[3, 7], [0]]);
    // A copy: what draws or extends x never changes the steps.
    expect(answer.series![0].x).not.toBe(answer.series![0].step);
  });
});
