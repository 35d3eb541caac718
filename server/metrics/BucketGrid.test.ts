import { describe, expect, it } from "vitest";
import { bucketGrid, bucketOf, FINE_ROLLUP_STEPS, ROLLUP_STEPS } from "./BucketGrid";

describe("bucketGrid", () => {
  it("never makes more buckets than asked, on any range, aligned for M4 (2 rollups) or groups (1)", () => {
    const ranges = [[0, 99_999, 250], [13, 99_999, 250], [5, 1_000_000_007, 250], [0, 300, 250], [1000, 1999, 1000],
      [7, 7, 10], [0, 16_000, 249], [63, 190, 2], [1, 99_999, 1000], [999, 200_000, 8]];
    for (const [lo, hi, n] of ranges) {
      for (const g of [bucketGrid(lo, hi, n, true), bucketGrid(lo, hi, n, true, 1)]) {
        expect(g.count).toBeLessThanOrEqual(n);
        expect(bucketOf(g, lo)).toBe(0);
        expect(bucketOf(g, hi)).toBe(g.count - 1);
        expect(Math.floor((hi - g.origin) / g.width)).toBe(g.count - 1);
      }
    }
  });

  it("aligns wide step buckets to whole rollup buckets", () => {
    const g = bucketGrid(100, 99_999, 250, true);
    expect(g.alignedToRollups).toBe(true);
    expect(g.origin % ROLLUP_STEPS).toBe(0);
    expect(g.width % ROLLUP_STEPS).toBe(0);
    expect(g.width).toBeLessThan((2 * (99_999 - 100 + 1)) / 250);
  });

  it("aligns to the 8-step level when the 64-step one would be too coarse", () => {
    const g = bucketGrid(0, 9_999, 250, true);
    expect(g).toMatchObject({ origin: 0, width: 48, rollupSteps: FINE_ROLLUP_STEPS, alignedToRollups: true });
    expect(bucketGrid(0, 9_999, 250, true, 0.5)).toMatchObject({ width: 64, rollupSteps: ROLLUP_STEPS });
  });

  it("keeps narrow step buckets exact and unaligned", () => {
    const g = bucketGrid(10, 2009, 250, true);
    expect(g).toMatchObject({ origin: 10, width: 8, count: 250, alignedToRollups: false, rollupSteps: null });
  });

  it("splits real ranges evenly", () => {
    const g = bucketGrid(0, 10, 5, false);
    expect(g).toMatchObject({ origin: 0, width: 2, count: 5 });
    expect(bucketOf(g, 10)).toBe(4);
    expect(bucketOf(g, 3.9)).toBe(1);
  });
});
