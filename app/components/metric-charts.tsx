/**
 * The run page's chart set: a chart per logged metric, in sections by key prefix (`val/loss` goes
 * under "val"), with a filter box and an x-axis selector. The set fetches the data of all its
 * visible charts together (one `POST /api/v1/metrics/query` per 500 keys, with a point budget of
 * about one chart's width in pixels) and refetches through a throttle when `refreshKey` changes,
 * which the route derives from the live feed: however fast the run logs, the set asks at most once
 * a second, with never two requests in flight. A chart the user zoomed fetches its own range.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ChartIcon } from "./icons";
import { EmptyState } from "./empty-state";
import { MetricChart, type SeriesState } from "./metric-chart";
import { chartSetRequests, metricSections, pointBudget, X_AXES, X_AXIS_LABELS, type ApiSeries, type XAxis } from "~/lib/metric-series";
import { fetchMetrics } from "~/lib/metrics-client";
import { createThrottle, type Throttle } from "~/lib/throttle";

/** Props of `MetricCharts`. */
export interface MetricChartsProps {
  runId: string;
  /** Every metric key the run has logged. */
  keys: string[];
  /** Changes whenever the run's points may have changed (then the charts refetch, throttled). */
  refreshKey: string;
}

const MIN_CHART_WIDTH = 340;
const GAP = 12;
const REFRESH_INTERVAL_MS = 1000;
const LOADING: SeriesState = { status: "loading" };

/** The width of one column of the chart grid (`repeat(auto-fill, minmax(340px, 1fr))`). */
function columnWidth(gridWidth: number): number {
  const cols = Math.max(1, Math.floor((gridWidth + GAP) / (MIN_CHART_WIDTH + GAP)));
  return (gridWidth - GAP * (cols - 1)) / cols;
}

interface SetData {
  x: XAxis;
  points: number;
  /** The series of every key the last query asked about (undefined: asked, none logged). */
  byKey: Map<string, ApiSeries | undefined>;
}

/** The chart set; see the module comment. */
export function MetricCharts({ runId, keys, refreshKey }: MetricChartsProps) {
  const [filter, setFilter] = useState("");
  const [x, setX] = useState<XAxis>("step");
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [points, setPoints] = useState<number | null>(null);
  const [data, setData] = useState<SetData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const sections = useMemo(() => metricSections(keys, filter), [keys, filter]);
  const visibleKeys = useMemo(() => sections.filter((s) => !collapsed.has(s.name)).flatMap((s) => s.keys), [sections, collapsed]);

  // The point budget follows the grid's width.
  const gridRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = gridRef.current;
    if (!el) return;
    const measure = () => setPoints(pointBudget(columnWidth(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [keys.length > 0]);

  // What the next fetch asks for: read when it starts, so a queued fetch uses the newest values.
  const wanted = useRef({ runId, keys: visibleKeys, x, points });
  useEffect(() => {
    wanted.current = { runId, keys: visibleKeys, x, points };
  });

  const throttle = useRef<Throttle | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => {
    const t = createThrottle(async () => {
      const w = wanted.current;
      if (w.points === null || w.keys.length === 0) return;
      const controller = new AbortController();
      abort.current = controller;
      try {
        const answers = await Promise.all(chartSetRequests(w.runId, w.keys, w.x, w.points).map((req) => fetchMetrics(req, controller.signal)));
        // Replace, not merge: keys outside this query (filtered out, collapsed) would be stale.
        const byKey = new Map<string, ApiSeries | undefined>(w.keys.map((k) => [k, undefined]));
        for (const answer of answers) for (const s of answer.series) byKey.set(s.key, s);
        setData({ x: w.x, points: w.points, byKey });
        setError(null);
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(e instanceof Error ? e.message : String(e));
      }
    }, REFRESH_INTERVAL_MS);
    throttle.current = t;
    return () => {
      t.cancel();
      abort.current?.abort();
    };
  }, []);
  const refetch = useCallback(() => throttle.current?.request(), []);

  // Fetch when a shown chart has no data for the current axis and width (narrowing the filter
  // needs no request), and whenever the feed says the run logged.
  const current = data && data.x === x && data.points === points ? data : null;
  const needsFetch = points !== null && visibleKeys.some((k) => !current?.byKey.has(k));
  const shownSignature = `${x}|${points}|${visibleKeys.join("\n")}`;
  useEffect(() => {
    if (needsFetch) refetch();
  }, [shownSignature, needsFetch, refetch]);
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) refetch();
    mounted.current = true;
  }, [refreshKey, refetch]);

  // One state object per key and answer, so a chart redraws only when its own data changes.
  const states = useMemo(() => {
    const out = new Map<string, SeriesState>();
    if (current) for (const [key, series] of current.byKey) out.set(key, { status: "ready", series });
    return out;
  }, [current]);
  const errorState = useMemo<SeriesState | null>(() => (error ? { status: "error", message: error } : null), [error]);
  const stateOf = (key: string): SeriesState => states.get(key) ?? errorState ?? LOADING;

  if (keys.length === 0) {
    return (
      <section className="card" data-testid="metric-charts">
        <h2 className="card-title">Charts</h2>
        <EmptyState title="No metrics logged yet" icon={<ChartIcon size={18} />}>
          A chart appears here for every metric as soon as the run logs its first points.
        </EmptyState>
      </section>
    );
  }

  return (
    <section className="card chart-set" data-testid="metric-charts">
      <div className="chart-toolbar">
        <h2 className="card-title">Charts <span className="muted small">{keys.length}</span></h2>
        <span className="search chart-filter">
          <input
            type="search"
            placeholder="Filter metrics"
            aria-label="Filter metrics"
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
          />
        </span>
        <label className="chart-x">
          <span className="muted small">x-axis</span>
          <select value={x} onChange={(e) => setX(e.currentTarget.value as XAxis)} aria-label="x-axis">
            {X_AXES.map((a) => <option key={a} value={a}>{X_AXIS_LABELS[a]}</option>)}
          </select>
        </label>
      </div>
      {error && data ? (
        <p className="form-error small" role="status">
          Couldn't refresh the charts: {error}{" "}
          <button type="button" className="btn btn-quiet btn-small" onClick={refetch}>Retry</button>
        </p>
      ) : null}
      <div ref={gridRef} className="chart-sections">
        {sections.length === 0 ? <p className="muted">No metric matches “{filter}”.</p> : null}
        {sections.map((section) => (
          <details
            key={section.name}
            className="chart-section"
            open={!collapsed.has(section.name)}
            onToggle={(e) => {
              const open = e.currentTarget.open;
              setCollapsed((prev) => {
                if (open === !prev.has(section.name)) return prev;
                const next = new Set(prev);
                if (open) next.delete(section.name);
                else next.add(section.name);
                return next;
              });
            }}
          >
            <summary className="chart-section-head">
              <span>{section.name}</span> <span className="muted small">{section.keys.length}</span>
            </summary>
            {!collapsed.has(section.name) ? (
              <div className="chart-grid">
                {section.keys.map((key) => (
                  <MetricChart key={key} runId={runId} metricKey={key} x={x} points={points ?? 640} base={stateOf(key)} onRetry={refetch} />
                ))}
              </div>
            ) : null}
          </details>
        ))}
      </div>
    </section>
  );
}
