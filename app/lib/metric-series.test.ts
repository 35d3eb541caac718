import { describe, expect, it } from "vitest";
import { chartSetRequests, metricSections, pointBudget, relayoutRange, toChartTrace, type ApiSeries } from "./metric-series";

const series = (y: ApiSeries["y"], step = y.map((_, i) => i * 10)): ApiSeries => ({
  run: "r1", key: "loss", exact: true, pointCount: y.length, step, x: step, y,
});

describe("toChartTrace", () => {
  it("turns NaN and ±Infinity into gaps and counts only drawn points", () => {
    const t = toChartTrace(series([1, "NaN", 0.5, "Infinity", "-Infinity", 0.25]), "step");
    expect(t.y).toEqual([1, null, 0.5, null, null, 0.25]);
    expect(t.x).toEqual([0, 10, 20, 30, 40, 50]);
    expect(t).toMatchObject({ drawn: 3, gaps: 3, lastStep: 50, pointCount: 6 });
  });

  it("scales wall time to milliseconds for a date axis", () => {
    const s = { ...series([1, 2]), x: [1_700_000_000, 1_700_000_001.5] };
    expect(toChartTrace(s, "wallTime").x).toEqual([1_700_000_000_000, 1_700_000_001_500]);
  });

  it("draws nothing for a missing series", () => {
    expect(toChartTrace(undefined, "step")).toMatchObject({ x: [], y: [], drawn: 0, lastStep: null });
  });
});

describe("metricSections", () => {
  const keys = ["val/loss", "loss", "train/acc", "acc", "val/acc", "val/deep/x"];

  it("groups by the prefix before the last slash, unprefixed keys first", () => {
    expect(metricSections(keys)).toEqual([
      { name: "Charts", keys: ["acc", "loss"] },
      { name: "train", keys: ["train/acc"] },
      { name: "val", keys: ["val/acc", "val/loss"] },
      { name: "val/deep", keys: ["val/deep/x"] },
    ]);
  });

  it("filters case-insensitively by every word, and never throws on regex characters", () => {
    expect(metricSections(keys, "VAL loss")).toEqual([{ name: "val", keys: ["val/loss"] }]);
    expect(metricSections(keys, "(((")).toEqual([]);
  });
});

describe("pointBudget and requests", () => {
  it("is about one point per pixel, in steps of 64, within the API's limits", () => {
    expect(pointBudget(400)).toBe(448);
    expect(pointBudget(1)).toBe(64);
    expect(pointBudget(Number.NaN)).toBe(640);
    expect(pointBudget(1e9)).toBe(100_000);
  });

  it("splits many keys into queries under the series limit", () => {
    const keys = Array.from({ length: 1201 }, (_, i) => `k${i}`);
    const reqs = chartSetRequests("r1", keys, "step", 448);
    expect(reqs.map((r) => r.keys.length)).toEqual([500, 500, 201]);
    expect(reqs[0]).toMatchObject({ runs: ["r1"], x: "step", points: 448 });
  });
});

describe("relayoutRange", () => {
  it("reads a drag-zoom, a reset and unrelated events", () => {
    expect(relayoutRange({ "xaxis.range[0]": 90, "xaxis.range[1]": 10 }, "step")).toEqual([10, 90]);
    expect(relayoutRange({ "xaxis.range": [1, 2] }, "relativeTime")).toEqual([1, 2]);
    expect(relayoutRange({ "xaxis.autorange": true }, "step")).toBe("reset");
    expect(relayoutRange({ "yaxis.range[0]": 1 }, "step")).toBeNull();
  });

  it("reads a date axis's UTC strings back as epoch seconds", () => {
    expect(relayoutRange({ "xaxis.range[0]": "2023-11-14 22:13:20", "xaxis.range[1]": "2023-11-14 22:13:21.5" }, "wallTime")).toEqual([1_700_000_000, 1_700_000_001.5]);
  });
});
