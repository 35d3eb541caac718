import { describe, expect, it } from "vitest";
import { encodeParam, MAX_LEVELS } from "./encodeParams";
import { pearson } from "./pearson";
import { forestImportances, mulberry32 } from "./randomForest";
import { rankParams } from "./rankParams";

// A known data set: y depends only on x1; x2, x3 and the category are noise.
const rand = mulberry32(42);
const N = 300;
const x1 = Array.from({ length: N }, () => rand());
const x2 = Array.from({ length: N }, () => rand() * 100);
const x3 = Array.from({ length: N }, () => rand() - 0.5);
const opt = Array.from({ length: N }, () => (rand() < 0.5 ? "adam" : "sgd"));
const y = x1.map((v) => 3 * v + 1);
const params = [
  { param: "config.x2", values: x2 },
  { param: "config.x1", values: x1 },
  { param: "config.x3", values: x3 },
  { param: "config.optimizer", values: opt },
];

describe("rankParams", () => {
  it("puts the only parameter y depends on first, with |correlation| 1", () => {
    const ranked = rankParams(y, params);
    expect(ranked[0].param).toBe("config.x1");
    expect(ranked[0].importance).toBeGreaterThan(0.9);
    expect(ranked[0].correlation).toBeCloseTo(1, 12);
    expect(ranked[0]).toMatchObject({ kind: "number", n: N });
    expect(ranked.find((p) => p.param === "config.optimizer")).toMatchObject({ kind: "category", correlation: null, n: N });
    for (const p of ranked.slice(1)) expect(p.importance).toBeLessThan(0.05);
    expect(ranked.reduce((a, p) => a + p.importance, 0)).toBeCloseTo(1, 12);
    expect(Math.abs(ranked.find((p) => p.param === "config.x2")!.correlation!)).toBeLessThan(0.2);
  });

  it("is deterministic", () => {
    expect(rankParams(y, params)).toEqual(rankParams(y, params));
  });

  it("finds a category that drives y, and handles missing values", () => {
    const yc = opt.map((o, i) => (o === "adam" ? 0.1 : 0.9) + x3[i] * 0.01);
    const withMissing = x2.map((v, i) => (i % 3 === 0 ? undefined : v));
    const ranked = rankParams(yc, [{ param: "config.optimizer", values: opt }, { param: "config.x2", values: withMissing }]);
    expect(ranked[0]).toMatchObject({ param: "config.optimizer", kind: "category", correlation: null });
    expect(ranked[0].importance).toBeGreaterThan(0.95);
    expect(ranked[1]).toMatchObject({ param: "config.x2", kind: "number", n: N - N / 3 });
  });

  it("gives all zeros for a constant metric", () => {
    const ranked = rankParams(x1.map(() => 5), params);
    expect(ranked.map((p) => p.importance)).toEqual([0, 0, 0, 0]);
    expect(ranked.every((p) => p.correlation === null)).toBe(true);
  });
});

describe("forestImportances", () => {
  it("splits on the informative feature of a step function", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i % 7, i < 50 ? 0 : 1, (i * 13) % 10]);
    const y = rows.map((r) => (r[1] ? 10 : -10));
    // Trying every feature at each split, the first split explains everything.
    const all = forestImportances(rows, y, { trees: 10, maxDepth: 6, minSplit: 4, seed: 7, mtry: 3 });
    expect(all).toEqual([0, 1, 0]);
    // With ⌈√3⌉ = 2 features per split some trees first split on noise, which explains a little.
    const imp = forestImportances(rows, y);
    expect(imp[1]).toBeGreaterThan(0.9);
  });
});

describe("encodeParam", () => {
  it("imputes missing numbers with the mean and adds a missing indicator", () => {
    const e = encodeParam({ param: "p", values: [1, null, 3, undefined] });
    expect(e.kind).toBe("number");
    expect(e.columns).toEqual([[1, 2, 3, 2], [0, 1, 0, 1]]);
  });

  it("one-hot encodes categories, most frequent first, pooling the rare ones", () => {
    const e = encodeParam({ param: "p", values: ["b", "a", "b", true, null] });
    expect(e.kind).toBe("category");
    expect(e.columns).toEqual([[1, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 1, 0, 0, 0]]); // b, then true before "a" (label order)
    const many = encodeParam({ param: "p", values: Array.from({ length: MAX_LEVELS + 5 }, (_, i) => `v${i}`) });
    expect(many.columns.length).toBe(MAX_LEVELS + 1);
    expect(many.columns[MAX_LEVELS].reduce((a, b) => a + b, 0)).toBe(5);
  });
});

describe("pearson", () => {
  it("is ±1 for lines, null when undefined", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 15);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });
});
