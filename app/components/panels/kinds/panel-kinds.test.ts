/**
 * The registry (../panel-kinds.tsx): which kinds read runs and fetch more, and the "no runs" state
 * every run view shares.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { Panel, PANEL_TYPES, RunSet } from "../../../../editor/panels/panelSpec";
import { PANEL_KINDS } from "../panel-kinds";

vi.mock("../plotly-figure", () => ({ PlotlyFigure: () => createElement("div", { "data-figure": "1" }) }));
vi.mock("../markdown-panel", () => ({ MarkdownPanel: () => createElement("div", { "data-testid": "markdown-panel" }) }));
vi.mock("~/lib/panels/panel-fetch", () => ({ fetchLine: vi.fn(), appendLine: vi.fn(), fetchScalar: vi.fn(), fetchImportance: vi.fn() }));

const layout = { x: 0, y: 0, w: 6, h: 4 };

describe("PANEL_KINDS", () => {
  it("covers every panel type; only Markdown reads no runs", () => {
    expect(Object.keys(PANEL_KINDS).sort()).toEqual([...PANEL_TYPES].sort());
    expect(PANEL_TYPES.filter((t) => !PANEL_KINDS[t].needsRuns)).toEqual(["markdown"]);
    expect(PANEL_TYPES.filter((t) => PANEL_KINDS[t].fetchExtra)).toEqual(["line", "scalar", "importance"]);
    expect(PANEL_TYPES.filter((t) => PANEL_KINDS[t].appendExtra)).toEqual(["line"]);
  });

  it("says when a run set matches no runs, or a frozen one's runs are gone", () => {
    const live = RunSet.parse({ id: "rs", name: "S", projects: ["p"] });
    const frozen = { ...live, frozen: { at: "2026-11-24T00:00:00.000Z", runs: [{ id: "a", step: 1 }] } };
    for (const type of PANEL_TYPES.filter((t) => t !== "markdown")) {
      const panel = Panel.parse({ id: "p1", type, layout });
      const View = PANEL_KINDS[type].View;
      const props = { panel, runSet: live, runs: [], total: 0, extra: null, zoom: null, onZoom: () => undefined, handle: () => undefined };
      expect(renderToStaticMarkup(createElement(View, props))).toContain("No runs match this run set.");
      expect(renderToStaticMarkup(createElement(View, { ...props, runSet: frozen }))).toContain("frozen run set");
    }
  });
});
