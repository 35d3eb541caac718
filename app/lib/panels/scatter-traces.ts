/**
 * A scatter panel's figure: one point per visible run at (x field, y field). Numbers plot on
 * linear or log axes; text values (names, states, optimizers) on category axes, escaped. The color
 * field, when numeric, becomes a color scale with a bar; when categorical, one trace (and legend
 * entry) per value; otherwise each point has its run's color. The regression line is fitted in the
 * axes' own space (log10 of a log axis), so it is straight as drawn.
 */
import type { RunOverride, ScatterConfig } from "../../../editor/panels/panelSpec";
import { formatValue } from "../format";
import { runColor } from "../run-colors";
import { baseLayout, type PanelFigure } from "./figure";
import { fieldLabel, getField, runLabel, toFiniteNumber } from "./get-field";
import { groupName } from "./group-runs";
import { plotlyText } from "./plotly-text";
import { linearRegression, type Regression } from "./regression";
import type { ApiRun } from "./run-set-cache";

/** One drawn point. */
export interface ScatterPoint {
  run: ApiRun;
  x: number | string;
  y: number | string;
  color: unknown;
}

/** The scatter figure and its fit. */
export interface ScatterFigure {
  figure: PanelFigure;
  points: number;
  regression: Regression | null;
}

const NON_FINITE = new Set(["NaN", "Infinity", "-Infinity"]);

/** A value a point can sit at: a finite number or text ("NaN" as the API sends it is no value). */
function plotValue(v: unknown): number | string | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && NON_FINITE.has(v)) return null;
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  return null;
}

/** The points of `config` over `runs` (visible runs that have both values). */
export function scatterPoints(config: ScatterConfig, runs: readonly ApiRun[], overrides: Record<string, RunOverride>): ScatterPoint[] {
  return runs.flatMap((run) => {
    if (overrides[run.id]?.hidden) return [];
    const x = plotValue(getField(run, config.x));
    const y = plotValue(getField(run, config.y));
    if (x === null || y === null) return [];
    if ((config.logX && !(typeof x === "number" && x > 0)) || (config.logY && !(typeof y === "number" && y > 0))) return [];
    return [{ run, x, y, color: config.color ? getField(run, config.color) : undefined }];
  });
}

/** The scatter figure; see the module comment. */
export function scatterFigure(config: ScatterConfig, runs: readonly ApiRun[], overrides: Record<string, RunOverride>): ScatterFigure {
  const points = scatterPoints(config, runs, overrides);
  const xLabel = plotlyText(fieldLabel(config.x));
  const yLabel = plotlyText(fieldLabel(config.y));
  const nameOf = (p: ScatterPoint) => plotlyText(overrides[p.run.id]?.name || runLabel(p.run));
  const axisValue = (v: number | string) => (typeof v === "number" ? v : plotlyText(v));
  const colorLabel = config.color ? plotlyText(fieldLabel(config.color)) : "";
  const hover = (p: ScatterPoint) => {
    const lines = [nameOf(p), `${xLabel}: ${plotlyText(formatValue(p.x))}`, `${yLabel}: ${plotlyText(formatValue(p.y))}`];
    if (config.color) lines.push(`${colorLabel}: ${plotlyText(formatValue(p.color))}`);
    return lines.join("<br>");
  };
  const marker = (list: ScatterPoint[]) => ({
    type: "scatter",
    mode: "markers",
    x: list.map((p) => axisValue(p.x)),
    y: list.map((p) => axisValue(p.y)),
    hovertext: list.map(hover),
    hoverinfo: "text",
  });
  const ownColor = (run: ApiRun) => overrides[run.id]?.color ?? runColor(run.id);
  const traces: Record<string, unknown>[] = [];

  const colors = points.map((p) => p.color);
  const numericColor = config.color !== null && points.length > 0 && colors.every((c) => toFiniteNumber(c) !== null);
  if (!config.color || !points.length) {
    traces.push({ ...marker(points), showlegend: false, marker: { size: 8, color: points.map((p) => ownColor(p.run)) } });
  } else if (numericColor) {
    const colorbar = { title: { text: colorLabel }, thickness: 10 };
    traces.push({ ...marker(points), showlegend: false, marker: { size: 8, color: colors, colorscale: "Viridis", showscale: true, colorbar } });
  } else {
    const byValue = new Map<string, ScatterPoint[]>();
    for (const p of points) {
      const name = groupName(p.color);
      byValue.set(name, [...(byValue.get(name) ?? []), p]);
    }
    for (const [name, list] of byValue) traces.push({ ...marker(list), name: plotlyText(name), marker: { size: 8, color: runColor(`group:${name}`) } });
  }

  let regression: Regression | null = null;
  const numeric = points.filter((p): p is ScatterPoint & { x: number; y: number } => typeof p.x === "number" && typeof p.y === "number");
  if (config.regression && numeric.length >= 2) {
    const tx = (v: number) => (config.logX ? Math.log10(v) : v);
    const ty = (v: number) => (config.logY ? Math.log10(v) : v);
    regression = linearRegression(numeric.map((p) => tx(p.x)), numeric.map((p) => ty(p.y)));
    if (regression) {
      const lo = Math.min(...numeric.map((p) => tx(p.x)));
      const hi = Math.max(...numeric.map((p) => tx(p.x)));
      const xs = Array.from({ length: 21 }, (_, i) => lo + ((hi - lo) * i) / 20);
      const { slope, intercept, r2 } = regression;
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `fit: slope ${formatValue(slope)}, intercept ${formatValue(intercept)}, r² ${r2.toFixed(3)}`,
        x: xs.map((x) => (config.logX ? Math.pow(10, x) : x)),
        y: xs.map((x) => slope * x + intercept).map((y) => (config.logY ? Math.pow(10, y) : y)),
        line: { color: "#868e96", dash: "dash", width: 1.5 },
        hoverinfo: "skip",
      });
    }
  }

  const axisType = (log: boolean, values: (number | string)[]) => (log ? "log" : values.some((v) => typeof v === "string") ? "category" : "linear");
  return {
    figure: {
      data: points.length ? traces : [],
      layout: {
        ...baseLayout(),
        xaxis: { title: { text: xLabel }, type: axisType(config.logX, points.map((p) => p.x)), automargin: true, zeroline: false },
        yaxis: { title: { text: yLabel }, type: axisType(config.logY, points.map((p) => p.y)), automargin: true, zeroline: false },
      },
    },
    points: points.length,
    regression,
  };
}
