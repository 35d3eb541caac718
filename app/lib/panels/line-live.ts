/**
 * Live appends for line panels (docs/panels.md, "Live"; decision 016). A live tick of a line
 * panel over runs that are logging asks the metrics engine only for the points after the last step
 * it holds of each line (the tail), and draws them on top of the plot it already has, instead of
 * refetching every line and having plotly redraw the whole figure once a second.
 *
 * Only where that is exact: step on x, no grouping, no smoothing (a smoothed or aggregated point
 * depends on more than the new points), no zoom or fixed x-range, a run set that is not frozen and
 * whose membership cannot change as runs log (no filter, sort or legend reading summaries, state or
 * times). Anything else, a new line, a tail longer than one request, or tails grown past half the
 * drawn points (time to downsample again), falls back to the full refetch.
 */
import type { LineConfig, RunSet } from "../../../editor/panels/panelSpec";
import { finiteOrNull } from "../metric-series";
import type { LineAnswer, LineData } from "./line-traces";

/** The points after the base answer's last step of one line, cumulative since that answer. */
export interface SeriesTail {
  x: number[];
  y: Array<number | null>;
  lastStep: number;
}

/** Every line's tail, keyed by `seriesKey`. */
export interface LineTail {
  bySeries: Record<string, SeriesTail>;
  /** All tails' points together. */
  points: number;
}

/** Steps one tail request may cover (the engine returns every point of so short a range). */
export const TAIL_STEPS = 2_000;

/** The key of a (run, metric) line. */
export const seriesKey = (run: string, key: string): string => `${run}\n${key}`;

/** Run fields that change while a run logs: a set that reads them may change its runs on any tick. */
const LIVE_FIELDS = /summary|state|heartbeat|lastStep|last_step|finished|updated|runtime|duration/i;

/** Whether live ticks of this panel may append tails rather than refetch (see the module comment). */
export function canAppendLive(config: LineConfig, runSet: RunSet, zoom: [number, number] | null, data: LineData | null): boolean {
  if (!data || data.groups || !data.answer.series?.length) return false;
  if (config.x !== "step" || config.groupBy || config.smoothing.kind !== "none" || config.xRange || zoom || runSet.frozen) return false;
  const reads = JSON.stringify([runSet.filter, runSet.sort.map((s) => s.field), runSet.groupBy]) + config.legend;
  return !LIVE_FIELDS.test(reads);
}

/** The last step held of each line (by `seriesKey`): its tail's, else the base answer's. */
export function lastSteps(data: LineData): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of data.answer.series ?? []) {
    const k = seriesKey(s.run, s.key);
    out.set(k, data.tail?.bySeries[k]?.lastStep ?? (s.step.length ? s.step[s.step.length - 1] : -1));
  }
  return out;
}

/** The first step any of `data`'s lines is missing (`last`: its `lastSteps`, when already known). */
export function tailFrom(data: LineData, last = lastSteps(data)): number {
  return Math.min(...last.values()) + 1;
}

/** The metrics query for the tails of `data`'s lines over `[from, from + TAIL_STEPS - 1]`. */
export function tailRequest(config: LineConfig, data: LineData, from = tailFrom(data)): Record<string, unknown> {
  const body: Record<string, unknown> = { runs: data.runIds, x: "step", xRange: [from, from + TAIL_STEPS - 1], points: TAIL_STEPS, omitStepX: true };
  if (config.metrics.length) body.keys = config.metrics;
  else body.keysRegex = config.metricRegex;
  return body;
}

/**
 * `data` with the tail answer (every point up to step `end`) merged in: the same object when
 * nothing is new, or null when the panel must refetch instead (a line it does not have, a tail that
 * may go on past `end`, or tails grown past half the base answer's points). `last`: `data`'s
 * `lastSteps`, when already known.
 */
export function mergeTail(data: LineData, answer: LineAnswer, end: number, last = lastSteps(data)): LineData | null {
  const bySeries: Record<string, SeriesTail> = { ...(data.tail?.bySeries ?? {}) };
  let points = data.tail?.points ?? 0;
  let changed = false;
  for (const s of answer.series ?? []) {
    const k = seriesKey(s.run, s.key);
    const held = last.get(k);
    if (held === undefined) return s.step.length ? null : data;
    if (s.step.length && s.step[s.step.length - 1] >= end) return null;
    const x: number[] = [];
    const y: Array<number | null> = [];
    let lastStep = held;
    s.step.forEach((step, i) => {
      if (step <= held) return;
      x.push(s.x[i]);
      y.push(finiteOrNull(s.y[i]));
      lastStep = Math.max(lastStep, step);
    });
    if (!x.length) continue;
    const before = bySeries[k];
    bySeries[k] = { x: before ? before.x.concat(x) : x, y: before ? before.y.concat(y) : y, lastStep };
    points += x.length;
    changed = true;
  }
  if (!changed) return data;
  const base = (data.answer.series ?? []).reduce((n, s) => n + s.step.length, 0);
  if (points > base / 2) return null;
  return { ...data, tail: { bySeries, points } };
}

/** A line plot whose live ticks the page's figure worker appends by itself (figure-worker.ts). */
export interface WorkerLiveSpec {
  runs: string[];
  /** The metric names the panel plots. */
  keys: string[];
  /** Per line: its `seriesKey`, the figure trace it is drawn as, and the last step the figure holds. */
  lines: Array<{ series: string; trace: number; last: number }>;
  /** Points of the base answer (tails grown past half of them: refetch, as `mergeTail` rules). */
  basePoints: number;
  /** Points already appended to the base answer (the figure's extension). */
  tailPoints: number;
}

/**
 * What the figure worker needs to append `data`'s live ticks on `figure` (line-traces.ts's, whose
 * traces name their line in `meta`), or null when the page appends them itself: where
 * `canAppendLive` says no, or the metrics are a regex (the feed pushes named metrics only).
 */
export function workerLiveSpec(config: LineConfig, runSet: RunSet, zoom: [number, number] | null, data: LineData | null, figure: { data: readonly unknown[] }): WorkerLiveSpec | null {
  if (!data?.live || !config.metrics.length || !canAppendLive(config, runSet, zoom, data)) return null;
  const last = lastSteps(data);
  const lines: WorkerLiveSpec["lines"] = [];
  figure.data.forEach((t, trace) => {
    const meta = (t as { meta?: { run?: unknown; key?: unknown; role?: unknown } }).meta;
    if (meta?.role !== "line" || typeof meta.run !== "string" || typeof meta.key !== "string") return;
    const series = seriesKey(meta.run, meta.key);
    const at = last.get(series);
    if (at !== undefined) lines.push({ series, trace, last: at });
  });
  if (!lines.length) return null;
  const basePoints = (data.answer.series ?? []).reduce((n, s) => n + s.step.length, 0);
  return { runs: data.runIds, keys: config.metrics, lines, basePoints, tailPoints: data.tail?.points ?? 0 };
}

/**
 * `data` with the points the figure worker appended (per `seriesKey`) put back into its tail, so
 * the page's own live ticks go on from them (plotly took the figure over). Points at or before a
 * line's last step already held are skipped.
 */
export function foldWorkerTail(data: LineData, added: Record<string, SeriesTail>): LineData {
  const bySeries: Record<string, SeriesTail> = { ...(data.tail?.bySeries ?? {}) };
  const last = lastSteps(data);
  let points = data.tail?.points ?? 0;
  let changed = false;
  for (const [k, tail] of Object.entries(added)) {
    const held = last.get(k);
    if (held === undefined) continue;
    // Steps are x on the axes the worker appends (step on x): keep those past what is held.
    let i = 0;
    while (i < tail.x.length && tail.x[i] <= held) i++;
    if (i === tail.x.length) continue;
    const before = bySeries[k];
    const x = tail.x.slice(i);
    const y = tail.y.slice(i);
    bySeries[k] = { x: before ? before.x.concat(x) : x, y: before ? before.y.concat(y) : y, lastStep: Math.max(held, tail.lastStep) };
    points += x.length;
    changed = true;
  }
  return changed ? { ...data, tail: { bySeries, points } } : data;
}
