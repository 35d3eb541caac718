import { describe, expect, it } from "vitest";
import { bucketGrid, bucketOf } from "./BucketGrid";
import { m4, mergeCandidates, type SeriesPoint } from "./m4";

const series = (n: number, f: (i: number) => number): SeriesPoint[] => Array.from({ length: n }, (_, i) => ({ step: i, x: i, y: f(i) }));

describe("m4", () => {
  it("keeps a single spike, the first and the last point at any budget", () => {
    const pts = series(100_000, (i) => (i === 31_337 ? 1e9 : Math.sin(i / 100)));
    for (const buckets of [1, 2, 10, 250]) {
      const out = m4(pts, bucketGrid(0, 99_999, buckets, true));
      expect(out.length).toBeLessThanOrEqual(4 * buckets);
      expect(out.find((p) => p.y === 1e9)?.step).toBe(31_337);
      expect(out[0].step).toBe(0);
      expect(out[out.length - 1].step).toBe(99_999);
    }
  });

  it("keeps every bucket's true min and max", () => {
    const pts = series(10_000, (i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const grid = bucketGrid(0, 9_999, 100, true);
    const out = m4(pts, grid);
    for (let b = 0; b < grid.count; b++) {
      const inB = pts.filter((p) => bucketOf(grid, p.x) === b).map((p) => p.y);
      const kept = out.filter((p) => bucketOf(grid, p.x) === b).map((p) => p.y);
      expect(Math.min(...kept)).toBe(Math.min(...inB));
      expect(Math.max(...kept)).toBe(Math.max(...inB));
    }
  });

  it("never lets NaN win min or max, but keeps it as a first or last point", () => {
    const pts = series(8, (i) => (i === 0 ? NaN : i));
    const out = m4(pts, bucketGrid(0, 7, 1, true));
    expect(out.map((p) => p.step)).toEqual([0, 1, 7]);
  });

  it("merges candidates in step order without repeats", () => {
    const p = (step: number) => ({ step, x: step, y: 0 });
    expect(mergeCandidates([p(3), p(1), p(3), p(2), p(1)]).map((q) => q.step)).toEqual([1, 2, 3]);
  });
});
