import { describe, expect, it } from "vitest";
import { groupName, groupRuns } from "./group-runs";
import { makeRun } from "./test-runs";

describe("groupRuns", () => {
  it("groups by value in order of first appearance", () => {
    const runs = [
      makeRun("a", { config: { opt: "sgd" } }),
      makeRun("b", { config: { opt: "adam" } }),
      makeRun("c", { config: { opt: "sgd" } }),
      makeRun("d", { config: {} }),
    ];
    expect(groupRuns(runs, "config.opt")).toEqual([
      { name: "sgd", runs: ["a", "c"] },
      { name: "adam", runs: ["b"] },
      { name: "(none)", runs: ["d"] },
    ]);
  });

  it("keeps values that print alike but differ apart, and names numbers readably", () => {
    const runs = [makeRun("a", { config: { lr: 1 } }), makeRun("b", { config: { lr: "1" } }), makeRun("c", { config: { lr: 1 } })];
    expect(groupRuns(runs, "config.lr").map((g) => g.runs)).toEqual([["a", "c"], ["b"]]);
    expect(groupName(0.000012345)).toBe("1.234e-5");
    expect(groupName(true)).toBe("true");
  });
});
