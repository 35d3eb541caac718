/**
 * A scalar panel's number. Each run's value is a field (`summary.acc`; a bare name is read as
 * `summary.<name>`) or the last finite point of a metric; the run set reduces to one number: the
 * first run (in the set's order) that has a value, or the mean, min or max over the runs that do.
 * The change shown beside it is against a baseline run's value, or against the value as it stood
 * `seconds` ago (each run's last point at or before that time, reduced the same way). The
 * sparkline is the series of the run the number comes from (the first run's for a mean).
 */
import type { ScalarConfig } from "../../../editor/panels/panelSpec";
import { formatValue } from "../format";
import { finiteOrNull, type ApiSeries } from "../metric-series";
import { getField, runLabel, toFiniteNumber } from "./get-field";
import type { ApiRun } from "./run-set-cache";

/** The change against the baseline. */
export interface ScalarDelta {
  value: number;
  text: string;
  /** e.g. "+12.5%", null when the baseline is 0. */
  percent: string | null;
  direction: "up" | "down" | "flat";
  /** Whether the change is for the better (null when flat). */
  good: boolean | null;
  /** What it is compared with, in words. */
  against: string;
}

/** What the scalar panel shows. */
export interface ScalarResult {
  value: number | null;
  text: string;
  /** The run the value comes from (null for a mean). */
  runId: string | null;
  /** "run-name", or "mean of 4 runs". */
  label: string;
  delta: ScalarDelta | null;
  spark: { x: number[]; y: (number | null)[] } | null;
}

/** The metric key whose series the panel reads (for a sparkline, "ago" or the latest value). */
export function scalarMetricKey(config: Pick<ScalarConfig, "metric" | "source">): string {
  if (config.source === "latest") return config.metric;
  return config.metric.startsWith("summary.") ? config.metric.slice("summary.".length) : config.metric;
}

/** Whether the panel needs series from the metrics query. */
export function scalarNeedsSeries(config: ScalarConfig): boolean {
  return config.source === "latest" || config.sparkline || config.baseline.kind === "ago";
}

/** `value` with `decimals` fixed digits, or 4 significant digits when null. */
export function formatScalar(value: number | null, decimals: number | null): string {
  if (value === null) return "—";
  if (decimals === null) return formatValue(value);
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function fieldValue(run: ApiRun, metric: string): number | null {
  const direct = getField(run, metric);
  if (direct !== undefined || metric.includes(".")) return toFiniteNumber(direct);
  return toFiniteNumber(getField(run, `summary.${metric}`));
}

/** The last finite value of a series at or before `until` (wall-time seconds; none: the very last). */
export function lastValue(series: ApiSeries | undefined, until?: number): number | null {
  if (!series) return null;
  for (let i = series.y.length - 1; i >= 0; i--) {
    if (until !== undefined && series.x[i] > until) continue;
    const y = finiteOrNull(series.y[i]);
    if (y !== null) return y;
  }
  return null;
}

type Reduced = { value: number; runId: string | null } | null;

function reduce(values: { id: string; value: number | null }[], kind: ScalarConfig["reduce"]): Reduced {
  const have = values.filter((v): v is { id: string; value: number } => v.value !== null);
  if (!have.length) return null;
  switch (kind) {
    case "first": return { value: have[0].value, runId: have[0].id };
    case "mean": return { value: have.reduce((a, b) => a + b.value, 0) / have.length, runId: null };
    case "min": return pick(have, (a, b) => a < b);
    case "max": return pick(have, (a, b) => a > b);
  }
}

function pick(have: { id: string; value: number }[], better: (a: number, b: number) => boolean): Reduced {
  let best = have[0];
  for (const v of have) if (better(v.value, best.value)) best = v;
  return { value: best.value, runId: best.id };
}

function delta(value: number, base: number, config: ScalarConfig, against: string): ScalarDelta {
  const d = value - base;
  const direction = d > 0 ? "up" : d < 0 ? "down" : "flat";
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  return {
    value: d,
    text: `${sign}${formatScalar(Math.abs(d), config.decimals)}`,
    percent: base !== 0 ? `${sign}${Math.abs((d / Math.abs(base)) * 100).toFixed(1)}%` : null,
    direction,
    good: direction === "flat" ? null : (d > 0) === config.higherIsBetter,
    against,
  };
}

function describeAgo(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d ago`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h ago`;
  if (seconds % 60 === 0) return `${seconds / 60}m ago`;
  return `${seconds}s ago`;
}

/**
 * The scalar of `config` over `runs` (the visible runs, in order). `series` are the runs' series
 * of `scalarMetricKey(config)` against wall time (seconds); `baselineRun` the baseline when it is
 * not in the set; `now` in ms.
 */
export function scalarValue(args: { config: ScalarConfig; runs: readonly ApiRun[]; series: readonly ApiSeries[]; baselineRun?: ApiRun | null; now: number }): ScalarResult {
  const { config, runs, series, now } = args;
  const key = scalarMetricKey(config);
  const byRun = new Map(series.filter((s) => s.key === key).map((s) => [s.run, s]));
  const valueOf = (run: ApiRun) => (config.source === "latest" ? lastValue(byRun.get(run.id)) : fieldValue(run, config.metric));
  const current = reduce(runs.map((r) => ({ id: r.id, value: valueOf(r) })), config.reduce);
  const have = runs.filter((r) => valueOf(r) !== null).length;
  const source = current?.runId ? runs.find((r) => r.id === current.runId) : undefined;
  const label = !current ? "" : source ? runLabel(source) : `mean of ${have} run${have === 1 ? "" : "s"}`;

  let d: ScalarDelta | null = null;
  const b = config.baseline;
  if (current && b.kind === "run") {
    const baseRun = runs.find((r) => r.id === b.run) ?? (args.baselineRun?.id === b.run ? args.baselineRun : undefined);
    const base = baseRun ? valueOf(baseRun) : null;
    if (base !== null && baseRun) d = delta(current.value, base, config, `vs ${runLabel(baseRun)}`);
  } else if (current && b.kind === "ago") {
    const until = now / 1000 - b.seconds;
    const subjects = current.runId ? runs.filter((r) => r.id === current.runId) : runs;
    const past = reduce(subjects.map((r) => ({ id: r.id, value: lastValue(byRun.get(r.id), until) })), config.reduce);
    if (past) d = delta(current.value, past.value, config, `vs ${describeAgo(b.seconds)}`);
  }

  let spark: ScalarResult["spark"] = null;
  if (config.sparkline) {
    const sparkRun = current?.runId ?? runs.find((r) => byRun.has(r.id))?.id;
    const s = sparkRun ? byRun.get(sparkRun) : undefined;
    if (s && s.y.length > 1) spark = { x: s.x.map((x) => x * 1000), y: s.y.map(finiteOrNull) };
  }
  return { value: current?.value ?? null, text: formatScalar(current?.value ?? null, config.decimals), runId: current?.runId ?? null, label, delta: d, spark };
}
