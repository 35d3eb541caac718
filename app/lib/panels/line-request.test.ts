import { describe, expect, it } from "vitest";
import { LineConfig, RunSet } from "../../../editor/panels/panelSpec";
import { lineRequest, visibleRuns, zoomToRange } from "./line-request";
import { makeRun } from "./test-runs";

const runs = [makeRun("a", { config: { opt: "adam" } }), makeRun("b", { config: { opt: "sgd" } }), makeRun("c", { config: { opt: "adam" } })];
const set = RunSet.parse({ id: "rs", name: "S", projects: ["alice/mnist"], overrides: { b: { hidden: true } } });

describe("lineRequest", () => {
  it("asks for the visible runs' series of the named metrics", () => {
    const req = lineRequest(LineConfig.parse({ metrics: ["loss", "val/loss"], points: 500 }), set, runs, null);
    expect(req?.body).toEqual({ keys: ["loss", "val/loss"], x: "step", omitStepX: true, points: 500, runs: ["a", "c"] });
    expect(req?.runIds).toEqual(["a", "c"]);
    expect(req?.capped).toBe(0);
    expect(visibleRuns(runs, set).map((r) => r.id)).toEqual(["a", "c"]);
  });

  it("caps runs at maxRuns and says how many were left out", () => {
    const open = RunSet.parse({ id: "rs", name: "S", projects: ["p"] });
    const req = lineRequest(LineConfig.parse({ metrics: ["loss"], maxRuns: 2 }), open, runs, null);
    expect(req?.runIds).toEqual(["a", "b"]);
    expect(req?.capped).toBe(1);
  });

  it("uses the regex when no names are given, and nothing when neither is", () => {
    expect(lineRequest(LineConfig.parse({ metricRegex: "^val/" }), set, runs, null)?.body.keysRegex).toBe("^val/");
    expect(lineRequest(LineConfig.parse({}), set, runs, null)).toBeNull();
    expect(lineRequest(LineConfig.parse({ metrics: ["loss"] }), set, [], null)).toBeNull();
  });

  it("sends the zoom as xRange, else the configured range", () => {
    expect(lineRequest(LineConfig.parse({ metrics: ["loss"], xRange: [0, 10] }), set, runs, null)?.body.xRange).toEqual([0, 10]);
    expect(lineRequest(LineConfig.parse({ metrics: ["loss"], xRange: [0, 10] }), set, runs, [2, 5])?.body.xRange).toEqual([2, 5]);
    expect(zoomToRange([1, 3], { x: "step", logX: true })).toEqual([10, 1000]);
    expect(zoomToRange([5000, 2000], { x: "wallTime", logX: false })).toEqual([2, 5]);
  });

  it("groups the runs client-side when grouped", () => {
    const open = RunSet.parse({ id: "rs", name: "S", projects: ["p"] });
    const req = lineRequest(LineConfig.parse({ metrics: ["loss"], groupBy: "config.opt", x: { metric: "epoch" } }), open, runs, null);
    expect(req?.body).toEqual({ keys: ["loss"], x: { metric: "epoch" }, points: 1000, groupBy: { groups: [{ name: "adam", runs: ["a", "c"] }, { name: "sgd", runs: ["b"] }] } });
    expect(req?.body.runs).toBeUndefined();
  });

  it("pins a frozen set's steps with until", () => {
    const frozen = { ...set, frozen: { at: "2026-11-24T00:00:00.000Z", runs: [{ id: "a", step: 40 }, { id: "b", step: 7 }, { id: "c", step: -1 }] } };
    expect(lineRequest(LineConfig.parse({ metrics: ["loss"] }), frozen, runs, null)?.body.until).toEqual({ a: 40, c: -1 });
  });
});
