/**
 * A plotly figure inside a report panel. Redraws go through `Plotly.react` with a constant
 * `uirevision`, so new data (a live tick, an edited config) never resets what the reader did: zoom,
 * pan and hidden legend entries stay. The zoom is reported to the panel (`onZoom`) so it can fetch
 * that x-range at full resolution; a double-click resets it.
 *
 * Titles, legend names and hover text arrive already escaped by the figure builders
 * (app/lib/panels/plotlyText): plotly renders a subset of HTML in them.
 */
import type { PlotlyElement } from "plotly.js-basic-dist-min";
import { useEffect, useRef, useState } from "react";
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
}

const CONFIG = { displayModeBar: false, responsive: true, displaylogo: false, doubleClick: "reset", scrollZoom: false };

/** Draws `figure` and keeps it drawn; see the module comment. */
export function PlotlyFigure({ figure, uirevision, onZoom, onEvent, handle, onDrawn }: PlotlyFigureProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [draws, setDraws] = useState(0);
  const callbacks = useRef({ onZoom, onEvent, onDrawn });
  useEffect(() => {
    callbacks.current = { onZoom, onEvent, onDrawn };
  });
  const bound = useRef<PlotlyElement | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    loadPlotly()
      .then((Plotly) => Plotly.react(el, figure.data, { ...figure.layout, uirevision, autosize: true }, CONFIG))
      .then((plotted) => {
        if (cancelled) return;
        setError(null);
        setDraws((n) => n + 1);
        callbacks.current.onDrawn?.();
        if (bound.current !== plotted) {
          bound.current = plotted;
          plotted.on("plotly_relayout", (event) => {
            if (event["xaxis.autorange"] === true) return callbacks.current.onZoom?.(null);
            const lo = event["xaxis.range[0]"];
            const hi = event["xaxis.range[1]"];
            if (typeof lo === "number" && typeof hi === "number") callbacks.current.onZoom?.([lo, hi]);
          });
          plotted.on("plotly_selected", (event) => callbacks.current.onEvent?.("selected", event));
        }
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        console.error("[folio] panel failed to draw", e);
        setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
  }, [figure, uirevision]);

  useEffect(() => {
    if (!handle) return;
    handle({
      async download(format, fileName) {
        const el = ref.current;
        if (!el) return;
        const Plotly = await loadPlotly();
        const url = await Plotly.toImage(el, { format, width: el.clientWidth || 800, height: el.clientHeight || 400, scale: format === "png" ? 2 : 1 });
        const a = document.createElement("a");
        a.href = url;
        a.download = `${fileName}.${format}`;
        document.body.append(a);
        a.click();
        a.remove();
      },
      resize() {
        const el = ref.current;
        if (el && bound.current) void loadPlotly().then((Plotly) => Plotly.Plots.resize(el));
      },
    });
    return () => handle(null);
  }, [handle]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el), () => undefined);
    };
  }, []);

  return (
    <div className="panel-figure" data-drawn={draws}>
      <div ref={ref} className="panel-plot" />
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}
