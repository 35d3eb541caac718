import { describe, expect, it } from "vitest";
import { fieldLabel, getField, runLabel, toFiniteNumber } from "./get-field";
import { makeRun } from "./test-runs";

const run = makeRun("a1", {
  name: "brave-fox-3",
  displayName: "baseline",
  config: { lr: 0.01, model: { layers: 12 }, schedule: ["warmup", "cosine"], "__proto__x": 1 },
  summary: { loss: 0.25, acc: "NaN" },
  tags: ["best"],
});

describe("getField", () => {
  it("reads dot paths into config and summary, array indexes included", () => {
    expect(getField(run, "config.lr")).toBe(0.01);
    expect(getField(run, "config.model.layers")).toBe(12);
    expect(getField(run, "config.schedule.1")).toBe("cosine");
    expect(getField(run, "summary.loss")).toBe(0.25);
    expect(getField(run, "summary.acc")).toBe("NaN");
  });

  it("is undefined for missing paths and never walks the prototype", () => {
    expect(getField(run, "config.momentum")).toBeUndefined();
    expect(getField(run, "config.model.layers.x")).toBeUndefined();
    expect(getField(run, "config.constructor")).toBeUndefined();
    expect(getField(run, "config.toString")).toBeUndefined();
    expect(getField(run, "nope")).toBeUndefined();
  });

  it("reads the run's own columns", () => {
    expect(getField(run, "name")).toBe("brave-fox-3");
    expect(getField(run, "displayName")).toBe("baseline");
    expect(getField(run, "id")).toBe("a1");
    expect(getField(run, "state")).toBe("finished");
    expect(getField(run, "tags")).toEqual(["best"]);
    expect(getField(run, "createdAt")).toBe("2026-11-20T10:00:00.000Z");
    expect(getField(run, "duration")).toBe(3600);
    expect(getField(run, "group")).toBeUndefined();
  });
});

describe("helpers", () => {
  it("keeps only finite numbers", () => {
    expect(toFiniteNumber(1.5)).toBe(1.5);
    expect(toFiniteNumber("NaN")).toBeNull();
    expect(toFiniteNumber(Infinity)).toBeNull();
    expect(toFiniteNumber("3")).toBeNull();
    expect(toFiniteNumber(undefined)).toBeNull();
  });

  it("labels runs and fields", () => {
    expect(runLabel(run)).toBe("baseline");
    expect(runLabel({ name: "x", displayName: null })).toBe("x");
    expect(fieldLabel("config.lr")).toBe("lr");
    expect(fieldLabel("summary.val/loss")).toBe("val/loss");
    expect(fieldLabel("state")).toBe("state");
  });
});
