/**
 * The x-bucket grid shared by every series of one query. Bucket `b` covers
 * `[origin + b·width, origin + (b+1)·width)`; the last bucket also holds `hi` itself. Sharing one
 * grid across series is what lets grouped aggregates line runs up bucket by bucket, and what lets
 * a chart treat one bucket as one pixel column.
 *
 * On the step axis buckets are whole numbers of steps. When a bucket spans at least
 * `minRollups` buckets of a rollup level (the coarsest such level: 64 steps, else 8), its width is
 * rounded up to a multiple of that level's steps and its origin down to one, so every query bucket
 * is an exact union of rollup buckets (docs/decisions/006-metrics-downsampling.md, 015). With 2 the
 * rounding costs at most about a third of the buckets, with 1 or 0.5 at most half; the count never
 * exceeds the one asked for.
 */

/** Steps per bucket of the coarse rollup level (metric_rollups.bucket = floor(step / 64)). */
export const ROLLUP_STEPS = 64;
/** Steps per bucket of the fine level (metric_fine_rollups). */
export const FINE_ROLLUP_STEPS = 8;
/** The rollup levels, coarsest first. */
export const ROLLUP_LEVELS = [ROLLUP_STEPS, FINE_ROLLUP_STEPS] as const;
/** A rollup level: steps per bucket. */
export type RollupSteps = (typeof ROLLUP_LEVELS)[number];

/** One query's buckets. */
export interface BucketGrid {
  origin: number;
  width: number;
  count: number;
  /** The x-range the points were filtered to, inclusive. */
  lo: number;
  hi: number;
  /** Step axis only: buckets are unions of whole rollup buckets (of level `rollupSteps`). */
  alignedToRollups: boolean;
  /** The rollup level the buckets are aligned to, or null. */
  rollupSteps: RollupSteps | null;
}

/**
 * A grid of at most `maxBuckets` buckets over `[lo, hi]`. `integral` is the step axis (x values
 * are integers, so `[lo, hi]` holds `hi - lo + 1` possible x values).
 */
export function bucketGrid(lo: number, hi: number, maxBuckets: number, integral: boolean, minRollups = 2): BucketGrid {
  const buckets = Math.max(1, Math.floor(maxBuckets));
  if (!integral) {
    const width = hi > lo ? (hi - lo) / buckets : 1;
    return { origin: lo, width, count: buckets, lo, hi, alignedToRollups: false, rollupSteps: null };
  }
  const slo = Math.ceil(lo);
  const shi = Math.floor(hi);
  const span = Math.max(1, shi - slo + 1);
  const width = Math.ceil(span / buckets);
  for (const R of ROLLUP_LEVELS) {
    if (width < minRollups * R) continue;
    // One fewer bucket leaves room for the partial bucket the aligned origin adds at the left.
    const aligned = Math.ceil(span / Math.max(1, buckets - 1) / R) * R;
    const origin = Math.floor(slo / R) * R;
    const alignedWidth = Math.max(aligned, R);
    return { origin, width: alignedWidth, count: Math.floor((shi - origin) / alignedWidth) + 1, lo: slo, hi: shi, alignedToRollups: true, rollupSteps: R };
  }
  return { origin: slo, width, count: Math.floor((shi - slo) / width) + 1, lo: slo, hi: shi, alignedToRollups: false, rollupSteps: null };
}

/** The bucket of `x` on `grid` (the last bucket is closed on the right). */
export function bucketOf(grid: BucketGrid, x: number): number {
  return Math.min(grid.count - 1, Math.max(0, Math.floor((x - grid.origin) / grid.width)));
}
