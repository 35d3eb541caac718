import { describe, expect, it } from "vitest";
import { ScalarConfig } from "../../../editor/panels/panelSpec";
import type { ApiSeries } from "../metric-series";
import { formatScalar, lastValue, scalarMetricKey, scalarNeedsSeries, scalarValue } from "./scalar-value";
import { makeRun } from "./test-runs";

const runs = [
  makeRun("a", { name: "alpha", summary: { acc: 0.8 } }),
  makeRun("b", { name: "beta", summary: { acc: 0.9 } }),
  makeRun("c", { name: "gamma", summary: { acc: "NaN" } }),
  makeRun("d", { name: "delta", summary: { acc: 0.7 } }),
];
const NOW = 10_000_000; // ms
const t = NOW / 1000; // s
const series = (run: string, key: string, points: [number, number | "NaN"][]): ApiSeries => ({ run, key, exact: true, pointCount: points.length, step: points.map((_, i) => i), x: points.map((p) => p[0]), y: points.map((p) => p[1]) });

describe("scalarValue", () => {
  it("shows the first run's summary value with no change by default", () => {
    const r = scalarValue({ config: ScalarConfig.parse({ metric: "summary.acc", sparkline: false }), runs, series: [], now: NOW });
    expect(r).toMatchObject({ value: 0.8, text: "0.8", runId: "a", label: "alpha", delta: null, spark: null });
  });

  it("reduces over the runs that have a value", () => {
    const mean = scalarValue({ config: ScalarConfig.parse({ metric: "acc", reduce: "mean" }), runs, series: [], now: NOW });
    expect(mean.value).toBeCloseTo((0.8 + 0.9 + 0.7) / 3, 12);
    expect(mean.label).toBe("mean of 3 runs");
    expect(mean.runId).toBeNull();
    expect(scalarValue({ config: ScalarConfig.parse({ metric: "summary.acc", reduce: "max" }), runs, series: [], now: NOW }).runId).toBe("b");
    expect(scalarValue({ config: ScalarConfig.parse({ metric: "summary.acc", reduce: "min" }), runs, series: [], now: NOW }).runId).toBe("d");
    expect(scalarValue({ config: ScalarConfig.parse({ metric: "summary.nope" }), runs, series: [], now: NOW }).text).toBe("—");
  });

  it("compares with a baseline run, colored by higherIsBetter", () => {
    const cfg = ScalarConfig.parse({ metric: "summary.acc", baseline: { kind: "run", run: "b" }, higherIsBetter: true, decimals: 2 });
    const r = scalarValue({ config: cfg, runs, series: [], now: NOW });
    // 0.8 − 0.9 = −0.1, −11.1% of 0.9.
    expect(r.delta).toMatchObject({ text: "−0.10", percent: "−11.1%", direction: "down", good: false, against: "vs beta" });
    const lower = scalarValue({ config: { ...cfg, higherIsBetter: false }, runs, series: [], now: NOW });
    expect(lower.delta?.good).toBe(true);
  });

  it("finds a baseline run outside the set when given", () => {
    const outside = makeRun("z", { name: "zeta", summary: { acc: 0.4 } });
    const r = scalarValue({ config: ScalarConfig.parse({ metric: "summary.acc", baseline: { kind: "run", run: "z" } }), runs, series: [], baselineRun: outside, now: NOW });
    expect(r.delta?.value).toBeCloseTo(0.4, 12);
    expect(r.delta?.direction).toBe("up");
  });

  it("reads the latest point of a metric and compares with its value an hour ago", () => {
    const s = [series("a", "loss", [[t - 7200, 2], [t - 3700, 1.5], [t - 3000, 1.2], [t - 10, 1], [t - 5, "NaN"]])];
    const cfg = ScalarConfig.parse({ metric: "loss", source: "latest", baseline: { kind: "ago", seconds: 3600 } });
    const r = scalarValue({ config: cfg, runs, series: s, now: NOW });
    expect(r.value).toBe(1);
    expect(r.runId).toBe("a");
    // An hour ago the last point was 1.5: 1 − 1.5 = −0.5, lower is better.
    expect(r.delta).toMatchObject({ value: -0.5, direction: "down", good: true, against: "vs 1h ago", percent: "−33.3%" });
    expect(r.spark?.x[0]).toBe((t - 7200) * 1000);
    expect(r.spark?.y).toEqual([2, 1.5, 1.2, 1, null]);
  });

  it("has no change when the series does not reach back that far", () => {
    const s = [series("a", "acc", [[t - 10, 0.5], [t - 5, 0.8]])];
    const r = scalarValue({ config: ScalarConfig.parse({ metric: "summary.acc", baseline: { kind: "ago", seconds: 60 } }), runs, series: s, now: NOW });
    expect(r.delta).toBeNull();
    expect(r.spark?.y).toEqual([0.5, 0.8]);
  });
});

describe("helpers", () => {
  it("formats with fixed decimals or 4 significant digits", () => {
    expect(formatScalar(1234.5678, 2)).toBe("1,234.57");
    expect(formatScalar(0.123456, null)).toBe("0.1235");
    expect(formatScalar(3, 0)).toBe("3");
    expect(formatScalar(null, 2)).toBe("—");
  });

  it("names the series key and says when series are needed", () => {
    expect(scalarMetricKey({ metric: "summary.val/acc", source: "summary" })).toBe("val/acc");
    expect(scalarMetricKey({ metric: "loss", source: "latest" })).toBe("loss");
    expect(scalarNeedsSeries(ScalarConfig.parse({ sparkline: false }))).toBe(false);
    expect(scalarNeedsSeries(ScalarConfig.parse({ sparkline: false, source: "latest" }))).toBe(true);
  });

  it("takes the last finite value at or before a time", () => {
    const s = series("a", "x", [[1, 1], [2, "NaN"], [3, 3]]);
    expect(lastValue(s)).toBe(3);
    expect(lastValue(s, 2.5)).toBe(1);
    expect(lastValue(s, 0)).toBeNull();
    expect(lastValue(undefined)).toBeNull();
  });
});
