/**
 * What each panel type fetches and how it draws: the registry PanelBody reads. Data shaping is in
 * app/lib/panels (pure builders, unit-tested); this file wires them to fetching and to plotly.
 */
import type { ComponentType } from "react";
import type { Panel, PanelType, RunSet } from "../../../editor/panels/panelSpec";
import type { FigureLive } from "./figure-worker-client";
import { appendLine, fetchImportance, fetchLine, fetchScalar } from "~/lib/panels/panel-fetch";
import type { ApiRun } from "~/lib/panels/run-set-cache";
import { BarPanel } from "./kinds/bar-panel";
import { ComparerPanel } from "./kinds/comparer-panel";
import { ImportancePanel } from "./kinds/importance-panel";
import { LinePanel } from "./kinds/line-panel";
import { PanelEmpty } from "./kinds/panel-empty";
import { ParallelPanel } from "./kinds/parallel-panel";
import { ScalarPanel } from "./kinds/scalar-panel";
import { ScatterPanel } from "./kinds/scatter-panel";
import { MarkdownPanel } from "./markdown-panel";
import type { FigureHandle } from "./plotly-figure";
import type { AppendExtra, FetchExtra } from "./use-panel-data";

/** What every panel view is given. */
export interface PanelViewProps {
  panel: Panel;
  runSet: RunSet | null;
  runs: ApiRun[];
  total: number | null;
  extra: unknown;
  zoom: [number, number] | null;
  onZoom: (range: [number, number] | null) => void;
  handle: (h: FigureHandle | null) => void;
  /** The page's figure worker and this panel's part in it (line plots; null: none). */
  figureLive?: FigureLive | null;
}

/** One panel type. */
export interface PanelKind {
  /** Whether the panel reads a run set (Markdown does not). */
  needsRuns: boolean;
  fetchExtra?: FetchExtra;
  /** A live tick as an append to the data it has (null: refetch); see use-panel-data.ts. */
  appendExtra?: AppendExtra;
  View: ComponentType<PanelViewProps>;
}

/** `View`, or the "no runs" state when the run set matched none. */
function withRuns(View: ComponentType<PanelViewProps>): ComponentType<PanelViewProps> {
  function RunsView(props: PanelViewProps) {
    if (!props.runs.length) {
      return <PanelEmpty>{props.runSet?.frozen ? "None of this frozen run set's runs can be read any more." : "No runs match this run set."}</PanelEmpty>;
    }
    return <View {...props} />;
  }
  RunsView.displayName = `WithRuns(${View.displayName ?? View.name})`;
  return RunsView;
}

/** The registry. */
export const PANEL_KINDS: Record<PanelType, PanelKind> = {
  line: { needsRuns: true, fetchExtra: fetchLine, appendExtra: appendLine, View: withRuns(LinePanel) },
  bar: { needsRuns: true, View: withRuns(BarPanel) },
  scalar: { needsRuns: true, fetchExtra: fetchScalar, View: withRuns(ScalarPanel) },
  scatter: { needsRuns: true, View: withRuns(ScatterPanel) },
  parallel: { needsRuns: true, View: withRuns(ParallelPanel) },
  importance: { needsRuns: true, fetchExtra: fetchImportance, View: withRuns(ImportancePanel) },
  comparer: { needsRuns: true, View: withRuns(ComparerPanel) },
  markdown: { needsRuns: false, View: ({ panel }) => <MarkdownPanel markdown={panel.type === "markdown" ? panel.config.markdown : ""} /> },
};
