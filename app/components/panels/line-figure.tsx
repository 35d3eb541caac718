/**
 * A line panel's figure (decision 018). Drawn on a canvas by Folio's own renderer (line-scene.ts,
 * line-canvas.ts): twenty lines of a thousand points cost a few milliseconds there against ~60–90 ms
 * as a plotly SVG figure, and plotly's megabyte of JavaScript is not needed to show a report. The
 * legend is HTML text beside the canvas; a click hides or shows its lines.
 *
 * Plotly takes over a figure when the reader's pointer enters it (hover labels, drag-zoom,
 * double-click reset are plotly's): it draws underneath with the same data, the same hidden legend
 * entries and the same axes rules, and replaces the canvas once it has drawn. Downloads go through
 * plotly (`toImage` of the same figure), so SVG and PNG exports look the same either way. A figure
 * whose axes the canvas does not draw (a date axis: wall time) is plotly's from the start.
 *
 * Live appends (`extension`): new points are stroked onto the drawn canvas while they fit its
 * axes; one that does not makes the canvas draw again with new ranges. `data-drawn` counts full
 * draws, `data-appended` appends; the canvas's `folioTraces` lists what it shows, `folioAxes` its
 * axes' ranges and `folioPixels(x, y, w, h)` its pixels, for tests (each a promise where the worker
 * draws).
 *
 * Where the page has a figure worker (`figureLive`, figure-worker.ts), the canvas is handed to it
 * and the worker draws: the figure and legend state are posted, appends as the new points only.
 * When the panel's live ticks can be appended there (`liveSpec`), the worker appends them by
 * itself, from the live feed it holds, and the page does not (use-panel-data's `workerLive`): the
 * page's main thread then does nothing per live tick for this figure. Plotly taking over asks the
 * worker for the points it appended and folds them back into the panel's data first. A figure the
 * worker cannot draw (or one whose worker could not start) is drawn by the page on a new canvas; a
 * draw that throws here reaches the panel's error boundary (panel-error-boundary.tsx).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TraceExtension } from "../../lib/panels/line-traces";
import type { PanelFigure } from "../../lib/panels/figure";
import { canDrawOnCanvas, legendOf, lineScene, type LineScene } from "../../lib/panels/line-scene";
import { loadPlotly } from "../../lib/load-plotly";
import { appendToScene, canvasPixels, dashPattern, DEFAULT_CANVAS_STYLE, drawnTraces, drawScene, fitsScene, undrawnLines, type CanvasStyle } from "./line-canvas";
import type { WorkerLiveSpec, SeriesTail } from "../../lib/panels/line-live";
import type { FigureLive } from "./figure-worker-client";
import { CONFIG, mergedData, PlotlyFigure, saveUrl, type FigureHandle, type PlotlyFigureProps } from "./plotly-figure";

/** A line figure's props: plotly's, and the page's figure worker with this panel's live spec. */
export interface LineFigureProps extends PlotlyFigureProps {
  figureLive?: FigureLive | null;
  /** What the worker needs to append the live ticks itself (null: the page appends them). */
  liveSpec?: WorkerLiveSpec | null;
}

const NO_EXTENSION: readonly TraceExtension[] = [];

/** The figure with the hidden legend groups marked as plotly marks them. */
function withHidden(figure: PlotlyFigureProps["figure"], hidden: ReadonlySet<string>): PlotlyFigureProps["figure"] {
  if (!hidden.size) return figure;
  return {
    ...figure,
    data: figure.data.map((t) => {
      const group = (t as { legendgroup?: unknown }).legendgroup;
      return typeof group === "string" && hidden.has(group) ? { ...(t as object), visible: "legendonly" } : t;
    }),
  };
}

/** The points after each trace's in `traces` (the worker's drawn traces), as an extension of `figure`. */
function workerExtension(figure: PlotlyFigureProps["figure"], traces: ReadonlyArray<{ x?: number[]; y?: Array<number | null> }>): TraceExtension[] {
  const out: TraceExtension[] = [];
  figure.data.forEach((t, i) => {
    const n = ((t as { x?: unknown[] }).x ?? []).length;
    const drawn = traces[i];
    if (drawn?.x && drawn.y && drawn.x.length > n) out.push({ trace: i, x: drawn.x.slice(n), y: drawn.y.slice(n) });
  });
  return out;
}

/**
 * A legend swatch's CSS background: the line's color in its dash pattern (plotly's, at 2 px), as a
 * repeating gradient. A plain element, not an SVG per entry: a report of 20 panels of 20 runs has
 * 400 of them, and SVG elements cost the page's layout and paint several times more.
 */
export function swatchBackground(color: string, dash: string): string {
  const c = /^#[0-9a-f]{3,8}$/i.test(color) || /^rgba?\([\d.,\s%]+\)$/i.test(color) ? color : "#888";
  const pattern = dashPattern(dash, 2);
  if (pattern.length < 2) return c;
  const stops: string[] = [];
  let at = 0;
  pattern.forEach((len, i) => {
    const paint = i % 2 === 0 ? c : "transparent";
    stops.push(`${paint} ${at}px ${at + len}px`);
    at += len;
  });
  return `repeating-linear-gradient(to right, ${stops.join(", ")})`;
}

/** A line panel's figure; see the module comment. */
export function LineFigure({ figureLive, liveSpec, ...props }: LineFigureProps) {
  const canvasable = useMemo(() => canDrawOnCanvas(props.figure as Parameters<typeof canDrawOnCanvas>[0]), [props.figure]);
  if (!canvasable) return <PlotlyFigure {...props} />;
  return <CanvasLineFigure {...props} figureLive={figureLive} liveSpec={liveSpec} />;
}

function CanvasLineFigure({ figure, uirevision, onZoom, onEvent, handle, onDrawn, extension = NO_EXTENSION, figureLive = null, liveSpec = null }: LineFigureProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const hiddenFor = useRef(uirevision);
  if (hiddenFor.current !== uirevision) {
    hiddenFor.current = uirevision;
    if (hidden.size) setHidden(new Set());
  }
  /** Plotly asked for (pointer entered), and plotly has drawn (the canvas goes). */
  const [plotly, setPlotly] = useState<"no" | "drawing" | "drawn">("no");
  /** A draw that threw outside React's effects (the ResizeObserver's): thrown here, for the panel's error boundary. */
  const [failure, setFailure] = useState<Error | null>(null);
  if (failure) throw failure;
  const plotlyHandle = useRef<FigureHandle | null>(null);

  const current = useRef({ figure, extension, hidden, plotly, figureLive, liveSpec });
  current.current = { figure, extension, hidden, plotly, figureLive, liveSpec };
  /**
   * The page's figure worker, fixed for the figure's life (its canvas is handed over once), unless
   * it fails to start: the figure then draws itself, on a new canvas (`canvasKey`).
   */
  const [worker, setWorker] = useState(() => (figureLive && !figureLive.worker.failed ? figureLive.worker : null));
  const [canvasKey, setCanvasKey] = useState(0);
  /** The figure's id in the worker (null until its canvas is handed over). */
  const workerId = useRef<number | null>(null);
  /** Per trace: extension points posted to the worker. */
  const posted = useRef(new Map<number, number>());
  /** The worker appends the live ticks of the figure last posted. */
  const owned = useRef(false);
  /** What the last figure message posted (the mount posts the first). */
  const postedFor = useRef<{ figure: unknown; specNull: boolean } | null>(null);
  const scene = useRef<LineScene | null>(null);
  /** Per trace: extension points drawn on the canvas. */
  const drawn = useRef(new Map<number, number>());
  const counts = useRef({ draws: 0, appends: 0 });
  const style = useRef<CanvasStyle | null>(null);
  const callbacks = useRef({ onDrawn });
  callbacks.current = { onDrawn };

  const publish = useCallback(() => {
    const el = box.current?.parentElement;
    if (!el) return;
    el.setAttribute("data-drawn", String(counts.current.draws));
    el.setAttribute("data-appended", String(counts.current.appends));
  }, []);

  /**
   * The box's size and font, read when its ResizeObserver reports (after layout, so reading them
   * costs nothing). Reading them on each draw instead forced a layout of the whole page per panel
   * while a report's panels drew one after another.
   */
  const size = useRef<{ width: number; height: number } | null>(null);

  /** Draws the whole figure, extension included, at the box's last observed size. */
  const draw = useCallback(() => {
    if (worker) return;
    const c = canvasRef.current;
    if (!c || !size.current || !style.current) return;
    const { width, height } = size.current;
    if (!width || !height) return;
    const { figure: f, extension: ext, hidden: h } = current.current;
    const extra = new Map(ext.map((e) => [e.trace, { x: e.x, y: e.y }]));
    const s = lineScene(f as Parameters<typeof lineScene>[0], width, height, h, extra);
    if (!drawScene(c, s, width, height, style.current)) return;
    scene.current = s;
    drawn.current = new Map(ext.map((e) => [e.trace, e.x.length]));
    counts.current.draws++;
    publish();
    callbacks.current.onDrawn?.();
  }, [publish, worker]);

  /** Posts the whole figure to the worker (and, when it can append them, its live ticks). */
  const postFigure = useCallback(() => {
    const id = workerId.current;
    if (!worker || id === null) return;
    const { figure: f, extension: ext, hidden: h, plotly: p, liveSpec: spec } = current.current;
    const live = p === "no" ? spec : null;
    postedFor.current = { figure: f, specNull: spec === null };
    worker.send({ type: "figure", id, figure: f as PanelFigure, hidden: [...h], extension: ext as TraceExtension[], live });
    posted.current = new Map(ext.map((e) => [e.trace, e.x.length]));
    owned.current = live !== null;
    current.current.figureLive?.owned(owned.current);
  }, [worker]);

  // The canvas handed to the worker, for as long as it is on the page.
  const canvasShown = plotly !== "drawn";
  useEffect(() => {
    const c = canvasRef.current;
    const b = box.current;
    if (!worker || !canvasShown || !c || !b) return;
    const st = { ...DEFAULT_CANVAS_STYLE, font: getComputedStyle(b).fontFamily || DEFAULT_CANVAS_STYLE.font };
    const id = worker.mount(c, st, {
      drawn: (r) => {
        counts.current = { draws: r.draws, appends: r.appends };
        publish();
        if (r.newDraws) callbacks.current.onDrawn?.();
      },
      refetch: () => current.current.figureLive?.refetch(),
      failed: () => {
        setWorker(null);
        setCanvasKey((k) => k + 1);
      },
    });
    workerId.current = id;
    postFigure();
    if (size.current) worker.send({ type: "size", id, ...size.current });
    return () => {
      worker.unmount(id);
      workerId.current = null;
      if (owned.current) current.current.figureLive?.owned(false);
      owned.current = false;
    };
  }, [worker, canvasShown, postFigure, publish]);

  // On screen or not: the worker appends only what a reader can see, and catches up when back.
  const visible = figureLive?.visible ?? true;
  useEffect(() => {
    if (worker && workerId.current !== null) worker.send({ type: "visible", id: workerId.current, visible });
  }, [worker, visible]);

  // The test hooks: what the canvas shows, as plotly's graph div would list it, and its axes.
  useEffect(() => {
    const c = canvasRef.current;
    if (!c || "folioTraces" in c) return;
    const id = () => workerId.current ?? -1;
    if (worker) {
      Object.defineProperty(c, "folioAxes", { get: () => worker.ask(id(), "axes") });
      Object.defineProperty(c, "folioTraces", { get: () => worker.ask(id(), "traces") });
      Object.defineProperty(c, "folioPixels", { value: (...rect: number[]) => worker.ask(id(), "pixels", rect.length === 4 ? (rect as [number, number, number, number]) : undefined) });
      return;
    }
    Object.defineProperty(c, "folioPixels", { value: (...rect: number[]) => canvasPixels(c, rect.length === 4 ? (rect as [number, number, number, number]) : undefined) });
    Object.defineProperty(c, "folioAxes", { get: () => (scene.current ? { x: scene.current.x.range, y: scene.current.y.range } : null) });
    Object.defineProperty(c, "folioTraces", {
      get: () => {
        const { figure: f, extension: ext } = current.current;
        return drawnTraces(f.data, (i) => ext.find((v) => v.trace === i), drawn.current);
      },
    });
  }, [worker]);

  // A new figure or legend state: draw it all.
  useEffect(() => {
    if (plotly !== "drawn") draw();
  }, [figure, hidden, draw, plotly]);

  // Where the worker draws: a new figure is posted whole; a legend change only says what is hidden.
  const specNull = liveSpec === null;
  useEffect(() => {
    const last = postedFor.current;
    if (last && last.figure === figure && last.specNull === specNull) return;
    if (current.current.plotly !== "drawn") postFigure();
  }, [figure, specNull, postFigure]);
  const hiddenPosted = useRef(hidden);
  useEffect(() => {
    if (!worker || workerId.current === null || hiddenPosted.current === hidden) return;
    hiddenPosted.current = hidden;
    worker.send({ type: "hidden", id: workerId.current, hidden: [...hidden] });
  }, [worker, hidden]);

  // New appended points: stroked on the canvas while they fit its axes, else drawn again.
  useEffect(() => {
    if (worker) {
      // The worker appends by itself while it owns the live ticks; otherwise the new points go to it.
      const id = workerId.current;
      if (id === null || owned.current || extension === NO_EXTENSION) return;
      const delta: TraceExtension[] = [];
      for (const e of extension) {
        const sent = posted.current.get(e.trace) ?? 0;
        if (e.x.length < sent) return postFigure();
        if (e.x.length > sent) delta.push({ trace: e.trace, x: e.x.slice(sent), y: e.y.slice(sent) });
        posted.current.set(e.trace, e.x.length);
      }
      if (delta.length) worker.send({ type: "extend", id, extension: delta });
      return;
    }
    const c = canvasRef.current;
    const s = scene.current;
    if (!c || !s || extension === NO_EXTENSION) return;
    const lines = undrawnLines(figure.data, extension, drawn.current);
    if (!lines.length) return;
    if (!fitsScene(s, lines) || !appendToScene(c, s, lines)) {
      draw();
      return;
    }
    for (const l of lines) drawn.current.set(l.trace, l.x.length);
    counts.current.appends++;
    publish();
  }, [extension, figure, draw, publish, worker, postFigure]);

  // The canvas follows its box (first laid out, panel resized, window resized).
  useEffect(() => {
    const b = box.current;
    if (!b) return;
    const measure = () => {
      const next = { width: b.clientWidth, height: b.clientHeight };
      if (!style.current) style.current = { ...DEFAULT_CANVAS_STYLE, font: getComputedStyle(b).fontFamily || DEFAULT_CANVAS_STYLE.font };
      if (size.current && size.current.width === next.width && size.current.height === next.height) return;
      size.current = next;
      if (worker) {
        if (workerId.current !== null) worker.send({ type: "size", id: workerId.current, ...next });
      } else if (current.current.plotly !== "drawn") {
        try {
          draw();
        } catch (error) {
          setFailure(error instanceof Error ? error : new Error(String(error)));
        }
      }
    };
    if (typeof ResizeObserver === "undefined") {
      measure();
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(b);
    return () => observer.disconnect();
  }, [draw, worker]);

  useEffect(() => {
    if (!handle) return;
    handle({
      async download(format, fileName) {
        if (plotlyHandle.current) return plotlyHandle.current.download(format, fileName);
        const b = box.current?.parentElement;
        const { figure: f, hidden: h } = current.current;
        let ext = current.current.extension;
        // The worker's own appends: the points it drew after the figure's.
        if (worker && owned.current && workerId.current !== null) ext = workerExtension(f, (await worker.ask(workerId.current, "traces")) as Array<{ x?: number[]; y?: Array<number | null> }>);
        const shown = withHidden(f, h);
        const width = b?.clientWidth || 800;
        const height = b?.clientHeight || 400;
        const Plotly = await loadPlotly();
        const url = await Plotly.toImage(
          { data: mergedData(shown, ext), layout: { ...shown.layout, width, height, autosize: false }, config: { ...CONFIG, responsive: false } },
          { format, width, height, scale: format === "png" ? 2 : 1 },
        );
        saveUrl(url, `${fileName}.${format}`);
      },
      resize() {
        // The canvas's box has its own ResizeObserver (above).
        plotlyHandle.current?.resize();
      },
    });
    return () => handle(null);
  }, [handle, draw]);

  const legend = useMemo(() => legendOf(figure as Parameters<typeof legendOf>[0]), [figure]);

  const toggle = useCallback((group: string) => {
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(group)) next.add(group);
      return next;
    });
  }, []);
  // The same elements while the legend and its state stay: a live append re-renders this figure, not its legend.
  const legendList = useMemo(
    () =>
      legend.length ? (
        <ul className="panel-legend" aria-label="Legend">
          {legend.map((l) => (
            <li key={l.legendGroup}>
              <button type="button" className="panel-legend-item" aria-pressed={!hidden.has(l.legendGroup)} onClick={() => toggle(l.legendGroup)} title={hidden.has(l.legendGroup) ? "Show" : "Hide"}>
                <span className="panel-legend-swatch" aria-hidden="true" style={{ background: swatchBackground(l.color, l.dash) }} />
                <span>{l.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null,
    [legend, hidden, toggle],
  );

  const releasing = useRef(false);
  const takeOver = () => {
    if (plotly !== "no" || releasing.current) return;
    const id = workerId.current;
    if (!worker || id === null || !owned.current) {
      setPlotly("drawing");
      return;
    }
    // The points the worker appended go back into the panel's data before plotly draws it.
    releasing.current = true;
    void worker.ask(id, "tail").then((added) => {
      releasing.current = false;
      worker.send({ type: "live", id, spec: null });
      owned.current = false;
      const live = current.current.figureLive;
      live?.fold((added ?? {}) as Record<string, SeriesTail>);
      live?.owned(false);
      setPlotly("drawing");
    });
  };

  const plotlyFigure = useMemo(() => withHidden(figure, hidden), [figure, hidden]);
  const setPlotlyHandle = useCallback((h: FigureHandle | null) => void (plotlyHandle.current = h), []);
  const plotlyDrawn = useCallback(() => {
    setPlotly("drawn");
    onDrawn?.();
  }, [onDrawn]);

  return (
    <div className="panel-line-figure" onPointerEnter={takeOver}>
      {plotly !== "drawn" ? (
        <div className="panel-figure panel-canvas-figure" data-renderer="canvas">
          <div ref={box} className="panel-canvas-box">
            <canvas key={canvasKey} ref={canvasRef} className="panel-canvas" role="img" aria-label={legend.length ? `Line plot: ${legend.map((l) => l.name).join(", ")}` : "Line plot"} />
          </div>
          {legendList}
        </div>
      ) : null}
      {plotly !== "no" ? (
        <div className={plotly === "drawn" ? "panel-plotly-layer" : "panel-plotly-layer is-pending"}>
          <PlotlyFigure figure={plotlyFigure} extension={extension} uirevision={uirevision} onZoom={onZoom} onEvent={onEvent} handle={setPlotlyHandle} onDrawn={plotlyDrawn} />
        </div>
      ) : null}
    </div>
  );
}
