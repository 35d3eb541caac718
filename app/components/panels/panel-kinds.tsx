/**
 * What each panel type fetches and how it draws: the registry PanelBody reads. Data shaping is in
 * app/lib/panels (pure builders, unit-tested); this file wires them to fetching and to plotly.
 */
import type { ComponentType } from "react";
import type { Panel, PanelType, RunSet } from "../../../editor/panels/panelSpec";
import type { ApiRun } from "~/lib/panels/run-set-cache";
import { MarkdownPanel } from "./markdown-panel";
import type { FigureHandle } from "./plotly-figure";
import type { FetchExtra } from "./use-panel-data";

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
}

/** One panel type. */
export interface PanelKind {
  /** Whether the panel reads a run set (Markdown does not). */
  needsRuns: boolean;
  fetchExtra?: FetchExtra;
  View: ComponentType<PanelViewProps>;
}

const Pending: ComponentType<PanelViewProps> = ({ panel }) => <p className="panel-message">{panel.type}</p>;

/** The registry. */
export const PANEL_KINDS: Record<PanelType, PanelKind> = {
  line: { needsRuns: true, View: Pending },
  bar: { needsRuns: true, View: Pending },
  scalar: { needsRuns: true, View: Pending },
  scatter: { needsRuns: true, View: Pending },
  parallel: { needsRuns: true, View: Pending },
  importance: { needsRuns: true, View: Pending },
  comparer: { needsRuns: true, View: Pending },
  markdown: { needsRuns: false, View: ({ panel }) => <MarkdownPanel markdown={panel.type === "markdown" ? panel.config.markdown : ""} /> },
};
