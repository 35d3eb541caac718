/**
 * The plotted panels rendered on the server with the plotly wrapper replaced by a stub that shows
 * what it was given: the scalar's number and change, empty states, and the props each view hands
 * the wrapper (uirevision, zoom callback).
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { Panel, RunSet } from "../../../../editor/panels/panelSpec";
import type { LineData } from "../../../lib/panels/line-traces";
import { makeRun } from "../../../lib/panels/test-runs";
import type { PanelViewProps } from "../panel-kinds";
import type { PlotlyFigureProps } from "../plotly-figure";
import { swatchBackground } from "../line-figure";
import { BarPanel } from "./bar-panel";
import { LinePanel } from "./line-panel";
import { ParallelPanel } from "./parallel-panel";
import { ScalarPanel } from "./scalar-panel";
import { ScatterPanel } from "./scatter-panel";

vi.mock("../plotly-figure", () => ({
  PlotlyFigure: (p: PlotlyFigureProps) =>
    createElement("div", { "data-figure": "1", "data-uirevision": p.uirevision, "data-zoomable": String(Boolean(p.onZoom)), "data-traces": p.figure.data.length }),
}));

const layout = { x: 0, y: 0, w: 6, h: 4 };
const runSet = RunSet.parse({ id: "rs", name: "S", projects: ["p"] });
const runs = [
  makeRun("a", { name: "<i>alpha</i>", config: { lr: 0.1 }, summary: { acc: 0.91234 } }),
  makeRun("b", { name: "beta", config: { lr: 0.2 }, summary: { acc: 0.8 } }),
];
const render = (panel: Panel, extra: unknown = null, rs: RunSet = runSet) =>
  renderToStaticMarkup(createElement(panelView(panel), { panel, runSet: rs, runs, total: 2, extra, zoom: null, onZoom: () => undefined, handle: () => undefined } satisfies PanelViewProps));

function panelView(panel: Panel) {
  return { line: LinePanel, bar: BarPanel, scalar: ScalarPanel, scatter: ScatterPanel, parallel: ParallelPanel }[panel.type as "line"];
}

describe("ScalarPanel", () => {
  it("shows the number, its run and the change against a baseline run", () => {
    const html = render(Panel.parse({ id: "s", type: "scalar", layout, config: { metric: "summary.acc", decimals: 3, higherIsBetter: true, baseline: { kind: "run", run: "b" }, sparkline: false } }));
    expect(html).toMatch(/data-testid="panel-scalar-value"[^>]*>0\.912</);
    expect(html).toContain("&lt;i&gt;alpha&lt;/i&gt;");
    expect(html).toContain('class="panel-scalar-delta is-good"');
    expect(html).toContain("+0.112");
    expect(html).toContain("vs beta");
    expect(html).not.toContain("data-figure");
  });

  it("says when there is no value", () => {
    expect(render(Panel.parse({ id: "s", type: "scalar", layout, config: { metric: "summary.nope" } }))).toContain("No data for summary.nope yet.");
  });
});

describe("LinePanel", () => {
  const panel = Panel.parse({ id: "l1", type: "line", layout, config: { metrics: ["loss"] } });
  const data: LineData = { answer: { x: "step", xRange: [0, 1], series: [{ run: "a", key: "loss", exact: true, pointCount: 2, step: [0, 1], x: [0, 1], y: [1, 0.5] }] }, runIds: ["a", "b"], groups: null, capped: 3 };

  it("draws on canvas with a legend of its lines as text", () => {
    const html = render(panel, data);
    expect(html).toContain('data-renderer="canvas"');
    expect(html).toMatch(/<canvas class="panel-canvas" role="img" aria-label="Line plot: &lt;i&gt;alpha&lt;\/i&gt;"/);
    expect(html).toMatch(/class="panel-legend-item" aria-pressed="true"[^>]*>.*<span>&lt;i&gt;alpha&lt;\/i&gt;<\/span>/);
    expect(html).not.toContain("<i>");
    expect(html).toContain("2 of 5 runs");
  });

  it("marks each legend entry with a swatch of its line's color and dash, as CSS, never a bad color", () => {
    const html = render(panel, data);
    expect(html).toMatch(/<span class="panel-legend-swatch" aria-hidden="true" style="background:#[0-9a-f]{6}"><\/span><span>&lt;i&gt;alpha/);
    // plotly's "dash" at 2 px: 9 px drawn, 9 px gap.
    expect(swatchBackground("#123456", "dash")).toBe("repeating-linear-gradient(to right, #123456 0px 9px, transparent 9px 18px)");
    expect(swatchBackground("rgba(1, 2, 3, 0.5)", "solid")).toBe("rgba(1, 2, 3, 0.5)");
    expect(swatchBackground("red), url(https://example.com/x", "solid")).toBe("#888");
  });

  it("hands a wall-time figure to plotly with a uirevision of panel and config, and zoom", () => {
    const wall = Panel.parse({ id: "l1", type: "line", layout, config: { metrics: ["loss"], x: "wallTime" } });
    const html = render(wall, { ...data, answer: { ...data.answer, x: "wallTime" } });
    expect(html).toContain(`data-uirevision="l1:${JSON.stringify(wall.config).replace(/"/g, "&quot;")}"`);
    expect(html).toContain('data-zoomable="true"');
    expect(html).not.toContain("panel-canvas");
  });

  it("has empty states for no metrics, no data and hidden runs", () => {
    expect(render(Panel.parse({ id: "l1", type: "line", layout }))).toContain("Choose the metrics to plot");
    expect(render(panel, { ...data, answer: { ...data.answer, series: [] } })).toContain("No data for loss yet.");
    expect(render(panel, null)).toContain("Every run of this run set is hidden.");
  });
});

describe("other plots", () => {
  it("draws bars and scatter points, or says what is missing", () => {
    expect(render(Panel.parse({ id: "b", type: "bar", layout, config: { metric: "summary.acc" } }))).toContain('data-traces="1"');
    expect(render(Panel.parse({ id: "b", type: "bar", layout, config: { metric: "summary.f1" } }))).toContain("No data for summary.f1 yet.");
    expect(render(Panel.parse({ id: "c", type: "scatter", layout, config: { x: "config.lr", y: "summary.acc", regression: true } }))).toContain("r² = 1.000 (n = 2)");
    expect(render(Panel.parse({ id: "c", type: "scatter", layout, config: { x: "config.nope" } }))).toContain("No data for config.nope and summary.loss yet.");
  });

  it("draws one line per run in parallel coordinates", () => {
    expect(render(Panel.parse({ id: "p", type: "parallel", layout, config: { columns: ["config.lr", "summary.acc"] } }))).toContain('data-traces="2"');
    expect(render(Panel.parse({ id: "p", type: "parallel", layout }))).toContain("Choose the columns");
  });
});
