import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Panel, RunSet } from "../../../editor/panels/panelSpec";
import { fetchImportance, fetchLine, fetchScalar } from "./panel-fetch";
import { makeRun } from "./test-runs";

const layout = { x: 0, y: 0, w: 6, h: 4 };
const runs = [makeRun("a"), makeRun("b"), makeRun("c")];
const live = RunSet.parse({ id: "rs", name: "S", projects: ["alice/mnist"], overrides: { b: { hidden: true } } });
const frozen: RunSet = { ...live, frozen: { at: "2026-11-24T00:00:00.000Z", runs: [{ id: "a", step: 5 }, { id: "b", step: 6 }, { id: "c", step: -1 }] } };

let calls: { url: string; body: Record<string, unknown>; headers: Record<string, string> }[];
let answers: unknown[];

beforeEach(() => {
  calls = [];
  answers = [];
  vi.stubGlobal("document", { querySelector: (sel: string) => (sel.includes("csrf-token") ? { content: "tok" } : null) });
  vi.stubGlobal("fetch", async (url: string, init: { body: string; headers: Record<string, string> }) => {
    calls.push({ url, body: JSON.parse(init.body) as Record<string, unknown>, headers: init.headers });
    return new Response(JSON.stringify(answers.shift() ?? {}), { status: 200, headers: { "content-type": "application/json" } });
  });
});
afterEach(() => vi.unstubAllGlobals());

const args = (panel: Panel, runSet: RunSet = live, zoom: [number, number] | null = null) => ({ panel, runSet, runs, zoom, signal: new AbortController().signal });

describe("fetchLine", () => {
  it("posts the metrics query with the CSRF token and wraps the answer", async () => {
    answers.push({ x: "step", xRange: [0, 9], series: [] });
    const data = await fetchLine(args(Panel.parse({ id: "p", type: "line", layout, config: { metrics: ["loss"] } }), frozen, [2, 4]));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("/api/v1/metrics/query");
    expect(calls[0].headers["x-csrf-token"]).toBe("tok");
    expect(calls[0].body).toEqual({ keys: ["loss"], x: "step", omitStepX: true, xRange: [2, 4], points: 1000, runs: ["a", "c"], until: { a: 5, c: -1 } });
    // A frozen set never grows: its panel is not live (no room left on x, no appends).
    expect(data).toEqual({ answer: { x: "step", xRange: [0, 9], series: [] }, runIds: ["a", "c"], groups: null, capped: 0, live: false });
  });

  it("asks nothing without metrics", async () => {
    expect(await fetchLine(args(Panel.parse({ id: "p", type: "line", layout })))).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it("throws the API's message", async () => {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ error: { code: "invalid_input", message: "bad regex", path: "keysRegex" } }), { status: 400 }));
    await expect(fetchLine(args(Panel.parse({ id: "p", type: "line", layout, config: { metricRegex: "(" } })))).rejects.toThrow("keysRegex: bad regex");
  });
});

describe("fetchScalar", () => {
  it("fetches nothing when the summary value is all it shows", async () => {
    const extra = await fetchScalar(args(Panel.parse({ id: "p", type: "scalar", layout, config: { sparkline: false } })));
    expect(extra).toEqual({ series: [], baselineRun: null });
    expect(calls).toHaveLength(0);
  });

  it("fetches a baseline run outside the set, then the series of every visible run and it", async () => {
    const outside = makeRun("z");
    answers.push({ runs: [outside] }, { series: [{ run: "a", key: "acc", x: [1], y: [0.5], step: [0], exact: true, pointCount: 1 }] });
    const extra = await fetchScalar(args(Panel.parse({ id: "p", type: "scalar", layout, config: { metric: "summary.acc", baseline: { kind: "run", run: "z" } } }), frozen));
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/runs/query", "/api/v1/metrics/query"]);
    expect(calls[0].body).toEqual({ projects: ["alice/mnist"], filter: { field: "id", op: "=", value: "z" }, limit: 1 });
    expect(calls[1].body).toEqual({ runs: ["a", "c", "z"], keys: ["acc"], x: "wallTime", points: 200, until: { a: 5, b: 6, c: -1 } });
    expect(extra?.baselineRun?.id).toBe("z");
    expect(extra?.series).toHaveLength(1);
  });
});

describe("fetchImportance", () => {
  it("posts the run set's query and the metric", async () => {
    answers.push({ metric: "summary.loss", runs: 3, params: [] });
    await fetchImportance(args(Panel.parse({ id: "p", type: "importance", layout, config: { params: ["config.lr"] } }), frozen));
    expect(calls[0].url).toBe("/api/v1/analysis/importance");
    expect(calls[0].body).toEqual({
      runQuery: { projects: ["alice/mnist"], limit: 3, filter: { field: "id", op: "in", value: ["a", "b", "c"] } },
      metric: "summary.loss",
      params: ["config.lr"],
    });
  });
});
