/**
 * One metric's line chart on the run page. Its data comes from the chart set (`MetricCharts`: one
 * query for every chart, refreshed live) until the user drag-zooms: then the chart asks the API
 * for just that x-range, so zooming shows finer data, and a double-click returns to the set's data.
 *
 * The metric key is untrusted: it is rendered by React as text in the header and never handed to
 * plotly (whose titles and hover labels accept a subset of HTML). plotly itself is loaded lazily in
 * an effect, so the server renders the header and a skeleton only.
 */
import type { PlotlyElement } from "plotly.js-basic-dist-min";
import { memo, useEffect, useRef, useState } from "react";
import { loadPlotly } from "~/lib/load-plotly";
import { relayoutRange, toChartTrace, X_AXIS_LABELS, type ApiSeries, type ChartTrace, type XAxis } from "~/lib/metric-series";
import { fetchMetrics } from "~/lib/metrics-client";

/** Where a chart's data stands. */
export type SeriesState = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; series: ApiSeries | undefined };

/** Props of `MetricChart`. */
export interface MetricChartProps {
  runId: string;
  metricKey: string;
  x: XAxis;
  /** The point budget (≈ the chart's width in pixels). */
  points: number;
  /** The chart set's data for this key. */
  base: SeriesState;
  /** Asks the chart set to fetch again (after an error). */
  onRetry: () => void;
}

const HEIGHT = 220;
const LOADING: SeriesState = { status: "loading" };
const HOVER = { step: "step %{x}<br>%{y:.5g}<extra></extra>", relativeTime: "%{x:.1f} s<br>%{y:.5g}<extra></extra>", wallTime: "%{x}<br>%{y:.5g}<extra></extra>" } as const;

function layoutFor(x: XAxis, range: [number, number] | null): Record<string, unknown> {
  const shown = range && x === "wallTime" ? range.map((v) => v * 1000) : range;
  return {
    height: HEIGHT,
    autosize: true,
    margin: { l: 52, r: 12, t: 8, b: 36 },
    showlegend: false,
    dragmode: "zoom",
    hovermode: "closest",
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { size: 11, color: "#4f4f5a" },
    xaxis: {
      type: x === "wallTime" ? "date" : "linear",
      title: { text: X_AXIS_LABELS[x], standoff: 4, font: { size: 11 } },
      gridcolor: "#eeeef2",
      zeroline: false,
      ...(shown ? { range: shown, autorange: false } : { autorange: true }),
    },
    yaxis: { fixedrange: true, autorange: true, gridcolor: "#eeeef2", zeroline: false, exponentformat: "SI" },
  };
}

function traceFor(t: ChartTrace, x: XAxis): Record<string, unknown> {
  return {
    type: "scatter",
    mode: t.drawn <= 40 ? "lines+markers" : "lines",
    x: t.x,
    y: t.y,
    connectgaps: false,
    line: { width: 1.5, color: "#5b5bd6" },
    marker: { size: 4, color: "#5b5bd6" },
    hovertemplate: HOVER[x],
  };
}

/** A chart of one metric of one run; see the module comment. Memoised: a set of 100 charts
 * re-renders only the charts whose data changed. */
export const MetricChart = memo(function MetricChart({ runId, metricKey, x, points, base, onRetry }: MetricChartProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  // A zoom belongs to the x-axis it was made on: switching axes drops it.
  const [zoomOn, setZoomOn] = useState<{ x: XAxis; range: [number, number] } | null>(null);
  const zoom = zoomOn && zoomOn.x === x ? zoomOn.range : null;
  const [zoomed, setZoomed] = useState<SeriesState>(LOADING);
  // plotly's relayout handler is bound once per plot: it reads the current axis from here.
  const latest = useRef({ x });
  useEffect(() => {
    latest.current = { x };
  });
  const setZoom = (range: [number, number] | null) => {
    setZoomed(LOADING);
    setZoomOn(range ? { x: latest.current.x, range } : null);
  };
  const [zoomTry, setZoomTry] = useState(0);
  const [plotError, setPlotError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState<ChartTrace | null>(null);

  // plotly draws a chart only once it comes near the viewport: a run with hundreds of metrics
  // should not lay out hundreds of SVGs before the first one shows.
  const [nearView, setNearView] = useState(false);
  useEffect(() => {
    const el = figureRef.current;
    if (!el || nearView) return;
    if (typeof IntersectionObserver === "undefined") {
      setNearView(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNearView(true);
    }, { rootMargin: "300px 0px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, [nearView]);

  useEffect(() => {
    if (!zoom) return;
    const abort = new AbortController();
    setZoomed(LOADING);
    fetchMetrics({ runs: [runId], keys: [metricKey], x, points, xRange: zoom }, abort.signal).then(
      (answer) => setZoomed({ status: "ready", series: answer.series.find((s) => s.key === metricKey) }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setZoomed({ status: "error", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [zoom, zoomTry, runId, metricKey, x, points]);

  const state = zoom ? zoomed : base;
  const trace = state.status === "ready" ? toChartTrace(state.series, x) : null;
  const hasPoints = trace !== null && trace.x.length > 0;

  // Draw (or redraw) whenever the data to show changes.
  useEffect(() => {
    const el = plotRef.current;
    if (!el || !trace || !hasPoints || !nearView) return;
    let cancelled = false;
    loadPlotly()
      .then((Plotly) => Plotly.react(el, [traceFor(trace, x)], layoutFor(x, zoom), { displayModeBar: false, responsive: true, displaylogo: false, doubleClick: "reset" }))
      .then((plotted) => {
        if (cancelled) return;
        setPlotError(null);
        setDrawn(trace);
        bindZoom(plotted);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        console.error("[folio] chart failed to draw", error);
        setPlotError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
    };
    // `trace` is derived from `state`; redraw on the data itself, not on a new object per render.
  }, [state, x, zoomOn, hasPoints, nearView]);

  const bound = useRef<PlotlyElement | null>(null);
  function bindZoom(el: PlotlyElement) {
    if (bound.current === el) return;
    bound.current = el;
    el.on("plotly_relayout", (event) => {
      const range = relayoutRange(event, latest.current.x);
      if (range === "reset") setZoom(null);
      else if (range) setZoom(range);
    });
  }

  useEffect(() => {
    const el = plotRef.current;
    return () => {
      // Nothing to free when plotly never loaded, so a failed load is not an error here.
      if (el) void loadPlotly().then((Plotly) => Plotly.purge(el), () => undefined);
    };
  }, []);

  const status = state.status === "error" || plotError ? "error" : state.status === "loading" ? "loading" : hasPoints ? "ready" : "empty";
  // While a zoom loads, the previous drawing stays (no flash of skeleton on every drag).
  const showPlot = status === "ready" || (status === "loading" && zoom !== null && drawn !== null);
  return (
    <figure
      ref={figureRef}
      className={`metric-chart is-${status}`}
      data-testid="metric-chart"
      data-key={metricKey}
      data-state={status}
      data-point-count={drawn && status === "ready" ? drawn.drawn : 0}
      data-last-step={drawn && status === "ready" && drawn.lastStep !== null ? drawn.lastStep : ""}
      data-zoomed={zoom ? "true" : "false"}
    >
      <figcaption className="metric-chart-head">
        <span className="metric-chart-title" title={metricKey}>{metricKey}</span>
        {zoom ? (
          <button type="button" className="btn btn-quiet btn-small" onClick={() => setZoom(null)}>Reset zoom</button>
        ) : null}
      </figcaption>
      <div className="metric-chart-body" style={{ height: HEIGHT }}>
        <div ref={plotRef} className="metric-chart-plot" hidden={!showPlot} />
        {status === "loading" && !showPlot ? <div className="chart-skeleton" aria-label="Loading chart" /> : null}
        {status === "loading" && showPlot ? <span className="chart-busy muted small">Loading…</span> : null}
        {status === "empty" ? (
          <p className="chart-message muted">{zoom ? "No points in this range." : "No finite values to draw yet."}</p>
        ) : null}
        {status === "error" ? (
          <div className="chart-message" role="alert">
            <p className="form-error">{plotError ?? (state.status === "error" ? state.message : "")}</p>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setPlotError(null);
                if (zoom) setZoomTry((n) => n + 1);
                else onRetry();
              }}
            >
              Retry
            </button>
          </div>
        ) : null}
      </div>
      {trace && trace.gaps > 0 ? <p className="metric-chart-note muted small">{trace.gaps} NaN/Infinity values shown as gaps</p> : null}
    </figure>
  );
});
