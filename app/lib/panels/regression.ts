/** Ordinary least squares of y on x, for the scatter panel's trend line. */

/** A fitted line y = slope·x + intercept, with its coefficient of determination. */
export interface Regression {
  slope: number;
  intercept: number;
  /** r² = 1 − SS_res / SS_tot (1 when every y is equal and fitted exactly). */
  r2: number;
  n: number;
}

/** The least-squares line through the finite (x, y) pairs, or null with fewer than two distinct x. */
export function linearRegression(xs: readonly number[], ys: readonly number[]): Regression | null {
  const pts: [number, number][] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) pts.push([xs[i], ys[i]]);
  const n = pts.length;
  if (n < 2) return null;
  const mx = pts.reduce((a, p) => a + p[0], 0) / n;
  const my = pts.reduce((a, p) => a + p[1], 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of pts) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
    syy += (y - my) * (y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssRes = pts.reduce((a, [x, y]) => a + (y - (slope * x + intercept)) ** 2, 0);
  return { slope, intercept, r2: syy === 0 ? 1 : 1 - ssRes / syy, n };
}
