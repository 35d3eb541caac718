/**
 * What each panel type asks the API for beyond its run set's runs (the `fetchExtra` of the panel
 * registry, app/components/panels/panel-kinds.tsx):
 *
 * - line: one `POST /api/v1/metrics/query` (line-request.ts: visible runs up to maxRuns or their
 *   groups, keys or regex, x, zoomed range, points, `until` for a frozen set);
 * - scalar: the series of its metric against wall time, when the number, the "ago" baseline or
 *   the sparkline need them, and the baseline run by id when it is outside the set;
 * - importance: `POST /api/v1/analysis/importance` with the set's run query.
 *
 * Each returns null when there is nothing to ask, and throws the API's error otherwise (the panel
 * shows it with Retry).
 */
import type { Panel, RunSet } from "../../../editor/panels/panelSpec";
import type { ApiSeries } from "../metric-series";
import { postApi } from "./api-json";
import type { ImportanceAnswer } from "./importance-rows";
import { canAppendLive, lastSteps, mergeTail, TAIL_STEPS, tailFrom, tailRequest } from "./line-live";
import { lineRequest, visibleRuns } from "./line-request";
import { fillStepX, type LineAnswer, type LineData } from "./line-traces";
import type { ApiRun, RunSetCache } from "./run-set-cache";
import { runSetQuery, runSetUntil } from "./run-set-query";
import { scalarMetricKey, scalarNeedsSeries } from "./scalar-value";

/** What a panel's fetch is given (the registry's FetchExtra arguments). */
export interface PanelFetchArgs {
  panel: Panel;
  runSet: RunSet;
  runs: ApiRun[];
  zoom: [number, number] | null;
  signal: AbortSignal;
}

/** Most runs whose series a scalar reads. */
export const MAX_SCALAR_SERIES_RUNS = 100;

/** Points of a scalar's sparkline. */
const SCALAR_POINTS = 200;

/** What the scalar's fetch hands its view. */
export interface ScalarExtra {
  series: ApiSeries[];
  baselineRun: ApiRun | null;
}

/** The line panel's series. */
export async function fetchLine({ panel, runSet, runs, zoom, signal }: PanelFetchArgs): Promise<LineData | null> {
  const req = panel.type === "line" ? lineRequest(panel.config, runSet, runs, zoom) : null;
  if (!req || panel.type !== "line") return null;
  const answer = fillStepX(await postApi<LineAnswer>("metrics/query", req.body, signal));
  const data: LineData = { answer, runIds: req.runIds, groups: req.groups, capped: req.capped };
  const asked = new Set(req.runIds);
  data.live = runs.some((r) => asked.has(r.id) && r.state === "running") && canAppendLive(panel.config, runSet, zoom, data);
  return data;
}

/**
 * A live tick of a line panel as an append (line-live.ts): the new points after each line's last
 * one, merged into `extra`; null when the panel must refetch instead.
 */
export async function appendLine({ panel, runSet, zoom, extra, cache, signal }: PanelFetchArgs & { extra: unknown; cache: RunSetCache }): Promise<{ extra: LineData } | null> {
  const data = extra as LineData | null;
  if (panel.type !== "line" || !data?.live || !canAppendLive(panel.config, runSet, zoom, data)) return null;
  // The lines' last steps, read once for the ask and the merge.
  const last = lastSteps(data);
  const from = tailFrom(data, last);
  // Named metrics share the page's tick request (tail-batcher.ts); a regex asks on its own.
  const { answer, to } = panel.config.metrics.length
    ? await cache.tails.request({ runs: data.runIds, keys: panel.config.metrics, from }, signal)
    : { answer: fillStepX(await postApi<LineAnswer>("metrics/query", tailRequest(panel.config, data, from), signal)), to: from + TAIL_STEPS - 1 };
  const merged = mergeTail(data, answer, to, last);
  return merged ? { extra: merged } : null;
}

/** The scalar panel's series and outside baseline run. */
export async function fetchScalar({ panel, runSet, runs, signal }: PanelFetchArgs): Promise<ScalarExtra | null> {
  if (panel.type !== "scalar") return null;
  const config = panel.config;
  const base = config.baseline.kind === "run" ? config.baseline.run : null;
  let baselineRun: ApiRun | null = null;
  if (base && !runs.some((r) => r.id === base)) {
    const found = await postApi<{ runs: ApiRun[] }>("runs/query", { projects: runSet.projects, filter: { field: "id", op: "=", value: base }, limit: 1 }, signal);
    baselineRun = found.runs[0] ?? null;
  }
  let series: ApiSeries[] = [];
  const ids = visibleRuns(runs, runSet).slice(0, MAX_SCALAR_SERIES_RUNS).map((r) => r.id);
  if (baselineRun) ids.push(baselineRun.id);
  if (scalarNeedsSeries(config) && ids.length) {
    const body: Record<string, unknown> = { runs: ids, keys: [scalarMetricKey(config)], x: "wallTime", points: SCALAR_POINTS };
    const until = runSetUntil(runSet);
    if (until) body.until = until;
    series = (await postApi<{ series?: ApiSeries[] }>("metrics/query", body, signal)).series ?? [];
  }
  return { series, baselineRun };
}

/** The importance panel's ranking. */
export async function fetchImportance({ panel, runSet, signal }: PanelFetchArgs): Promise<ImportanceAnswer | null> {
  if (panel.type !== "importance") return null;
  const body: Record<string, unknown> = { runQuery: runSetQuery(runSet), metric: panel.config.metric };
  if (panel.config.params?.length) body.params = panel.config.params;
  return postApi<ImportanceAnswer>("analysis/importance", body, signal);
}
