/**
 * A small random forest regressor, used only for its feature importances (parameter importance,
 * docs/decisions/011-panel-data.md).
 *
 * Each tree is grown on a bootstrap sample of the rows (drawn with replacement). At each node,
 * `mtry` features are drawn without replacement, and for each one the rows are sorted by that
 * feature and scanned once, keeping running sums of y and y², to find the threshold that most
 * reduces the node's sum of squared errors (SSE). The best split over the drawn features is taken
 * when it reduces the SSE at all; a node stops at `maxDepth`, below `minSplit` rows, or when it is
 * pure. A feature's importance is the total SSE decrease of the splits on it ("mean decrease in
 * impurity", Breiman 2001), summed over the trees and normalized to sum to 1.
 *
 * Every draw comes from one seeded generator, so a fit is a pure function of its inputs. Features
 * must be finite numbers: callers impute missing values first (server/analysis/encodeParams.ts).
 */

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
  // Column-major copies: the split scan reads one feature of many rows.
  const cols = Array.from({ length: nFeatures }, (_, f) => Float64Array.from(x, (row) => row[f]));
  const ys = Float64Array.from(y);
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
    const col = cols[best.feature];
    grow(rows.filter((r) => col[r] <= best.threshold), depth + 1);
    grow(rows.filter((r) => col[r] > best.threshold), depth + 1);
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

  function bestSplit(rows: number[], features: number[]): { feature: number; threshold: number; gain: number } | null {
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
    let best: { feature: number; threshold: number; gain: number } | null = null;
    for (const f of features) {
      const col = cols[f];
      const sorted = [...rows].sort((a, b) => col[a] - col[b]);
      let lSum = 0;
      let lSq = 0;
      for (let i = 0; i < n - 1; i++) {
        const v = ys[sorted[i]];
        lSum += v;
        lSq += v * v;
        const here = col[sorted[i]];
        const next = col[sorted[i + 1]];
        if (here === next) continue; // a threshold must fall between two distinct values
        const nl = i + 1;
        const nr = n - nl;
        const rSum = sum - lSum;
        const sse = lSq - (lSum * lSum) / nl + (sumSq - lSq) - (rSum * rSum) / nr;
        const gain = parentSse - sse;
        if (gain > eps && (!best || gain > best.gain)) best = { feature: f, threshold: here, gain };
      }
    }
    return best;
  }
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
