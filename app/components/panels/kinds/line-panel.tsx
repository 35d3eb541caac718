/**
 * Line plot panel: draws (on canvas, line-figure.tsx) the series its fetch (app/lib/panels/panel-fetch.ts) brought for the run
 * set's visible runs or groups, zoomed range included. `uirevision` is the panel id plus its
 * config, so a live refetch keeps the reader's zoom and hidden legend entries, and editing the
 * config resets them.
 */
import { useMemo } from "react";
import { lineExtension, lineFigure, lineUirevision, type LineData } from "../../../lib/panels/line-traces";
import type { PanelViewProps } from "../panel-kinds";
import { workerLiveSpec } from "../../../lib/panels/line-live";
import { LineFigure } from "../line-figure";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

/** The line panel's view. */
export function LinePanel({ panel, runSet, runs, extra, zoom, onZoom, handle, figureLive = null }: PanelViewProps) {
  const config = configOf(panel, "line");
  const data = extra as LineData | null;
  const configKey = JSON.stringify(config);
  const overrides = runSet?.overrides;
  // A live append (data.tail) changes neither the figure nor its answer: only the extension.
  const answer = data?.answer;
  const built = useMemo(
    () => (config && data ? lineFigure({ data, runs, config, overrides: overrides ?? {} }) : null),
    // configKey stands for config: attributes arrive as new objects on every edit.
    [answer, data?.runIds, data?.live, data?.capped, runs, configKey, overrides],
  );
  const extension = useMemo(() => (built ? lineExtension(built.figure, data) : []), [built, data?.tail]);
  // The page's figure worker appends the live ticks by itself where it can (figure-worker.ts).
  const liveSpec = useMemo(
    () => (figureLive && config && runSet && built ? workerLiveSpec(config, runSet, zoom, data, built.figure) : null),
    [figureLive?.worker, built, data, zoom, runSet, configKey],
  );
  if (!config) return null;
  const metrics = config.metrics.length ? config.metrics.join(", ") : config.metricRegex ?? "";
  if (!metrics) return <PanelEmpty>Choose the metrics to plot (Edit).</PanelEmpty>;
  if (!data || !built) return <PanelEmpty>Every run of this run set is hidden.</PanelEmpty>;
  if (built.empty) return <PanelEmpty>No data for {metrics} yet.</PanelEmpty>;
  return (
    <>
      <LineFigure figure={built.figure} extension={extension} uirevision={lineUirevision(panel.id, config)} onZoom={onZoom} handle={handle} figureLive={figureLive} liveSpec={liveSpec} />
      {built.note ? <span className="panel-note">{built.note}</span> : null}
    </>
  );
}
