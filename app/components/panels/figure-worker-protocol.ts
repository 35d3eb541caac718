/**
 * The messages between a report page and its figure worker (figure-worker.ts, decision 019): the
 * page hands each canvas line plot's canvas to the worker, which draws it, and opens the live feeds
 * there, so that the live ticks of line plots (the feed's messages, the new points, their strokes)
 * run off the page's main thread.
 */
import type { PanelFigure } from "../../lib/panels/figure";
import type { WorkerLiveSpec } from "../../lib/panels/line-live";
import type { TraceExtension } from "../../lib/panels/line-traces";
import type { TailAsk } from "../../lib/panels/tail-batcher";
import type { CanvasStyle } from "./line-canvas";


/** Page → worker. */
export type ToWorker =
  | { type: "init"; headers: Record<string, string> }
  | { type: "mount"; id: number; canvas: OffscreenCanvas; ratio: number; style: CanvasStyle }
  | { type: "unmount"; id: number }
  /** A new figure (or legend state): drawn whole, with `extension`'s points after the traces'. */
  | { type: "figure"; id: number; figure: PanelFigure; hidden: string[]; extension: TraceExtension[]; live: WorkerLiveSpec | null }
  /** The legend's hidden groups changed: drawn again, appended points kept. */
  | { type: "hidden"; id: number; hidden: string[] }
  /** More points after what `extension` and earlier `extend`s gave, per trace. */
  | { type: "extend"; id: number; extension: TraceExtension[] }
  | { type: "size"; id: number; width: number; height: number }
  /** The page appends this figure's live ticks from now on (null), plotly having taken it over. */
  | { type: "live"; id: number; spec: null }
  | { type: "visible"; id: number; visible: boolean }
  | { type: "query"; id: number; ask: number; what: "traces" | "axes" | "pixels" | "tail"; rect?: [number, number, number, number] }
  | { type: "feed-open"; feed: number; url: string }
  | { type: "feed-close"; feed: number }
  /** Whether the feed's "points" messages go to the page too (some panel there listens for them). */
  | { type: "feed-forward"; feed: number; points: boolean }
  | { type: "pause"; paused: boolean }
  /** The metrics plotted by panels on screen that the page appends (their pushed points are kept). */
  | { type: "shown"; keys: string[] }
  /** A panel's live tail, asked by the page (answered from the pushed points, else batched with the others). */
  | { type: "tails"; ask: number; tail: TailAsk };

/** The page's messages about one mounted figure. */
export type FigureMessage = Extract<ToWorker, { type: "figure" | "hidden" | "extend" | "size" | "live" | "visible" }>;

/** A figure's state after draws or appends. */
export interface DrawnReport {
  id: number;
  draws: number;
  appends: number;
  /** Whole draws since the last report (the page calls the figure's onDrawn). */
  newDraws: number;
}

/** Worker → page. */
export type FromWorker =
  /** The worker's module is running (errors before this mean it could not start). */
  | { type: "up" }
  | { type: "drawn"; reports: DrawnReport[] }
  /** The worker's live appends of this figure cannot go on: refetch the panel. */
  | { type: "refetch"; id: number }
  /** Drawing this figure failed here (`error`): the page takes it back and draws it itself. */
  | { type: "lost"; id: number; error: string }
  | { type: "answer"; ask: number; value: unknown; error?: string }
  | { type: "feed"; feed: number; event: "ready" | "runs" | "closed"; data?: string };
