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
