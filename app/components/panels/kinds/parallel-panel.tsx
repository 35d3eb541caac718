/**
 * Parallel coordinates panel. Drag a box over a column to brush it: the runs inside every brush
 * stay colored, the rest grey. Brushes are the reader's (React state, not the report), and are
 * dropped when the columns change.
 */
import { useMemo, useState } from "react";
import { brushFromSelection, highlighted, parallelFigure, parallelModel, type Brushes } from "../../../lib/panels/parallel";
import type { PanelViewProps } from "../panel-kinds";
import { PlotlyFigure } from "../plotly-figure";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

/** The parallel coordinates panel's view. */
export function ParallelPanel({ panel, runSet, runs, handle }: PanelViewProps) {
  const config = configOf(panel, "parallel");
  const configKey = JSON.stringify(config);
  const overrides = runSet?.overrides;
  const [brushes, setBrushes] = useState<Brushes>({});
  const [brushedFor, setBrushedFor] = useState(configKey);
  if (brushedFor !== configKey) {
    setBrushedFor(configKey);
    setBrushes({});
  }
  // configKey stands for config: attributes arrive as new objects on every edit.
  const model = useMemo(() => (config ? parallelModel(config.columns, runs, overrides ?? {}) : null), [configKey, runs, overrides]);
  const figure = useMemo(() => (config && model ? parallelFigure(config, model, brushes, overrides ?? {}) : null), [configKey, model, brushes, overrides]);
  if (!config || !model || !figure) return null;
  if (!config.columns.length) return <PanelEmpty>Choose the columns to compare (Edit).</PanelEmpty>;
  if (!model.rows.length) return <PanelEmpty>Every run of this run set is hidden.</PanelEmpty>;
  const lit = highlighted(model.rows, brushes).size;
  const onEvent = (name: string, event: unknown) => {
    if (name !== "selected") return;
    const brush = brushFromSelection((event as { range?: { x: number[]; y: number[] } } | undefined)?.range, config.columns.length);
    if (brush) setBrushes((b) => ({ ...b, [brush.column]: brush.range }));
  };
  return (
    <>
      <PlotlyFigure figure={figure} uirevision={`${panel.id}:${configKey}`} onEvent={onEvent} handle={handle} />
      {Object.keys(brushes).length ? (
        <span className="panel-note">
          {lit} of {model.rows.length} runs{" "}
          <button type="button" className="btn-link" onClick={() => setBrushes({})}>
            Clear
          </button>
        </span>
      ) : null}
    </>
  );
}
