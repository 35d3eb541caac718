import { describe, expect, it } from "vitest";
import { ScatterConfig } from "../../../editor/panels/panelSpec";
import { runColor } from "../run-colors";
import { scatterFigure, scatterPoints } from "./scatter-traces";
import { makeRun } from "./test-runs";

const runs = [
  makeRun("a", { name: "a<1>", config: { lr: 0.1, opt: "adam", bs: 32 }, summary: { loss: 1 } }),
  makeRun("b", { name: "b", config: { lr: 0.01, opt: "sgd", bs: 64 }, summary: { loss: 3 } }),
  makeRun("c", { name: "c", config: { lr: 0.001, opt: "adam", bs: 128 }, summary: { loss: 5 } }),
  makeRun("d", { name: "d", config: { opt: "adam" }, summary: { loss: 2 } }),
  makeRun("e", { name: "e", config: { lr: 0.5 }, summary: { loss: "NaN" } }),
];
type T = Record<string, unknown> & { x: unknown[]; y: unknown[] };

describe("scatterPoints", () => {
  it("keeps visible runs with both values (finite numbers or text)", () => {
    expect(scatterPoints(ScatterConfig.parse({}), runs, {}).map((p) => p.run.id)).toEqual(["a", "b", "c"]);
    expect(scatterPoints(ScatterConfig.parse({}), runs, { b: { hidden: true } }).map((p) => p.run.id)).toEqual(["a", "c"]);
    expect(scatterPoints(ScatterConfig.parse({ x: "config.opt" }), runs, {}).map((p) => p.x)).toEqual(["adam", "sgd", "adam", "adam"]);
  });

  it("drops non-positive values on log axes", () => {
    const withZero = [...runs, makeRun("z", { config: { lr: 0 }, summary: { loss: 1 } })];
    expect(scatterPoints(ScatterConfig.parse({ logX: true }), withZero, {}).map((p) => p.run.id)).toEqual(["a", "b", "c"]);
  });
});

describe("scatterFigure", () => {
  it("draws runs in their colors with escaped hover text", () => {
    const { figure, points } = scatterFigure(ScatterConfig.parse({}), runs, {});
    const t = figure.data[0] as T & { hovertext: string[]; marker: { color: string[] } };
    expect(points).toBe(3);
    expect(t.x).toEqual([0.1, 0.01, 0.001]);
    expect(t.y).toEqual([1, 3, 5]);
    expect(t.marker.color[0]).toBe(runColor("a"));
    expect(t.hovertext[0]).toBe("a&lt;1&gt;<br>lr: 0.1<br>loss: 1");
  });

  it("uses a color scale for numeric colors and one trace per category otherwise", () => {
    const num = scatterFigure(ScatterConfig.parse({ color: "config.bs" }), runs, {});
    expect((num.figure.data[0] as { marker: { color: number[]; showscale: boolean } }).marker).toMatchObject({ color: [32, 64, 128], showscale: true });
    const cat = scatterFigure(ScatterConfig.parse({ x: "config.opt", color: "config.opt" }), runs, {});
    expect(cat.figure.data.map((t) => (t as { name: string }).name)).toEqual(["adam", "sgd"]);
    expect((cat.figure.layout.xaxis as { type: string }).type).toBe("category");
  });

  it("fits the regression line in the axes' space", () => {
    // log10(lr) = −1, −2, −3 against loss 1, 3, 5: slope −2, intercept −1, exact.
    const { figure, regression } = scatterFigure(ScatterConfig.parse({ regression: true, logX: true }), runs, {});
    expect(regression?.slope).toBeCloseTo(-2, 12);
    expect(regression?.intercept).toBeCloseTo(-1, 12);
    expect(regression?.r2).toBeCloseTo(1, 12);
    const line = figure.data[1] as T;
    expect(line.x[0]).toBeCloseTo(0.001, 12);
    expect(line.y[0]).toBeCloseTo(5, 12);
    expect((figure.layout.xaxis as { type: string }).type).toBe("log");
  });

  it("is empty when no run has both values", () => {
    expect(scatterFigure(ScatterConfig.parse({ x: "config.nope" }), runs, {}).figure.data).toEqual([]);
  });
});
