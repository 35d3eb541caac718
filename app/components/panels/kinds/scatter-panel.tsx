/** Scatter plot panel: two run fields against each other, optionally colored and fitted. */
import { useMemo } from "react";
import { scatterFigure } from "../../../lib/panels/scatter-traces";
import type { PanelViewProps } from "../panel-kinds";
import { PlotlyFigure } from "../plotly-figure";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

/** The scatter panel's view. */
export function ScatterPanel({ panel, runSet, runs, handle }: PanelViewProps) {
  const config = configOf(panel, "scatter");
  const configKey = JSON.stringify(config);
  const overrides = runSet?.overrides;
  // configKey stands for config: attributes arrive as new objects on every edit.
  const built = useMemo(() => (config ? scatterFigure(config, runs, overrides ?? {}) : null), [configKey, runs, overrides]);
  if (!config || !built) return null;
  if (!built.points) return <PanelEmpty>No data for {config.x} and {config.y} yet.</PanelEmpty>;
  return (
    <>
      <PlotlyFigure figure={built.figure} uirevision={`${panel.id}:${configKey}`} handle={handle} />
      {built.regression ? <span className="panel-note">r² = {built.regression.r2.toFixed(3)} (n = {built.regression.n})</span> : null}
    </>
  );
}
