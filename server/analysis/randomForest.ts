/**
 * A small random forest regressor, used only for its feature importances (parameter importance,
 * docs/decisions/011-panel-data.md).
 *
 * Each tree is grown on a bootstrap sample of the rows (drawn with replacement). At each node,
 * `mtry` features are drawn without replacement, and for each one the node's rows are counted into
 * the feature's bins (at most 64, see binColumn) with their sums of y and y²; one scan over the bins
 * then finds the threshold that most reduces the node's sum of squared errors (SSE). The best split over the drawn features is taken
 * when it reduces the SSE at all; a node stops at `maxDepth`, below `minSplit` rows, or when it is
 * pure. A feature's importance is the total SSE decrease of the splits on it ("mean decrease in
 * impurity", Breiman 2001), summed over the trees and normalized to sum to 1.
 *
 * Every draw comes from one seeded generator, so a fit is a pure function of its inputs. Features
 * must be finite numbers: callers impute missing values first (server/analysis/encodeParams.ts).
 */

/** Most bins per feature (see binColumn). */
const MAX_BINS = 64;

/** Forest settings. */
export interface ForestOptions {
  trees: number;
  maxDepth: number;
  /** Features drawn per split; default ⌈√features⌉. */
  mtry?: number;
  /** Fewest rows a node must hold to be split. */
  minSplit: number;
  seed: number;
}

/** Defaults: 100 trees of depth 6. */
export const DEFAULT_FOREST: ForestOptions = { trees: 100, maxDepth: 6, minSplit: 4, seed: 1 };

/**
 * Fits a forest to rows `x` (row-major, all finite) and targets `y`, and returns each feature's
 * normalized importance (all zeros when no split ever helped, e.g. a constant y).
 */
export function forestImportances(x: readonly (readonly number[])[], y: readonly number[], opts: ForestOptions = DEFAULT_FOREST): number[] {
  const nFeatures = x[0]?.length ?? 0;
  const total = new Array<number>(nFeatures).fill(0);
  if (x.length < 2 || nFeatures === 0) return total;
  const mtry = Math.min(nFeatures, Math.max(1, opts.mtry ?? Math.ceil(Math.sqrt(nFeatures))));
  const random = mulberry32(opts.seed);
  const bins = Array.from({ length: nFeatures }, (_, f) => binColumn(x.map((row) => row[f])));
  const ys = Float64Array.from(y);
  // Per-bin count, sum and sum of squares, reused by every split search.
  const cnt = new Float64Array(MAX_BINS);
  const sums = new Float64Array(MAX_BINS);
  const sqs = new Float64Array(MAX_BINS);
  for (let t = 0; t < opts.trees; t++) {
    const sample = Array.from({ length: x.length }, () => Math.floor(random() * x.length));
    grow(sample, 0);
  }
  const sum = total.reduce((a, b) => a + b, 0);
  return sum > 0 ? total.map((v) => v / sum) : total;

  function grow(rows: number[], depth: number): void {
    if (depth >= opts.maxDepth || rows.length < opts.minSplit) return;
    const best = bestSplit(rows, drawFeatures());
    if (!best) return;
    total[best.feature] += best.gain;
    const bin = bins[best.feature].of;
    grow(rows.filter((r) => bin[r] <= best.bin), depth + 1);
    grow(rows.filter((r) => bin[r] > best.bin), depth + 1);
  }

  function drawFeatures(): number[] {
    // A partial Fisher–Yates shuffle: the first mtry of a random permutation.
    const all = Array.from({ length: nFeatures }, (_, i) => i);
    for (let i = 0; i < mtry; i++) {
      const j = i + Math.floor(random() * (nFeatures - i));
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, mtry);
  }

  function bestSplit(rows: number[], features: number[]): { feature: number; bin: number; gain: number } | null {
    let sum = 0;
    let sumSq = 0;
    for (const r of rows) {
      sum += ys[r];
      sumSq += ys[r] * ys[r];
    }
    const n = rows.length;
    const parentSse = sumSq - (sum * sum) / n;
    // Gains below this are rounding noise in the sums, not a real split.
    const eps = 1e-12 * Math.max(1, sumSq);
    let best: { feature: number; bin: number; gain: number } | null = null;
    for (const f of features) {
      const { of, count } = bins[f];
      cnt.fill(0, 0, count);
      sums.fill(0, 0, count);
      sqs.fill(0, 0, count);
      for (const r of rows) {
        const b = of[r];
        cnt[b]++;
        sums[b] += ys[r];
        sqs[b] += ys[r] * ys[r];
      }
      let nl = 0;
      let lSum = 0;
      let lSq = 0;
      for (let b = 0; b < count - 1; b++) {
        if (cnt[b] === 0) continue;
        nl += cnt[b];
        lSum += sums[b];
        lSq += sqs[b];
        const nr = n - nl;
        if (nr === 0) break;
        const rSum = sum - lSum;
        const sse = lSq - (lSum * lSum) / nl + (sumSq - lSq) - (rSum * rSum) / nr;
        const gain = parentSse - sse;
        if (gain > eps && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
      }
    }
    return best;
  }
}

/**
 * A feature's values as bin indexes: each distinct value its own bin when there are at most
 * MAX_BINS, else MAX_BINS bins at the values' quantiles. Splits fall between bins, so a split
 * search is one pass over the node's rows and one over the bins, never a sort (the histogram method
 * of LightGBM); with few distinct values (one-hot columns, a grid sweep) nothing is lost.
 */
function binColumn(values: readonly number[]): { of: Uint8Array; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  const uppers = distinct.length <= MAX_BINS
    ? distinct
    : [...new Set(Array.from({ length: MAX_BINS }, (_, k) => sorted[Math.ceil(((k + 1) * sorted.length) / MAX_BINS) - 1]))];
  const of = Uint8Array.from(values, (v) => {
    let lo = 0;
    let hi = uppers.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (uppers[mid] >= v) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  });
  return { of, count: uppers.length };
}

/** A small, fast seeded generator of floats in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
