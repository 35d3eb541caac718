import { describe, expect, it } from "vitest";
import { aggregate, finiteValues, mean, percentile, sampleStd } from "./stats";

describe("stats", () => {
  it("drops what is not a finite number", () => {
    expect(finiteValues([1, "NaN", null, Infinity, 2, "3"])).toEqual([1, 2]);
    expect(mean([])).toBeNull();
    expect(aggregate(["NaN"], "max")).toBeNull();
  });

  it("aggregates", () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(aggregate([5, 1, 3, 2], "median")).toBe(2.5);
    expect(aggregate([5, 1, 3], "min")).toBe(1);
    expect(aggregate([5, 1, 3], "max")).toBe(5);
  });

  it("computes the sample standard deviation", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, 32 / 7.
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([1])).toBeNull();
  });

  it("interpolates percentiles between ranks", () => {
    const v = Array.from({ length: 21 }, (_, i) => i * 10); // 0 … 200
    expect(percentile(v, 5)).toBe(10);
    expect(percentile(v, 95)).toBe(190);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });
});
