/**
 * Smoothing of a line's y values against its x values. Every method skips values that are not
 * finite (they stay gaps and do not pull the line), and works on a series in x order.
 *
 * - `ema`: the debiased exponential moving average TensorBoard draws. With weight w,
 *   s_i = Σ_{k≤i} w^(i−k) y_k / Σ_{k≤i} w^(i−k): the usual `a = w·a + (1−w)·y` divided by
 *   `1 − wⁿ`, so the start is not dragged towards zero.
 * - `twema`: the same, but each step's decay is w^(Δx / mean Δx): a point far away in x counts
 *   for less than a near one. On evenly spaced points it equals `ema`; it is what keeps a
 *   downsampled series (uneven x) looking like the full one.
 * - `gaussian`: each point is the mean of its neighbours weighted by exp(−Δx² / 2σ²), σ in x
 *   units, over ±3σ.
 * - `average`: the trailing mean of the last `window` finite points.
 */

/** A smoothing method, as LineConfig names them. */
export type SmoothingKind = "none" | "twema" | "ema" | "gaussian" | "average";

/** The largest EMA weight: 1 would never move. */
export const MAX_EMA_WEIGHT = 0.999;

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** `ys` smoothed by `kind` with `amount`; see the module comment. Non-finite inputs give null. */
export function smooth(kind: SmoothingKind, xs: readonly number[], ys: readonly (number | null)[], amount: number): (number | null)[] {
  switch (kind) {
    case "ema": return ema(ys, amount);
    case "twema": return timeWeightedEma(xs, ys, amount);
    case "gaussian": return gaussian(xs, ys, amount);
    case "average": return runningAverage(ys, amount);
    default: return ys.map((y) => (finite(y) ? y : null));
  }
}

function clampWeight(w: number): number {
  return Math.min(Math.max(Number.isFinite(w) ? w : 0, 0), MAX_EMA_WEIGHT);
}

/** Debiased EMA with weight `w` (0 … 0.999). */
export function ema(ys: readonly (number | null)[], w: number): (number | null)[] {
  const weight = clampWeight(w);
  let acc = 0;
  let norm = 0;
  return ys.map((y) => {
    if (!finite(y)) return null;
    acc = acc * weight + y;
    norm = norm * weight + 1;
    return acc / norm;
  });
}

/** Debiased EMA whose decay per point is w^(Δx / mean Δx). */
export function timeWeightedEma(xs: readonly number[], ys: readonly (number | null)[], w: number): (number | null)[] {
  const weight = clampWeight(w);
  const n = Math.min(xs.length, ys.length);
  const span = n > 1 ? xs[n - 1] - xs[0] : 0;
  const unit = n > 1 && span > 0 ? span / (n - 1) : 1;
  let acc = 0;
  let norm = 0;
  let lastX: number | null = null;
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const y = ys[i];
    if (!finite(y) || !Number.isFinite(xs[i])) {
      out.push(null);
      continue;
    }
    const decay = lastX === null ? 0 : Math.pow(weight, Math.max(0, xs[i] - lastX) / unit);
    acc = acc * decay + y;
    norm = norm * decay + 1;
    lastX = xs[i];
    out.push(acc / norm);
  }
  return out;
}

/** Gaussian kernel smoothing with `sigma` in x units (≤ 0: unchanged). */
export function gaussian(xs: readonly number[], ys: readonly (number | null)[], sigma: number): (number | null)[] {
  const n = Math.min(xs.length, ys.length);
  if (!(sigma > 0)) return ys.slice(0, n).map((y) => (finite(y) ? y : null));
  const reach = 3 * sigma;
  const out: (number | null)[] = [];
  let lo = 0;
  for (let i = 0; i < n; i++) {
    if (!finite(ys[i])) {
      out.push(null);
      continue;
    }
    while (lo < i && xs[lo] < xs[i] - reach) lo++;
    let sum = 0;
    let weights = 0;
    for (let j = lo; j < n && xs[j] <= xs[i] + reach; j++) {
      const y = ys[j];
      if (!finite(y)) continue;
      const d = xs[j] - xs[i];
      const k = Math.exp(-(d * d) / (2 * sigma * sigma));
      sum += k * y;
      weights += k;
    }
    out.push(sum / weights);
  }
  return out;
}

/** Trailing mean of the last `window` finite points (window rounded, at least 1). */
export function runningAverage(ys: readonly (number | null)[], window: number): (number | null)[] {
  const size = Math.max(1, Math.round(Number.isFinite(window) ? window : 1));
  const kept: number[] = [];
  let sum = 0;
  return ys.map((y) => {
    if (!finite(y)) return null;
    kept.push(y);
    sum += y;
    if (kept.length > size) sum -= kept.shift() as number;
    return sum / kept.length;
  });
}
