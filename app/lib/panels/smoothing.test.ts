import { describe, expect, it } from "vitest";
import { ema, gaussian, runningAverage, smooth, timeWeightedEma } from "./smoothing";

/** The textbook recurrence with bias correction, written independently of the module. */
function referenceEma(ys: number[], w: number): number[] {
  let a = 0;
  return ys.map((y, i) => {
    a = w * a + (1 - w) * y;
    return a / (1 - Math.pow(w, i + 1));
  });
}

const close = (actual: (number | null)[], expected: (number | null)[]) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    if (expected[i] === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(expected[i] as number, 10);
  });
};

describe("ema", () => {
  it("matches the bias-corrected recurrence", () => {
    const ys = [3, 1, 4, 1, 5, 9, 2, 6];
    close(ema(ys, 0.6), referenceEma(ys, 0.6));
    close(ema(ys, 0.9), referenceEma(ys, 0.9));
  });

  it("starts at the first value and is the identity at weight 0", () => {
    expect(ema([7, 8], 0.99)[0]).toBe(7);
    close(ema([1, 2, 3], 0), [1, 2, 3]);
  });

  it("leaves gaps at non-finite values without being pulled by them", () => {
    const out = ema([1, null, Number.NaN, 3], 0.5);
    // Only 1 and 3 count: (0.5·1 + 3) / (0.5 + 1).
    close(out, [1, null, null, 3.5 / 1.5]);
  });

  it("caps the weight below 1", () => {
    const out = ema([0, 10], 5);
    expect(out[1]).toBeCloseTo(10 / (0.999 + 1), 10);
  });
});

describe("timeWeightedEma", () => {
  it("equals the plain EMA on evenly spaced points", () => {
    const ys = [2, 4, 3, 8, 1];
    close(timeWeightedEma([0, 10, 20, 30, 40], ys, 0.7), referenceEma(ys, 0.7));
  });

  it("lets a far-away point weigh less", () => {
    // x gaps 1 and 3 (mean 2): decays w^0.5 then w^1.5.
    const w = 0.5;
    const out = timeWeightedEma([0, 1, 4], [0, 10, 20], w);
    const d1 = Math.pow(w, 0.5);
    const d2 = Math.pow(w, 1.5);
    const s1 = 10 / (d1 + 1);
    const s2 = (d2 * 10 + d2 * d1 * 0 + 20) / (d2 * (d1 + 1) + 1);
    close(out, [0, s1, s2]);
  });

  it("skips non-finite values, decaying over the whole gap", () => {
    const out = timeWeightedEma([0, 1, 2], [4, "NaN" as unknown as number, 8], 0.5);
    // unit = 1; the gap 0 → 2 decays by 0.25.
    close(out, [4, null, (0.25 * 4 + 8) / 1.25]);
  });
});

describe("gaussian", () => {
  it("weights neighbours by the kernel in x units", () => {
    const xs = [0, 1, 2];
    const ys = [0, 3, 6];
    const k1 = Math.exp(-1 / 2);
    const k2 = Math.exp(-4 / 2);
    close(gaussian(xs, ys, 1), [(k1 * 3 + k2 * 6) / (1 + k1 + k2), (k1 * 0 + 3 + k1 * 6) / (1 + 2 * k1), (k2 * 0 + k1 * 3 + 6) / (1 + k1 + k2)]);
  });

  it("ignores points beyond 3 sigma and non-finite ones", () => {
    close(gaussian([0, 100], [1, 5], 1), [1, 5]);
    close(gaussian([0, 1], [null, 2], 1), [null, 2]);
  });

  it("is the identity for sigma 0", () => {
    close(gaussian([0, 1], [1, 2], 0), [1, 2]);
  });
});

describe("runningAverage", () => {
  it("is the trailing mean over the window", () => {
    close(runningAverage([1, 2, 3, 4, 5], 3), [1, 1.5, 2, 3, 4]);
    close(runningAverage([1, 2, 3], 1), [1, 2, 3]);
  });

  it("counts only finite points", () => {
    close(runningAverage([2, null, 4, Infinity, 6], 2), [2, null, 3, null, 5]);
  });
});

describe("smooth", () => {
  it("dispatches by kind, and 'none' only drops non-finite values", () => {
    close(smooth("none", [0, 1], [1, Number.NaN], 0.5), [1, null]);
    close(smooth("ema", [0, 1, 2], [1, 2, 3], 0.5), referenceEma([1, 2, 3], 0.5));
    close(smooth("average", [0, 1], [1, 3], 2), [1, 2]);
  });
});
