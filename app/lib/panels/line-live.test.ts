import { describe, expect, it } from "vitest";
import { LineConfig, RunSet } from "../../../editor/panels/panelSpec";
import type { ApiSeries } from "../metric-series";
import { canAppendLive, foldWorkerTail, mergeTail, seriesKey, TAIL_STEPS, tailFrom, tailRequest, workerLiveSpec } from "./line-live";
import { lineExtension, lineFigure, type LineData } from "./line-traces";
import { makeRun } from "./test-runs";

const series = (run: string, steps: number[], y = steps.map((s) => s / 10)): ApiSeries => ({ run, key: "loss", exact: true, pointCount: steps.length, step: steps, x: steps, y });
const data = (s: ApiSeries[]): LineData => ({ answer: { x: "step", xRange: [0, 9], series: s }, runIds: s.map((x) => x.run), groups: null, capped: 0, live: true });
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const config = LineConfig.parse({ metrics: ["loss"] });
const runSet = RunSet.parse({ id: "rs", name: "Runs", projects: ["alice/mnist"] });

describe("canAppendLive", () => {
  const d = data([series("a", range(0, 10))]);
  it("allows step-axis, ungrouped, unsmoothed, unzoomed panels over sets that cannot change as runs log", () => {
    expect(canAppendLive(config, runSet, null, d)).toBe(true);
  });
  it("refuses everything else", () => {
    expect(canAppendLive(LineConfig.parse({ metrics: ["loss"], x: "wallTime" }), runSet, null, d)).toBe(false);
    expect(canAppendLive(LineConfig.parse({ metrics: ["loss"], smoothing: { kind: "ema" } }), runSet, null, d)).toBe(false);
    expect(canAppendLive(LineConfig.parse({ metrics: ["loss"], groupBy: "config.lr" }), runSet, null, d)).toBe(false);
    expect(canAppendLive(LineConfig.parse({ metrics: ["loss"], xRange: [0, 5] }), runSet, null, d)).toBe(false);
    expect(canAppendLive(config, runSet, [0, 5], d)).toBe(false);
    expect(canAppendLive(config, { ...runSet, sort: [{ field: "summary.loss", order: "asc" }] }, null, d)).toBe(false);
    expect(canAppendLive(config, { ...runSet, filter: { field: "state", op: "=", value: "running" } }, null, d)).toBe(false);
    expect(canAppendLive(LineConfig.parse({ metrics: ["loss"], legend: "${summary:loss}" }), runSet, null, d)).toBe(false);
    expect(canAppendLive(config, { ...runSet, frozen: { at: "2026-11-20T10:00:00.000Z", runs: [] } }, null, d)).toBe(false);
  });
});

describe("tails", () => {
  it("ask from the first step any line is missing", () => {
    const d = data([series("a", range(0, 10)), series("b", range(0, 7))]);
    expect(tailFrom(d)).toBe(7);
    expect(tailRequest(config, d)).toEqual({ runs: ["a", "b"], keys: ["loss"], x: "step", xRange: [7, 7 + TAIL_STEPS - 1], points: TAIL_STEPS, omitStepX: true });
  });

  it("merge only the points after each line's last step, cumulatively, and say when to refetch", () => {
    const d = data([series("a", range(0, 10)), series("b", range(0, 7))]);
    const end = 7 + TAIL_STEPS - 1;
    const once = mergeTail(d, { x: "step", xRange: null, series: [series("a", range(7, 12)), series("b", range(7, 9))] }, end)!;
    expect(once.answer).toBe(d.answer);
    expect(once.tail!.bySeries[seriesKey("a", "loss")]).toEqual({ x: [10, 11], y: [1, 1.1], lastStep: 11 });
    expect(once.tail!.bySeries[seriesKey("b", "loss")]).toEqual({ x: [7, 8], y: [0.7, 0.8], lastStep: 8 });
    expect(once.tail!.points).toBe(4);
    const twice = mergeTail(once, { x: "step", xRange: null, series: [series("a", [12], ["NaN" as unknown as number])] }, end)!;
    expect(twice.tail!.bySeries[seriesKey("a", "loss")]).toEqual({ x: [10, 11, 12], y: [1, 1.1, null], lastStep: 12 });
    // Nothing new: the same object (no redraw).
    expect(mergeTail(twice, { x: "step", xRange: null, series: [series("a", [11, 12])] }, end)).toBe(twice);
    // A line the panel does not have, a tail reaching the asked end, or tails past half the drawn points: refetch.
    expect(mergeTail(d, { x: "step", xRange: null, series: [series("c", [3])] }, end)).toBeNull();
    expect(mergeTail(d, { x: "step", xRange: null, series: [series("a", [10, end])] }, end)).toBeNull();
    expect(mergeTail(d, { x: "step", xRange: null, series: [series("a", range(10, 20))] }, end)).toBeNull();
  });

  it("extend the figure's run lines, by trace index", () => {
    const d = data([series("a", range(0, 10)), series("b", range(0, 7))]);
    const merged = mergeTail(d, { x: "step", xRange: null, series: [series("b", [7, 8])] }, 7 + TAIL_STEPS - 1)!;
    const { figure } = lineFigure({ data: merged, runs: [makeRun("a", { state: "running" }), makeRun("b")], config, overrides: {} });
    expect(lineExtension(figure, merged)).toEqual([{ trace: 1, x: [7, 8], y: [0.7, 0.8] }]);
    // Live panels leave room on x past the last step.
    expect((figure.layout.xaxis as { range: number[] }).range).toEqual([0, 19]);
    expect((lineFigure({ data: { ...d, live: false }, runs: [], config, overrides: {} }).figure.layout.xaxis as { autorange: boolean }).autorange).toBe(true);
  });
});

describe("the figure worker's live appends", () => {
  const runs = [makeRun("a", { state: "running" }), makeRun("b")];
  it("name each line's trace and last step, and the points held, for line plots the worker may append", () => {
    const d = data([series("a", range(0, 10)), series("b", range(0, 7))]);
    const merged = mergeTail(d, { x: "step", xRange: null, series: [series("b", [7, 8])] }, 7 + TAIL_STEPS - 1)!;
    const { figure } = lineFigure({ data: merged, runs, config, overrides: {} });
    expect(workerLiveSpec(config, runSet, null, merged, figure)).toEqual({
      runs: ["a", "b"],
      keys: ["loss"],
      lines: [{ series: seriesKey("a", "loss"), trace: 0, last: 9 }, { series: seriesKey("b", "loss"), trace: 1, last: 8 }],
      basePoints: 17,
      tailPoints: 2,
    });
  });

  it("leave the page to append what the worker may not: a regex, a zoom, grouping, a frozen set, data that is not live", () => {
    const d = data([series("a", range(0, 10))]);
    const { figure } = lineFigure({ data: d, runs, config, overrides: {} });
    expect(workerLiveSpec(LineConfig.parse({ metricRegex: "^loss$" }), runSet, null, d, figure)).toBeNull();
    expect(workerLiveSpec(config, runSet, [0, 5], d, figure)).toBeNull();
    expect(workerLiveSpec(LineConfig.parse({ metrics: ["loss"], groupBy: "config.lr" }), runSet, null, d, figure)).toBeNull();
    expect(workerLiveSpec(config, { ...runSet, frozen: { at: "2026-11-20T10:00:00.000Z", runs: [] } }, null, d, figure)).toBeNull();
    expect(workerLiveSpec(config, runSet, null, { ...d, live: false }, figure)).toBeNull();
  });

  it("fold the worker's points back into the panel's tail, past each line's last step only", () => {
    const d = data([series("a", range(0, 10)), series("b", range(0, 7))]);
    const merged = mergeTail(d, { x: "step", xRange: null, series: [series("a", [10, 11])] }, 10 + TAIL_STEPS - 1)!;
    const folded = foldWorkerTail(merged, {
      // The page's own append raced the worker's: step 11 is held already.
      [seriesKey("a", "loss")]: { x: [11, 12], y: [1.1, 1.2], lastStep: 12 },
      [seriesKey("b", "loss")]: { x: [7], y: [0.7], lastStep: 7 },
      [seriesKey("c", "loss")]: { x: [1], y: [1], lastStep: 1 },
    });
    expect(folded.tail!.bySeries[seriesKey("a", "loss")]).toEqual({ x: [10, 11, 12], y: [1, 1.1, 1.2], lastStep: 12 });
    expect(folded.tail!.bySeries[seriesKey("b", "loss")]).toEqual({ x: [7], y: [0.7], lastStep: 7 });
    expect(folded.tail!.points).toBe(4);
    expect(folded.tail!.bySeries[seriesKey("c", "loss")]).toBeUndefined();
    // Nothing new: the same object.
    expect(foldWorkerTail(folded, { [seriesKey("a", "loss")]: { x: [12], y: [1.2], lastStep: 12 } })).toBe(folded);
  });
});
