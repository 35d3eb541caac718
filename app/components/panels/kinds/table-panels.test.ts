/**
 * The table panels rendered to HTML on the server: values are text (markup in run names and config
 * values comes out escaped, never as elements), the test ids are there, and sorting and
 * "differences only" pick the right rows.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Panel, RunSet } from "../../../../editor/panels/panelSpec";
import type { ImportanceAnswer } from "../../../lib/panels/importance-rows";
import { makeRun } from "../../../lib/panels/test-runs";
import type { PanelViewProps } from "../panel-kinds";
import { ComparerPanel } from "./comparer-panel";
import { ImportancePanel } from "./importance-panel";

const layout = { x: 0, y: 0, w: 6, h: 4 };
const runSet = RunSet.parse({ id: "rs", name: "S", projects: ["p"], overrides: { c: { hidden: true } } });
const runs = [
  makeRun("a", { name: `<img src=x onerror="alert(1)">`, config: { lr: 0.1, opt: "<script>x</script>" }, summary: { loss: 1 } }),
  makeRun("b", { name: "b", config: { lr: 0.01, opt: "<script>x</script>" }, summary: { loss: 1 } }),
  makeRun("c", { name: "hidden-run", config: { lr: 9 }, summary: {} }),
];
const props = (panel: Panel, extra: unknown = null): PanelViewProps => ({ panel, runSet, runs, total: runs.length, extra, zoom: null, onZoom: () => undefined, handle: () => undefined });

describe("ComparerPanel", () => {
  it("renders every key as text, hidden runs left out, differing rows marked", () => {
    const html = renderToStaticMarkup(createElement(ComparerPanel, props(Panel.parse({ id: "p1", type: "comparer", layout }))));
    expect(html).toContain('data-testid="panel-table"');
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("hidden-run");
    expect(html).toMatch(/<tr class="is-different"><th scope="row" title="config.lr">config.lr<\/th>/);
    expect(html).toContain('<tr><th scope="row" title="summary.loss">');
  });

  it("shows only the differences when the panel says so", () => {
    const html = renderToStaticMarkup(createElement(ComparerPanel, props(Panel.parse({ id: "p1", type: "comparer", layout, config: { differencesOnly: true } }))));
    expect(html).toContain("config.lr");
    expect(html).not.toContain("config.opt");
    expect(html).not.toContain("summary.loss");
    expect(html).toContain('type="checkbox" checked=""');
  });
});

describe("ImportancePanel", () => {
  const answer: ImportanceAnswer = {
    metric: "summary.loss",
    runs: 12,
    params: [
      { param: "config.bs", importance: 0.1, correlation: 0.2, n: 12, kind: "number" },
      { param: "config.<b>lr</b>", importance: 0.7, correlation: -0.9, n: 12, kind: "number" },
      { param: "config.opt", importance: null, correlation: null, n: 3, kind: "category" },
    ],
  };

  it("lists parameters by importance, highest first, as text", () => {
    const html = renderToStaticMarkup(createElement(ImportancePanel, props(Panel.parse({ id: "p2", type: "importance", layout }), answer)));
    expect(html).toContain('data-testid="panel-table"');
    const order = ["config.&lt;b&gt;lr&lt;/b&gt;", "config.bs", "config.opt"].map((p) => html.indexOf(`<td title="${p}">`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain("importance-bar is-negative");
    expect(html).not.toContain("<b>");
  });

  it("says when there is nothing to rank", () => {
    const html = renderToStaticMarkup(createElement(ImportancePanel, props(Panel.parse({ id: "p2", type: "importance", layout }), { ...answer, params: [] })));
    expect(html).toContain("No data for summary.loss yet.");
  });
});
