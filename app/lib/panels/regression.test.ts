import { describe, expect, it } from "vitest";
import { linearRegression } from "./regression";

describe("linearRegression", () => {
  it("recovers an exact line", () => {
    const r = linearRegression([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(r?.slope).toBeCloseTo(2, 12);
    expect(r?.intercept).toBeCloseTo(1, 12);
    expect(r?.r2).toBeCloseTo(1, 12);
    expect(r?.n).toBe(4);
  });

  it("matches a hand-computed fit", () => {
    // x = 1, 2, 3; y = 2, 3, 5: x̄ = 2, ȳ = 10/3, Sxx = 2, Sxy = (−1)(−4/3) + 0 + (1)(5/3) = 3 → slope 1.5,
    // intercept 10/3 − 3 = 1/3; fitted 11/6, 10/3, 29/6; SSres = 1/36 + 1/9 + 1/36 = 1/6; SStot = 14/3.
    const r = linearRegression([1, 2, 3], [2, 3, 5]);
    expect(r?.slope).toBeCloseTo(1.5, 12);
    expect(r?.intercept).toBeCloseTo(1 / 3, 12);
    expect(r?.r2).toBeCloseTo(1 - (1 / 6) / (14 / 3), 12);
  });

  it("skips non-finite pairs and refuses degenerate input", () => {
    expect(linearRegression([0, 1, Number.NaN], [0, 1, 5])?.slope).toBeCloseTo(1, 12);
    expect(linearRegression([1], [1])).toBeNull();
    expect(linearRegression([2, 2, 2], [1, 2, 3])).toBeNull();
  });
});
