/**
 * M4 downsampling (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
 * VLDB 2014): per x-bucket keep the first and last point (by step) and the points with the
 * minimum and maximum value. A line drawn through those at most four points per pixel column
 * touches exactly the pixels the full series touches, so the chart looks the same while the point
 * count is bounded by 4 × buckets whatever the series length. The first bucket's first point and the
 * last bucket's last point are the series' first and last, so both are always kept.
 *
 * The SQL in seriesM4Sql.ts computes the four candidates per bucket; `mergeCandidates` turns them
 * into a step-ordered series without duplicates. `m4` is the same thing over points in memory:
 * the reference the tests and the naive benchmark baseline compare against.
 */
import { bucketOf, type BucketGrid } from "./BucketGrid";

/** One point of a series: its step, x (the step itself, a time or another metric) and value. */
export interface SeriesPoint {
  step: number;
  x: number;
  y: number;
}

/** Sorts candidate points by step and drops repeats (a bucket's first point is often its min too). */
export function mergeCandidates(points: SeriesPoint[]): SeriesPoint[] {
  points.sort((a, b) => a.step - b.step);
  const out: SeriesPoint[] = [];
  for (const p of points) if (out.length === 0 || out[out.length - 1].step !== p.step) out.push(p);
  return out;
}

/** M4 over step-ordered points in memory. NaN values never win min or max. */
export function m4(points: readonly SeriesPoint[], grid: BucketGrid): SeriesPoint[] {
  const first = new Map<number, SeriesPoint>();
  const last = new Map<number, SeriesPoint>();
  const min = new Map<number, SeriesPoint>();
  const max = new Map<number, SeriesPoint>();
  for (const p of points) {
    if (p.x < grid.lo || p.x > grid.hi) continue;
    const b = bucketOf(grid, p.x);
    if (!first.has(b)) first.set(b, p);
    last.set(b, p);
    if (Number.isNaN(p.y)) continue;
    const lo = min.get(b);
    if (!lo || p.y < lo.y) min.set(b, p);
    const hi = max.get(b);
    if (!hi || p.y > hi.y) max.set(b, p);
  }
  return mergeCandidates([...first.values(), ...last.values(), ...min.values(), ...max.values()]);
}
