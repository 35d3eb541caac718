/** Bar chart panel: a run field per run, or aggregated per group with error bars. */
import { useMemo } from "react";
import { barFigure } from "../../../lib/panels/bar-traces";
import type { PanelViewProps } from "../panel-kinds";
import { PlotlyFigure } from "../plotly-figure";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

/** The bar panel's view. */
export function BarPanel({ panel, runSet, runs, handle }: PanelViewProps) {
  const config = configOf(panel, "bar");
  const configKey = JSON.stringify(config);
  const overrides = runSet?.overrides;
  // configKey stands for config: attributes arrive as new objects on every edit.
  const figure = useMemo(() => (config ? barFigure(config, runs, overrides ?? {}) : null), [configKey, runs, overrides]);
  if (!config || !figure) return null;
  if (!figure.data.length) return <PanelEmpty>No data for {config.metric} yet.</PanelEmpty>;
  return <PlotlyFigure figure={figure} uirevision={`${panel.id}:${configKey}`} handle={handle} />;
}
