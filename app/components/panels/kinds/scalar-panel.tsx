/**
 * Scalar panel: one big number, its change against a baseline (arrow, colored by whether higher
 * is better), and a sparkline, from the runs and the series its fetch brought
 * (app/lib/panels/panel-fetch.ts).
 */
import { useMemo } from "react";
import type { PanelFigure } from "../../../lib/panels/figure";
import { baseLayout } from "../../../lib/panels/figure";
import { visibleRuns } from "../../../lib/panels/line-request";
import type { ScalarExtra } from "../../../lib/panels/panel-fetch";
import { scalarValue } from "../../../lib/panels/scalar-value";
import { runColor } from "../../../lib/run-colors";
import type { PanelViewProps } from "../panel-kinds";
import { PlotlyFigure } from "../plotly-figure";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

function sparkFigure(spark: { x: number[]; y: (number | null)[] }, color: string): PanelFigure {
  return {
    data: [{ type: "scatter", mode: "lines", x: spark.x, y: spark.y, line: { color, width: 1.5 }, hoverinfo: "skip", connectgaps: false }],
    layout: { ...baseLayout(), showlegend: false, margin: { l: 0, r: 0, t: 0, b: 0 }, xaxis: { visible: false, type: "date", fixedrange: true }, yaxis: { visible: false, fixedrange: true } },
  };
}

/** The scalar panel's view. */
export function ScalarPanel({ panel, runSet, runs, extra, handle }: PanelViewProps) {
  const config = configOf(panel, "scalar");
  const configKey = JSON.stringify(config);
  const data = (extra as ScalarExtra | null) ?? { series: [], baselineRun: null };
  const visible = useMemo(() => visibleRuns(runs, runSet), [runs, runSet]);
  // configKey stands for config: attributes arrive as new objects on every edit.
  const result = useMemo(() => (config ? scalarValue({ config, runs: visible, series: data.series, baselineRun: data.baselineRun, now: Date.now() }) : null), [configKey, visible, extra]);
  const sparkColor = result?.runId ? (runSet?.overrides[result.runId]?.color ?? runColor(result.runId)) : runColor("mean");
  const spark = useMemo(() => (result?.spark ? sparkFigure(result.spark, sparkColor) : null), [result, sparkColor]);
  if (!config || !result) return null;
  if (result.value === null) return <PanelEmpty>No data for {config.metric} yet.</PanelEmpty>;
  const d = result.delta;
  const arrow = d ? (d.direction === "up" ? "▲" : d.direction === "down" ? "▼" : "■") : "";
  return (
    <div className="panel-scalar">
      <div className="panel-scalar-value" data-testid="panel-scalar-value" title={String(result.value)}>
        {result.text}
      </div>
      <div className="panel-scalar-label">{result.label}</div>
      {d ? (
        <div className={`panel-scalar-delta${d.good === true ? " is-good" : d.good === false ? " is-bad" : ""}`} data-testid="panel-scalar-delta">
          <span aria-hidden="true">{arrow}</span> {d.text}
          {d.percent ? ` (${d.percent})` : ""} <span className="panel-scalar-against">{d.against}</span>
        </div>
      ) : null}
      {spark ? (
        <div className="panel-scalar-spark">
          <PlotlyFigure figure={spark} uirevision={panel.id} handle={handle} />
        </div>
      ) : null}
    </div>
  );
}
