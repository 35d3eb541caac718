import { describe, expect, it } from "vitest";
import { comparerRows, flatten } from "./comparer-rows";
import { makeRun } from "./test-runs";

const runs = [
  makeRun("a", { config: { lr: 0.1, model: { layers: 12, act: "relu" }, tags: ["x"], seed: 1 }, summary: { loss: 0.5, "step10": 1, step2: 2 } }),
  makeRun("b", { config: { lr: 0.01, model: { layers: 12, act: "relu" }, tags: ["x"] }, summary: { loss: 0.5 } }),
];

describe("flatten", () => {
  it("flattens nested objects to dot paths and keeps arrays whole", () => {
    expect([...flatten({ a: { b: { c: 1 } }, d: [1, { e: 2 }], f: {} }, "config")]).toEqual([["config.a.b.c", 1], ["config.d", [1, { e: 2 }]], ["config.f", {}]]);
  });
});

describe("comparerRows", () => {
  it("lists config then summary keys in natural order, flagging differences", () => {
    const rows = comparerRows(runs, false);
    expect(rows.map((r) => [r.field, r.different])).toEqual([
      ["config.lr", true],
      ["config.model.act", false],
      ["config.model.layers", false],
      ["config.seed", true],
      ["config.tags", false],
      ["summary.loss", false],
      ["summary.step2", true],
      ["summary.step10", true],
    ]);
    expect(rows[3].values).toEqual([1, undefined]);
  });

  it("keeps only the differences when asked", () => {
    expect(comparerRows(runs, true).map((r) => r.field)).toEqual(["config.lr", "config.seed", "summary.step2", "summary.step10"]);
  });

  it("has no differences with one run", () => {
    expect(comparerRows(runs.slice(0, 1), true)).toEqual([]);
  });
});
