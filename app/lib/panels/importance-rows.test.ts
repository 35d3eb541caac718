import { describe, expect, it } from "vitest";
import { importanceBars, sortImportance, type ImportanceParam } from "./importance-rows";

const p = (param: string, importance: number | null, correlation: number | null): ImportanceParam => ({ param, importance, correlation, n: 10, kind: "number" });
const params = [p("config.lr", 0.5, -0.8), p("config.bs", 0.2, 0.3), p("config.opt", null, null), p("config.wd", 0.2, 0.1)];

describe("sortImportance", () => {
  it("sorts by importance, missing last, ties by name", () => {
    expect(sortImportance(params, "importance", "desc").map((x) => x.param)).toEqual(["config.lr", "config.bs", "config.wd", "config.opt"]);
    expect(sortImportance(params, "importance", "asc").map((x) => x.param)).toEqual(["config.bs", "config.wd", "config.lr", "config.opt"]);
  });

  it("sorts by correlation and by name", () => {
    expect(sortImportance(params, "correlation", "asc").map((x) => x.param)).toEqual(["config.lr", "config.wd", "config.bs", "config.opt"]);
    expect(sortImportance(params, "param", "asc").map((x) => x.param)).toEqual(["config.bs", "config.lr", "config.opt", "config.wd"]);
    expect(sortImportance(params, "param", "desc").map((x) => x.param)).toEqual(["config.wd", "config.opt", "config.lr", "config.bs"]);
  });

  it("does not modify its input", () => {
    const copy = params.slice();
    sortImportance(params, "importance", "desc");
    expect(params).toEqual(copy);
  });
});

describe("importanceBars", () => {
  it("scales importance to the largest and correlation by magnitude", () => {
    expect(importanceBars(params[1], 0.5)).toEqual({ importance: 0.4, correlation: 0.3, negative: false });
    expect(importanceBars(params[0], 0.5)).toEqual({ importance: 1, correlation: 0.8, negative: true });
    expect(importanceBars(params[2], 0.5)).toEqual({ importance: 0, correlation: 0, negative: false });
  });
});
