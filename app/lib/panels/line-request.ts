/**
 * The metrics query a line panel sends (docs/metrics-query.md): the visible runs of its run set up
 * to `maxRuns` (or, with `groupBy`, those runs grouped by the field's value), its metric names or
 * regex, its x axis, the x range (the reader's zoom, else the configured range), its point budget,
 * and for a frozen run set the `until` map, so points logged after freezing never show.
 */
import type { LineConfig, RunSet } from "../../../editor/panels/panelSpec";
import { groupRuns, type RunGroup } from "./group-runs";
import type { ApiRun } from "./run-set-cache";
import { runSetUntil } from "./run-set-query";

/** What the line panel asks and what it needs to read the answer. */
export interface LineRequest {
  body: Record<string, unknown>;
  /** The runs asked for, in the set's order. */
  runIds: string[];
  /** The groups asked for, when grouped. */
  groups: RunGroup[] | null;
  /** Visible runs left out by `maxRuns`. */
  capped: number;
}

/** The runs of a set not hidden by its overrides. */
export function visibleRuns(runs: readonly ApiRun[], runSet: RunSet | null): ApiRun[] {
  return runs.filter((r) => !runSet?.overrides[r.id]?.hidden);
}

/**
 * A plotly x zoom as a query range: plotly reports log axes in log10 units and date axes
 * (wall time, drawn in milliseconds) in ms.
 */
export function zoomToRange(zoom: [number, number], config: Pick<LineConfig, "x" | "logX">): [number, number] {
  let [lo, hi] = zoom;
  if (config.logX) [lo, hi] = [Math.pow(10, lo), Math.pow(10, hi)];
  if (config.x === "wallTime") [lo, hi] = [lo / 1000, hi / 1000];
  return lo <= hi ? [lo, hi] : [hi, lo];
}

/** The request for `config` over `runs`, or null when there is nothing to ask (no metric, no run). */
export function lineRequest(config: LineConfig, runSet: RunSet, runs: readonly ApiRun[], zoom: [number, number] | null): LineRequest | null {
  const visible = visibleRuns(runs, runSet);
  const drawn = visible.slice(0, config.maxRuns);
  if (!drawn.length) return null;
  const body: Record<string, unknown> = {};
  if (config.metrics.length) body.keys = config.metrics;
  else if (config.metricRegex) body.keysRegex = config.metricRegex;
  else return null;
  body.x = config.x;
  // x would repeat the step: left out of the answer, filled in again on arrival (fillStepX).
  if (config.x === "step") body.omitStepX = true;
  const range = zoom ? zoomToRange(zoom, config) : config.xRange;
  if (range) body.xRange = range;
  body.points = config.points;
  const groups = config.groupBy ? groupRuns(drawn, config.groupBy) : null;
  if (groups) body.groupBy = { groups };
  else body.runs = drawn.map((r) => r.id);
  const until = runSetUntil(runSet);
  if (until) {
    const asked = new Set(drawn.map((r) => r.id));
    body.until = Object.fromEntries(Object.entries(until).filter(([id]) => asked.has(id)));
  }
  return { body, runIds: drawn.map((r) => r.id), groups, capped: visible.length - drawn.length };
}
