/**
 * What the run page's charts do with `POST /api/v1/metrics/query` answers (docs/metrics-query.md):
 * the request a chart set sends, the answer's shape, and the conversion of one series into the
 * arrays a line chart draws. Non-finite values arrive as the strings "NaN" / "±Infinity"; they
 * become `null`, which the chart draws as a gap (a line through them would invent data). Pure: no
 * DOM, no fetch, so it runs in unit tests and on either side.
 */

/** The x-axes a run page chart offers. */
export const X_AXES = ["step", "relativeTime", "wallTime"] as const;

/** One of `X_AXES`. */
export type XAxis = (typeof X_AXES)[number];

/** Labels for the x-axis selector and the axis title (constant strings, never user data). */
export const X_AXIS_LABELS: Record<XAxis, string> = { step: "Step", relativeTime: "Relative time (s)", wallTime: "Wall time" };

/** A y value as the API sends it. */
export type ApiValue = number | "NaN" | "Infinity" | "-Infinity";

/** One downsampled series of the answer. */
export interface ApiSeries {
  run: string;
  key: string;
  exact: boolean;
  pointCount: number;
  step: number[];
  x: number[];
  y: ApiValue[];
}

/** The (ungrouped) answer of the metrics query. */
export interface MetricsAnswer {
  x: string;
  xRange: [number, number] | null;
  series: ApiSeries[];
}

/** The request body a chart set sends. */
export interface MetricsRequest {
  runs: string[];
  keys: string[];
  x: XAxis;
  points: number;
  xRange?: [number, number];
}

/** The fewest points per series the API accepts. */
export const MIN_POINTS = 8;
/** The most points per series the API accepts. */
export const MAX_POINTS = 100_000;
/** The API answers at most 2,000 series a query; a chart set asks for fewer keys than that at once. */
export const KEYS_PER_QUERY = 500;

/**
 * The point budget for a chart `widthPx` wide: about one point per pixel (M4 keeps four per
 * bucket, so the line is exact at that width), rounded up to a multiple of 64 so that a resize by
 * a few pixels does not refetch.
 */
export function pointBudget(widthPx: number): number {
  const w = Number.isFinite(widthPx) && widthPx > 0 ? widthPx : 600;
  return Math.min(MAX_POINTS, Math.max(MIN_POINTS, Math.ceil(w / 64) * 64));
}

/** Splits `keys` into the requests of one chart set (one run, at most `KEYS_PER_QUERY` keys each). */
export function chartSetRequests(run: string, keys: string[], x: XAxis, points: number): MetricsRequest[] {
  const out: MetricsRequest[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) out.push({ runs: [run], keys: keys.slice(i, i + KEYS_PER_QUERY), x, points });
  return out;
}

/** What one chart draws: x and y (null = gap) in step order, with figures for tests and tooltips. */
export interface ChartTrace {
  x: number[];
  y: (number | null)[];
  steps: number[];
  /** Points drawn (finite y). */
  drawn: number;
  /** Points left as gaps (NaN, ±Infinity). */
  gaps: number;
  /** The highest step in the series, or null when it is empty. */
  lastStep: number | null;
  /** How many points the range holds on the server. */
  pointCount: number;
}

/** Decodes one API value: a finite number, or null for NaN / ±Infinity / anything unreadable. */
export function finiteOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * A series as a trace. Wall time comes in seconds since the epoch and goes out in milliseconds,
 * which a date axis reads as UTC.
 */
export function toChartTrace(series: ApiSeries | undefined, x: XAxis): ChartTrace {
  if (!series) return { x: [], y: [], steps: [], drawn: 0, gaps: 0, lastStep: null, pointCount: 0 };
  const scale = x === "wallTime" ? 1000 : 1;
  const ys = series.y.map(finiteOrNull);
  const drawn = ys.filter((v) => v !== null).length;
  let lastStep: number | null = null;
  for (const s of series.step) if (lastStep === null || s > lastStep) lastStep = s;
  return {
    x: series.x.map((v) => v * scale),
    y: ys,
    steps: series.step.slice(),
    drawn,
    gaps: ys.length - drawn,
    lastStep,
    pointCount: series.pointCount,
  };
}

/** A chart section: keys sharing a prefix before their last "/" (`val/loss` → `val`). */
export interface MetricSection {
  name: string;
  keys: string[];
}

/** The section title of keys without a prefix. */
export const DEFAULT_SECTION = "Charts";

/** The section a key belongs to. */
export function sectionOf(key: string): string {
  const slash = key.lastIndexOf("/");
  return slash > 0 ? key.slice(0, slash) : DEFAULT_SECTION;
}

/**
 * Whether `key` matches the filter box: every whitespace-separated word is a case-insensitive
 * substring of the key. (Not a regex: a typo must not throw or run away.)
 */
export function keyMatches(key: string, filter: string): boolean {
  const k = key.toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((w) => k.includes(w));
}

/** Keys that pass `filter`, grouped into sections: unprefixed keys first, then sections by name. */
export function metricSections(keys: string[], filter = ""): MetricSection[] {
  const bySection = new Map<string, string[]>();
  for (const key of [...keys].sort((a, b) => a.localeCompare(b))) {
    if (!keyMatches(key, filter)) continue;
    const name = sectionOf(key);
    const list = bySection.get(name);
    if (list) list.push(key);
    else bySection.set(name, [key]);
  }
  return [...bySection.entries()]
    .sort(([a], [b]) => (a === DEFAULT_SECTION ? -1 : b === DEFAULT_SECTION ? 1 : a.localeCompare(b)))
    .map(([name, ks]) => ({ name, keys: ks }));
}

/**
 * The x-range a plotly `plotly_relayout` event asks for: `[min, max]` after a drag-zoom, `"reset"`
 * after a double-click (autorange), null for events that do not touch the x-axis. A date axis
 * reports its range as "YYYY-MM-DD HH:MM:SS.sss" strings in UTC (we give it epoch milliseconds);
 * the API takes seconds.
 */
export function relayoutRange(event: Record<string, unknown>, x: XAxis): [number, number] | "reset" | null {
  if (event["xaxis.autorange"] === true) return "reset";
  const pair = Array.isArray(event["xaxis.range"]) ? (event["xaxis.range"] as unknown[]) : [event["xaxis.range[0]"], event["xaxis.range[1]"]];
  if (pair[0] === undefined || pair[1] === undefined) return null;
  const read = (v: unknown): number => {
    if (typeof v === "number") return x === "wallTime" ? v / 1000 : v;
    if (typeof v === "string") {
      if (x !== "wallTime") return Number(v);
      const iso = v.includes("T") ? v : v.replace(" ", "T");
      return Date.parse(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`) / 1000;
    }
    return Number.NaN;
  };
  const a = read(pair[0]);
  const b = read(pair[1]);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  return a <= b ? [a, b] : [b, a];
}
