/**
 * The panel editor's form, declared per panel type: each entry is one control bound to a path in
 * the panel's config (editor/panels/panelSpec.ts). The side sheet renders them generically, so a
 * new option is one line here plus its zod field.
 */
import type { PanelType } from "../../../editor/panels/panelSpec";

/** Where a text control's suggestions come from: metric keys, or run fields (config./summary./run columns). */
export type Suggest = "metric" | "field" | "summary" | "config" | "run";

/** One control. `path` is a dot path in the config. */
export type FieldControl =
  | { path: string; label: string; kind: "text"; suggest?: Suggest; placeholder?: string; nullable?: boolean; help?: string }
  | { path: string; label: string; kind: "list"; suggest?: Suggest; placeholder?: string; nullable?: boolean; help?: string }
  | { path: string; label: string; kind: "number"; min?: number; max?: number; step?: number; nullable?: boolean; help?: string }
  | { path: string; label: string; kind: "bool"; help?: string }
  | { path: string; label: string; kind: "select"; options: readonly (readonly [string, string])[]; help?: string }
  | { path: string; label: string; kind: "range"; help?: string }
  | { path: string; label: string; kind: "xaxis"; help?: string }
  | { path: string; label: string; kind: "baseline"; help?: string }
  | { path: string; label: string; kind: "markdown"; help?: string };

const AGGREGATES = [["mean", "Mean"], ["median", "Median"], ["min", "Min"], ["max", "Max"]] as const;
const BANDS = [["none", "None"], ["minmax", "Min – max"], ["std", "± std"], ["stderr", "± stderr"]] as const;

/** The controls of each panel type, in form order. */
export const PANEL_FIELDS: Record<PanelType, FieldControl[]> = {
  line: [
    { path: "metrics", label: "Metrics", kind: "list", suggest: "metric", placeholder: "loss, val/loss", help: "Metric names, comma-separated." },
    { path: "metricRegex", label: "…or a regex", kind: "text", nullable: true, placeholder: "^val/", help: "Every metric whose name matches (used when no names are given)." },
    { path: "x", label: "X axis", kind: "xaxis" },
    { path: "smoothing.kind", label: "Smoothing", kind: "select", options: [["none", "None"], ["twema", "Time-weighted EMA"], ["ema", "EMA"], ["gaussian", "Gaussian"], ["average", "Running average"]] },
    { path: "smoothing.amount", label: "Smoothing amount", kind: "number", min: 0, max: 10_000, step: 0.05, help: "EMA: weight 0–0.999; gaussian: sigma in x units; running average: window in points." },
    { path: "smoothing.showOriginal", label: "Show the original faintly", kind: "bool" },
    { path: "groupBy", label: "Group by", kind: "text", suggest: "field", nullable: true, placeholder: "config.optimizer" },
    { path: "aggregate", label: "Group line", kind: "select", options: AGGREGATES },
    { path: "band", label: "Group band", kind: "select", options: BANDS },
    { path: "legend", label: "Legend", kind: "text", placeholder: "${run:name} lr=${config:lr}", help: "Placeholders: ${run:name}, ${run:id}, ${config:…}, ${summary:…}, ${group}, ${metric}." },
    { path: "logX", label: "Log x", kind: "bool" },
    { path: "logY", label: "Log y", kind: "bool" },
    { path: "xRange", label: "X range", kind: "range" },
    { path: "yRange", label: "Y range", kind: "range" },
    { path: "ignoreOutliers", label: "Ignore outliers in the y range", kind: "bool" },
    { path: "maxRuns", label: "Most runs drawn", kind: "number", min: 1, max: 500, step: 1 },
    { path: "points", label: "Points per line", kind: "number", min: 50, max: 100_000, step: 50 },
  ],
  bar: [
    { path: "metric", label: "Value", kind: "text", suggest: "summary", placeholder: "summary.acc" },
    { path: "groupBy", label: "Group by", kind: "text", suggest: "field", nullable: true, placeholder: "config.optimizer" },
    { path: "aggregate", label: "Group value", kind: "select", options: AGGREGATES },
    { path: "errorBars", label: "Error bars", kind: "select", options: BANDS },
    { path: "horizontal", label: "Horizontal bars", kind: "bool" },
  ],
  scalar: [
    { path: "metric", label: "Value", kind: "text", suggest: "field", placeholder: "summary.acc or a metric name" },
    { path: "source", label: "Read", kind: "select", options: [["summary", "A run field (summary.…)"], ["latest", "The latest point of a metric"]] },
    { path: "reduce", label: "Across the run set", kind: "select", options: [["first", "First run"], ["mean", "Mean"], ["min", "Min"], ["max", "Max"]] },
    { path: "baseline", label: "Compare with", kind: "baseline" },
    { path: "higherIsBetter", label: "Higher is better", kind: "bool" },
    { path: "sparkline", label: "Sparkline", kind: "bool" },
    { path: "decimals", label: "Decimals", kind: "number", min: 0, max: 10, step: 1, nullable: true },
  ],
  scatter: [
    { path: "x", label: "X", kind: "text", suggest: "field", placeholder: "config.lr" },
    { path: "y", label: "Y", kind: "text", suggest: "field", placeholder: "summary.loss" },
    { path: "color", label: "Color by", kind: "text", suggest: "field", nullable: true },
    { path: "regression", label: "Regression line", kind: "bool" },
    { path: "logX", label: "Log x", kind: "bool" },
    { path: "logY", label: "Log y", kind: "bool" },
  ],
  parallel: [
    { path: "columns", label: "Columns", kind: "list", suggest: "field", placeholder: "config.lr, config.batch, summary.loss" },
    { path: "color", label: "Color by", kind: "text", suggest: "field", nullable: true },
  ],
  importance: [
    { path: "metric", label: "Metric", kind: "text", suggest: "summary", placeholder: "summary.loss" },
    { path: "params", label: "Parameters", kind: "list", suggest: "config", nullable: true, placeholder: "every config parameter", help: "Leave empty for every config parameter." },
  ],
  comparer: [{ path: "differencesOnly", label: "Differences only", kind: "bool" }],
  markdown: [{ path: "markdown", label: "Text (Markdown)", kind: "markdown" }],
};

/** Reads a dot path. */
export function getPath(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** A copy of `value` with `path` set. */
export function setPath<T>(value: T, path: string, next: unknown): T {
  const [head, ...rest] = path.split(".");
  const obj = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  return { ...obj, [head]: rest.length ? setPath(obj[head], rest.join("."), next) : next } as T;
}
