/**
 * A plotly figure inside a report panel. Redraws go through `Plotly.react` with a constant
 * `uirevision`, so new data (a live tick, an edited config) never resets what the reader did: zoom,
 * pan and hidden legend entries stay. The zoom is reported to the panel (`onZoom`) so it can fetch
 * that x-range at full resolution; a double-click resets it.
 *
 * Titles, legend names and hover text arrive already escaped by the figure builders
 * (app/lib/panels/plotlyText): plotly renders a subset of HTML in them.
 *
 * `extension` holds points appended to some traces since `figure` was built (live appends of line
 * plots). They are drawn on a canvas over the figure (live-overlay.ts) while they fit its axes;
 * plotly redraws the figure with them merged in when one does not, when the pointer enters (so
 * hover sees them) and before a download. `data-drawn` counts plotly's draws, `data-appended`
 * the appends drawn on the canvas; the graph div's `folioAppended` holds the points drawn there
 * (trace index → x, y), for tests.
 */
import type { PlotlyElement } from "plotly.js-basic-dist-min";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TraceExtension } from "~/lib/panels/line-traces";
import { fitCanvas } from "./line-canvas";
import { drawOverlay, fitsAxes, type GraphDiv, type OverlayLine } from "./live-overlay";
import { loadPlotly } from "~/lib/load-plotly";

/** A figure: traces and layout as plotly takes them. */
export interface Figure {
  data: unknown[];
  layout: Record<string, unknown>;
}

/** What the panel can ask of a drawn figure. */
export interface FigureHandle {
  download(format: "svg" | "png", fileName: string): Promise<void>;
  resize(): void;
}

/** Props of `PlotlyFigure`. */
export interface PlotlyFigureProps {
  figure: Figure;
  /** Keeps the reader's zoom across redraws while it stays the same. */
  uirevision: string;
  /** A drag-zoom on x (`null`: reset). */
  onZoom?: (range: [number, number] | null) => void;
  /** plotly_selected etc., for brushing. */
  onEvent?: (name: string, event: unknown) => void;
  /** Receives the handle once drawn (downloads, resize). */
  handle?: (handle: FigureHandle | null) => void;
  /** Called after every draw (tests and the bench wait on `data-drawn`). */
  onDrawn?: () => void;
  /** Points appended to traces since `figure` (see the module comment). */
  extension?: readonly TraceExtension[];
}

const NO_EXTENSION: readonly TraceExtension[] = [];

/** `figure`'s traces with `extension` merged in. */
export function mergedData(figure: Figure, extension: readonly TraceExtension[]): unknown[] {
  if (!extension.length) return figure.data;
  const data = figure.data.slice();
  for (const e of extension) {
    const t = data[e.trace] as { x?: unknown[]; y?: unknown[] } | undefined;
    if (t) data[e.trace] = { ...t, x: [...(t.x ?? []), ...e.x], y: [...(t.y ?? []), ...e.y] };
  }
  return data;
}

/** Hands the browser `url` (an exported image) to save as `fileName`. */
export function saveUrl(url: string, fileName: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}

export const CONFIG = { displayModeBar: false, responsive: true, displaylogo: false, doubleClick: "reset", scrollZoom: false };

/** Draws `figure` and keeps it drawn; see the module comment. */
export function PlotlyFigure({ figure, uirevision, onZoom, onEvent, handle, onDrawn, extension = NO_EXTENSION }: PlotlyFigureProps) {
  const ref = useRef<HTMLDivElement>(null);
  /** The live-append canvas, only while it shows something (an idle layer still costs every frame). */
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draws, setDraws] = useState(0);
  const callbacks = useRef({ onZoom, onEvent, onDrawn });
  useEffect(() => {
    callbacks.current = { onZoom, onEvent, onDrawn };
  });
  const bound = useRef<PlotlyElement | null>(null);
  const current = useRef({ figure, uirevision, extension });
  current.current = { figure, uirevision, extension };
  /** Per trace: extension points plotly has drawn (merged into its last draw). */
  const inPlot = useRef(new Map<number, number>());
  /** Per trace: extension points drawn so far, by plotly or on the canvas. */
  const drawn = useRef(new Map<number, number>());
  /** Appends drawn on the canvas. */
  const appends = useRef(0);
  /** The plotly draw in flight, so effects and events do not race it. */
  const drawing = useRef<Promise<void> | null>(null);

  /** The extension's lines from `counts` on. */
  const overlayLines = useCallback((counts: Map<number, number>): OverlayLine[] => {
    const { figure: f, extension: ext } = current.current;
    return ext.map((e) => {
      const t = f.data[e.trace] as { x?: number[]; y?: Array<number | null> } | undefined;
      const n = t?.x?.length ?? 0;
      const start: [number, number | null] | null = n > 0 ? [t!.x![n - 1], t!.y?.[n - 1] ?? null] : null;
      return { trace: e.trace, x: e.x, y: e.y, from: counts.get(e.trace) ?? 0, start };
    });
  }, []);

  /** Counts the appends on the figure, and lets tests read what the canvas shows (see the module comment). */
  const publish = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    if (!("folioAppended" in el)) {
      // A getter: computed when a test reads it, never on a live tick.
      Object.defineProperty(el, "folioAppended", {
        get: () => {
          const out: Record<number, { x: number[]; y: Array<number | null> }> = {};
          for (const e of current.current.extension) {
            const from = inPlot.current.get(e.trace) ?? 0;
            const to = drawn.current.get(e.trace) ?? 0;
            if (to > from) out[e.trace] = { x: e.x.slice(from, to), y: e.y.slice(from, to) };
          }
          return out;
        },
      });
    }
    el.parentElement?.setAttribute("data-appended", String(appends.current));
  }, []);

  /** Repaints the canvas with every extension point plotly has not drawn (after plotly moved the axes). */
  const repaint = useCallback(() => {
    const el = ref.current;
    const c = canvas.current;
    if (!el || !c) return;
    fitCanvas(c, el.clientWidth, el.clientHeight);
    drawOverlay(c, el as unknown as GraphDiv, overlayLines(inPlot.current));
  }, [overlayLines]);

  /** Draws the extension points not drawn yet: on the canvas when they fit the axes, else through plotly. */
  const appendNew = useRef(() => {});
  appendNew.current = () => {
    const el = ref.current;
    if (!el || drawing.current || !bound.current) return;
    const lines = overlayLines(drawn.current).filter((l) => l.from < l.x.length);
    if (!lines.length) return;
    let c = canvas.current;
    if (!c) {
      c = canvas.current = document.createElement("canvas");
      c.className = "panel-live-overlay";
      c.setAttribute("aria-hidden", "true");
      fitCanvas(c, el.clientWidth, el.clientHeight);
      el.after(c);
    }
    if (!fitsAxes(el as unknown as GraphDiv, lines) || !drawOverlay(c, el as unknown as GraphDiv, lines)) {
      void plot();
      return;
    }
    for (const l of lines) drawn.current.set(l.trace, l.x.length);
    appends.current++;
    publish();
  };

  /** Plotly draws the figure with the extension merged in. */
  const plot = useCallback((): Promise<void> => {
    const el = ref.current;
    if (!el) return Promise.resolve();
    const { figure: f, uirevision: rev, extension: ext } = current.current;
    const run = (async () => {
      const Plotly = await loadPlotly();
      const plotted = await Plotly.react(el, mergedData(f, ext), { ...f.layout, uirevision: rev, autosize: true }, CONFIG);
      if (current.current.figure !== f) return;
      inPlot.current = new Map(ext.map((e) => [e.trace, e.x.length]));
      drawn.current = new Map(inPlot.current);
      canvas.current?.remove();
      canvas.current = null;
      publish();
      setError(null);
      setDraws((n) => n + 1);
      callbacks.current.onDrawn?.();
      if (bound.current !== plotted) {
        bound.current = plotted;
        plotted.on("plotly_relayout", (event) => {
          if (!drawing.current) repaint();
          if (event["xaxis.autorange"] === true) return callbacks.current.onZoom?.(null);
          const lo = event["xaxis.range[0]"];
          const hi = event["xaxis.range[1]"];
          if (typeof lo === "number" && typeof hi === "number") callbacks.current.onZoom?.([lo, hi]);
        });
        // A legend click (restyle) or plotly's own redraw (resize): the canvas follows.
        plotted.on("plotly_restyle", () => !drawing.current && repaint());
        plotted.on("plotly_afterplot", () => !drawing.current && repaint());
        plotted.on("plotly_selected", (event) => callbacks.current.onEvent?.("selected", event));
      }
    })().catch((e: unknown) => {
      if (current.current.figure !== f) return;
      console.error("[folio] panel failed to draw", e);
      setError(e instanceof Error ? e.message : String(e));
    });
    const settled = run.finally(() => {
      if (drawing.current !== settled) return;
      drawing.current = null;
      appendNew.current(); // points that arrived while plotly drew
    });
    drawing.current = settled;
    return settled;
  }, [publish, repaint]);

  /** Plotly redraws only when it lacks appended points (hover and downloads need plotly's drawing). */
  const flush = useCallback(async () => {
    const pending = () => current.current.extension.some((e) => (inPlot.current.get(e.trace) ?? 0) < e.x.length);
    if (pending() || drawing.current) await (drawing.current ?? plot());
    if (pending()) await plot(); // points that arrived while plotly drew
  }, [plot]);

  useEffect(() => {
    void plot();
  }, [figure, uirevision, plot]);

  // New appended points: on the canvas while they fit the drawn axes, else plotly redraws.
  useEffect(() => {
    if (extension !== NO_EXTENSION) appendNew.current();
  }, [extension]);

  useEffect(() => {
    if (!handle) return;
    handle({
      async download(format, fileName) {
        const el = ref.current;
        if (!el) return;
        await flush();
        const Plotly = await loadPlotly();
        const url = await Plotly.toImage(el, { format, width: el.clientWidth || 800, height: el.clientHeight || 400, scale: format === "png" ? 2 : 1 });
        saveUrl(url, `${fileName}.${format}`);
      },
      resize() {
        const el = ref.current;
        if (el && bound.current) void loadPlotly().then((Plotly) => Plotly.Plots.resize(el));
      },
    });
    return () => handle(null);
  }, [handle, flush]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el), () => undefined);
    };
  }, []);

  return (
    <div className="panel-figure" data-drawn={draws} onPointerEnter={() => void flush()}>
      <div ref={ref} className="panel-plot" />
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}
