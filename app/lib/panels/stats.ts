/**
 * Small statistics over finite numbers, shared by the bar, scalar and line builders. Inputs may
 * hold non-finite values: they are dropped first. Empty inputs give null.
 */

/** The aggregates a panel config names. */
export type AggregateKind = "mean" | "median" | "min" | "max";

/** The finite numbers of `values`. */
export function finiteValues(values: readonly unknown[]): number[] {
  return values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/** Arithmetic mean. */
export function mean(values: readonly unknown[]): number | null {
  const v = finiteValues(values);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** Linear-interpolated percentile, p in [0, 100] (the "R-7" definition spreadsheets use). */
export function percentile(values: readonly unknown[], p: number): number | null {
  const v = finiteValues(values).sort((a, b) => a - b);
  if (!v.length) return null;
  const pos = (Math.min(Math.max(p, 0), 100) / 100) * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** Sample standard deviation (n − 1); null below two values. */
export function sampleStd(values: readonly unknown[]): number | null {
  const v = finiteValues(values);
  if (v.length < 2) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / (v.length - 1));
}

/** `values` reduced by `kind`. */
export function aggregate(values: readonly unknown[], kind: AggregateKind): number | null {
  const v = finiteValues(values);
  if (!v.length) return null;
  switch (kind) {
    case "mean": return mean(v);
    case "median": return percentile(v, 50);
    case "min": return Math.min(...v);
    case "max": return Math.max(...v);
  }
}
