/**
 * A bar panel's figure: a run field's value (usually a summary metric) per visible run, or, with
 * `groupBy`, one bar per group at the chosen aggregate with error bars (min–max as asymmetric
 * bars, ± sample std, ± stderr). Categories are positions with escaped tick labels, never the raw
 * names: two runs sharing a name still get two bars, and no name is read as markup.
 */
import type { BarConfig, RunOverride } from "../../../editor/panels/panelSpec";
import { formatValue } from "../format";
import { runColor } from "../run-colors";
import { baseLayout, type PanelFigure } from "./figure";
import { fieldLabel, getField, runLabel, toFiniteNumber } from "./get-field";
import { groupRuns } from "./group-runs";
import { plotlyText } from "./plotly-text";
import type { ApiRun } from "./run-set-cache";
import { aggregate, sampleStd } from "./stats";

/** One bar before it is drawn. */
export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Distance below and above the value, for error bars. */
  minus: number | null;
  plus: number | null;
  n: number;
}

/** The bars of `config` over `runs` (visible ones only, in the set's order). */
export function bars(config: BarConfig, runs: readonly ApiRun[], overrides: Record<string, RunOverride>): Bar[] {
  const visible = runs.filter((r) => !overrides[r.id]?.hidden);
  if (!config.groupBy) {
    return visible.flatMap((run) => {
      const value = toFiniteNumber(getField(run, config.metric));
      if (value === null) return [];
      const o = overrides[run.id] ?? {};
      return [{ label: o.name || runLabel(run), value, color: runColor(run.id, o.color ? { [run.id]: o.color } : {}), minus: null, plus: null, n: 1 }];
    });
  }
  const byId = new Map(visible.map((r) => [r.id, r]));
  return groupRuns(visible, config.groupBy).flatMap((g) => {
    const values = g.runs.map((id) => toFiniteNumber(getField(byId.get(id) as ApiRun, config.metric))).filter((v): v is number => v !== null);
    const value = aggregate(values, config.aggregate);
    if (value === null) return [];
    let minus: number | null = null;
    let plus: number | null = null;
    if (config.errorBars === "minmax") {
      minus = value - Math.min(...values);
      plus = Math.max(...values) - value;
    } else if (config.errorBars === "std" || config.errorBars === "stderr") {
      const std = sampleStd(values);
      const spread = std === null ? null : config.errorBars === "std" ? std : std / Math.sqrt(values.length);
      minus = plus = spread;
    }
    return [{ label: g.name, value, color: runColor(`group:${g.name}`), minus, plus, n: values.length }];
  });
}

/** The bar panel's figure (empty `data` when no run has the value). */
export function barFigure(config: BarConfig, runs: readonly ApiRun[], overrides: Record<string, RunOverride>): PanelFigure {
  const list = bars(config, runs, overrides);
  const positions = list.map((_, i) => i);
  const labels = list.map((b) => plotlyText(b.label));
  const hasErrors = list.some((b) => b.minus !== null);
  const error = hasErrors ? { type: "data", symmetric: false, array: list.map((b) => b.plus ?? 0), arrayminus: list.map((b) => b.minus ?? 0), visible: true } : undefined;
  const hover = list.map((b, i) => `${labels[i]}: ${plotlyText(formatValue(b.value))}${config.groupBy ? ` (n=${b.n})` : ""}`);
  const metric = plotlyText(fieldLabel(config.metric));
  const trace: Record<string, unknown> = {
    type: "bar",
    orientation: config.horizontal ? "h" : "v",
    [config.horizontal ? "y" : "x"]: positions,
    [config.horizontal ? "x" : "y"]: list.map((b) => b.value),
    marker: { color: list.map((b) => b.color) },
    hovertext: hover,
    hoverinfo: "text",
    showlegend: false,
  };
  if (error) trace[config.horizontal ? "error_x" : "error_y"] = error;
  const categories = { tickmode: "array", tickvals: positions, ticktext: labels, automargin: true };
  const values = { title: { text: metric }, zeroline: true, automargin: true };
  return {
    data: list.length ? [trace] : [],
    layout: { ...baseLayout(), showlegend: false, xaxis: config.horizontal ? values : categories, yaxis: config.horizontal ? { ...categories, autorange: "reversed" } : values },
  };
}
