/**
 * Line plot panel: fetches the series of its metrics for the run set's visible runs (or groups),
 * zoomed range included, and draws them. `uirevision` is the panel id plus its config, so a live
 * refetch keeps the reader's zoom and hidden legend entries, and editing the config resets them.
 */
import { useMemo } from "react";
import { postApi } from "../../../lib/panels/api-json";
import { lineRequest } from "../../../lib/panels/line-request";
import { lineFigure, lineUirevision, type LineAnswer, type LineData } from "../../../lib/panels/line-traces";
import type { PanelViewProps } from "../panel-kinds";
import { PlotlyFigure } from "../plotly-figure";
import type { FetchExtra } from "../use-panel-data";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

/** The line panel's fetch: one metrics query (null when there is nothing to ask). */
export const fetchLine: FetchExtra = async ({ panel, runSet, runs, zoom, signal }) => {
  const config = configOf(panel, "line");
  const req = config && lineRequest(config, runSet, runs, zoom);
  if (!req) return null;
  const answer = await postApi<LineAnswer>("metrics/query", req.body, signal);
  const data: LineData = { answer, runIds: req.runIds, groups: req.groups, capped: req.capped };
  return data;
};

/** The line panel's view. */
export function LinePanel({ panel, runSet, runs, extra, onZoom, handle }: PanelViewProps) {
  const config = configOf(panel, "line");
  const data = extra as LineData | null;
  const configKey = JSON.stringify(config);
  const overrides = runSet?.overrides;
  const built = useMemo(
    () => (config && data ? lineFigure({ data, runs, config, overrides: overrides ?? {} }) : null),
    // configKey stands for config: attributes arrive as new objects on every edit.
    [data, runs, configKey, overrides],
  );
  if (!config) return null;
  const metrics = config.metrics.length ? config.metrics.join(", ") : config.metricRegex ?? "";
  if (!metrics) return <PanelEmpty>Choose the metrics to plot (Edit).</PanelEmpty>;
  if (!data || !built) return <PanelEmpty>Every run of this run set is hidden.</PanelEmpty>;
  if (built.empty) return <PanelEmpty>No data for {metrics} yet.</PanelEmpty>;
  return (
    <>
      <PlotlyFigure figure={built.figure} uirevision={lineUirevision(panel.id, config)} onZoom={onZoom} handle={handle} />
      {built.note ? <span className="panel-note">{built.note}</span> : null}
    </>
  );
}
