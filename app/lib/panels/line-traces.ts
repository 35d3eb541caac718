/**
 * A line panel's figure from its metrics answer. One trace per (run, metric), or, when grouped,
 * per (group, metric): the group's aggregate line plus a filled band (min–max, ± std or ± stderr)
 * drawn as a lower edge and an upper edge filled down to it. Smoothed lines are drawn full with the
 * original faint behind, in the same legend group so one click hides both. Every name that reaches
 * plotly is escaped (plotly-text.ts); colors are the run's stable color or its override.
 *
 * The y range, when outliers are ignored, spans the 5th to 95th percentile of the drawn values
 * with 10% padding, so one spike does not flatten every other line.
 */
import type { LineConfig, RunOverride } from "../../../editor/panels/panelSpec";
import { finiteOrNull, type ApiSeries } from "../metric-series";
import { runColor } from "../run-colors";
import { baseLayout, withAlpha, type PanelFigure } from "./figure";
import type { RunGroup } from "./group-runs";
import { legendText } from "./legend-template";
import { plotlyText } from "./plotly-text";
import type { ApiRun } from "./run-set-cache";
import { smooth } from "./smoothing";
import { percentile } from "./stats";
import { runLabel } from "./get-field";
import { seriesKey, type LineTail } from "./line-live";

/** One aggregated series of a grouped answer. */
export interface ApiGroupSeries {
  group: string;
  key: string;
  x: number[];
  mean: unknown[];
  median: unknown[];
  min: unknown[];
  max: unknown[];
  std: unknown[];
  stderr: unknown[];
  n: number[];
}

/** The metrics answer, ungrouped (`series`) or grouped (`groups`). */
export interface LineAnswer {
  x: unknown;
  xRange: [number, number] | null;
  series?: ApiSeries[];
  groups?: ApiGroupSeries[];
}

/**
 * `answer` with each series' `x` filled in from its `step` where the query left it out
 * (`omitStepX`: on the step axis x repeats the step, a fifth of the answer's bytes).
 */
export function fillStepX<T extends LineAnswer>(answer: T): T {
  for (const s of answer.series ?? []) if (!s.x) (s as { x: number[] }).x = s.step.slice();
  return answer;
}

/** What a line panel's fetch hands its view. */
export interface LineData {
  answer: LineAnswer;
  runIds: string[];
  groups: RunGroup[] | null;
  capped: number;
  /** Points logged since `answer`, appended by live ticks (line-live.ts). */
  tail?: LineTail | null;
  /** Some line may still grow by live appends: leave room on x for them (line-live.ts). */
  live?: boolean;
}

/** New points of one drawn trace, to draw after its own (plotly-figure.tsx). */
export interface TraceExtension {
  trace: number;
  x: number[];
  y: Array<number | null>;
}

/** Room left on a live x axis past the last step, as a share of the drawn span. */
export const LIVE_X_HEADROOM = 0.1;

/** The figure and what the panel says around it. */
export interface LineFigure {
  figure: PanelFigure;
  /** No series at all: the panel shows its empty state instead. */
  empty: boolean;
  /** e.g. "50 of 80 runs", shown in the corner. */
  note: string | null;
}

const DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"] as const;

/**
 * A line's width in pixels. One pixel, not plotly's customary two: where the browser draws
 * canvases in software (no GPU), a stroke of one device pixel takes Skia's hairline path, some 30×
 * cheaper than a wider stroke (20 lines of 628 points: ~2 ms against ~70 ms, decision 018), and
 * plotly draws the same width so the hover takeover does not change the picture.
 */
export const LINE_WIDTH = 1;

/** The `uirevision` of a line panel: the reader's zoom survives live data, not a config edit. */
export function lineUirevision(panelId: string, config: LineConfig): string {
  return `${panelId}:${JSON.stringify(config)}`;
}

/** The y range spanning the 5th–95th percentile with padding (log10 units on a log axis). */
export function outlierRange(values: readonly number[], log: boolean): [number, number] | null {
  const v = log ? values.filter((y) => y > 0).map(Math.log10) : values.filter(Number.isFinite);
  const lo = percentile(v, 5);
  const hi = percentile(v, 95);
  if (lo === null || hi === null) return null;
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

function axisRange(range: [number, number] | null, log: boolean): [number, number] | undefined {
  if (!range) return undefined;
  if (!log) return range;
  return range[0] > 0 && range[1] > 0 ? [Math.log10(range[0]), Math.log10(range[1])] : undefined;
}

function xTitle(x: LineConfig["x"]): string {
  if (typeof x === "object") return plotlyText(x.metric);
  return x === "step" ? "Step" : x === "wallTime" ? "Wall time" : "Relative time (s)";
}

function bandEdges(g: ApiGroupSeries, center: (number | null)[], band: LineConfig["band"]): [(number | null)[], (number | null)[]] | null {
  if (band === "none") return null;
  if (band === "minmax") return [g.min.map(finiteOrNull), g.max.map(finiteOrNull)];
  const spread = (band === "std" ? g.std : g.stderr).map((s) => finiteOrNull(s) ?? 0);
  return [center.map((c, i) => (c === null ? null : c - spread[i])), center.map((c, i) => (c === null ? null : c + spread[i]))];
}

/** The line panel's figure; see the module comment. */
export function lineFigure(args: { data: LineData; runs: readonly ApiRun[]; config: LineConfig; overrides: Record<string, RunOverride> }): LineFigure {
  const { data, runs, config, overrides } = args;
  const { answer } = data;
  const wall = config.x === "wallTime";
  const toX = (x: number) => (wall ? x * 1000 : x);
  const traces: Record<string, unknown>[] = [];
  /** Every drawn y, for the outlier-free range (only collected when it is asked for). */
  const drawnY: number[] = [];
  const collectY = config.ignoreOutliers && !config.yRange;
  const series = answer.series ?? [];
  const groups = answer.groups ?? [];
  const keys = [...new Set([...series.map((s) => s.key), ...groups.map((g) => g.key)])];
  const dash = (key: string) => DASHES[keys.indexOf(key) % DASHES.length];
  const manyKeys = keys.length > 1;
  const smoothing = config.smoothing;

  // `meta` says what a trace is ({ run | group, key, role }): tests and exports read it, plotly ignores it.
  const addLine = (name: string, color: string, key: string, xs: number[], ys: (number | null)[], group: string, of: { run: string } | { group: string }) => {
    if (collectY) for (const y of ys) if (y !== null) drawnY.push(y);
    const x = wall ? xs.map(toX) : xs;
    const hover = `${name}<br>%{x}: %{y:.4g}<extra></extra>`;
    const line = { color, width: LINE_WIDTH, dash: dash(key) };
    const common = { type: "scatter", mode: "lines", name, x, legendgroup: group, connectgaps: false, meta: { ...of, key, role: "line" } };
    if (smoothing.kind === "none") {
      traces.push({ ...common, y: ys, line, hovertemplate: hover });
      return;
    }
    if (smoothing.showOriginal) traces.push({ ...common, meta: { ...of, key, role: "original" }, y: ys, line: { ...line, width: 1 }, opacity: 0.25, showlegend: false, hoverinfo: "skip" });
    // Against another metric x need not grow with the step: smooth along the points instead.
    const along = typeof config.x === "object" ? xs.map((_, i) => i) : xs;
    traces.push({ ...common, y: smooth(smoothing.kind, along, ys, smoothing.amount), line, hovertemplate: hover });
  };

  if (data.groups) {
    const sizes = new Map(data.groups.map((g) => [g.name, g.runs.length]));
    const rank = new Map(data.groups.map((g, i) => [g.name, i]));
    const ordered = [...groups].sort((a, b) => (rank.get(a.group) ?? 0) - (rank.get(b.group) ?? 0) || keys.indexOf(a.key) - keys.indexOf(b.key));
    for (const g of ordered) {
      const color = runColor(`group:${g.group}`);
      const label = config.legend ? legendText(config.legend, { group: g.group, metric: g.key }) : g.group;
      const name = plotlyText(`${label}${manyKeys && !config.legend ? ` · ${g.key}` : ""} (n=${sizes.get(g.group) ?? Math.max(0, ...g.n)})`);
      const id = `${g.group}\n${g.key}`;
      const center = g[config.aggregate].map(finiteOrNull);
      const edges = bandEdges(g, center, config.band);
      if (edges) {
        // The lower edge first: the upper one fills down to the trace before it ("tonexty").
        const edge = { type: "scatter", mode: "lines", x: g.x.map(toX), line: { width: 0, color }, legendgroup: id, showlegend: false, hoverinfo: "skip", connectgaps: false, meta: { group: g.group, key: g.key, role: "band" } };
        traces.push({ ...edge, y: edges[0] });
        traces.push({ ...edge, y: edges[1], fill: "tonexty", fillcolor: withAlpha(color, 0.18) });
      }
      addLine(name, color, g.key, g.x, center, id, { group: g.group });
    }
  } else {
    const byId = new Map(runs.map((r) => [r.id, r]));
    const allowed = new Set(data.runIds);
    const order = new Map(data.runIds.map((id, i) => [id, i]));
    const sorted = series.filter((s) => allowed.has(s.run)).sort((a, b) => (order.get(a.run) ?? 0) - (order.get(b.run) ?? 0) || keys.indexOf(a.key) - keys.indexOf(b.key));
    for (const s of sorted) {
      const run = byId.get(s.run);
      const override = overrides[s.run] ?? {};
      const base = override.name || (run ? runLabel(run) : s.run);
      const label = config.legend ? legendText(config.legend, { run: run && { ...run, displayName: override.name || run.displayName }, metric: s.key }) : base;
      const name = plotlyText(manyKeys && !config.legend ? `${label} · ${s.key}` : label);
      addLine(name, runColor(s.run, override.color ? { [s.run]: override.color } : {}), s.key, s.x, s.y.map(finiteOrNull), `${s.run}\n${s.key}`, { run: s.run });
    }
  }

  // Live and growing by appends: the x axis ends a little past the last step, so new points land
  // inside the drawn axes instead of forcing a redraw every tick.
  const extent = answer.xRange;
  const headroom = data.live && !config.xRange && !config.logX && config.x === "step" && extent
    ? [extent[0], extent[1] + Math.max(10, (extent[1] - extent[0]) * LIVE_X_HEADROOM)] as [number, number] : null;
  const yFromOutliers = collectY ? outlierRange(drawnY, config.logY) : null;
  const xRange = axisRange(config.xRange && wall ? [config.xRange[0] * 1000, config.xRange[1] * 1000] : config.xRange, config.logX) ?? headroom ?? undefined;
  const yRange = axisRange(config.yRange, config.logY) ?? yFromOutliers ?? undefined;
  const layout = {
    ...baseLayout(),
    xaxis: { title: { text: xTitle(config.x) }, type: config.logX ? "log" : wall ? "date" : "linear", range: xRange, autorange: !xRange, zeroline: false },
    yaxis: { title: { text: keys.length === 1 ? plotlyText(keys[0]) : "" }, type: config.logY ? "log" : "linear", range: yRange, autorange: !yRange, zeroline: false },
  };
  const total = data.runIds.length + data.capped;
  return {
    figure: { data: traces, layout },
    empty: traces.length === 0,
    note: data.capped > 0 ? `${data.runIds.length} of ${total} runs` : null,
  };
}

/** Each drawn run line's tail (live appends since the figure's answer), by trace index. */
export function lineExtension(figure: PanelFigure, data: LineData | null): TraceExtension[] {
  const tails = data?.tail?.bySeries;
  if (!tails) return [];
  const out: TraceExtension[] = [];
  figure.data.forEach((trace, i) => {
    const meta = trace.meta as { run?: string; key?: string; role?: string } | undefined;
    if (!meta?.run || !meta.key || meta.role !== "line") return;
    const tail = tails[seriesKey(meta.run, meta.key)];
    if (tail) out.push({ trace: i, x: tail.x, y: tail.y });
  });
  return out;
}
