/**
 * The metrics query engine behind `POST /api/v1/metrics/query` (docs/metrics-query.md): series of
 * many runs downsampled on the server with M4, or aggregated across the runs of groups, over a
 * shared x-bucket grid. The design and its numbers are in docs/decisions/006-metrics-downsampling.md.
 * `until` (a frozen run set, docs/decisions/011-panel-data.md) reaches the SQL as each series'
 * `maxStep` (seriesSql.ts), so every path below honours it without a branch of its own.
 */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import type { User } from "../services/accounts";
import type { LoadedRun } from "../services/runs";
import { invalidInput, parseInput } from "../services/ServiceError";
import { bucketGrid, type BucketGrid } from "./BucketGrid";
import { encodeValue, type EncodedValue } from "./encodeValue";
import { aggregateGroups } from "./aggregateGroups";
import { downsampleSeries } from "./downsampleSeries";
import { loadRuns } from "./loadRuns";
import type { SeriesPoint } from "./m4";
import { MetricsQueryInput, type MetricsQuery, type XAxis } from "./MetricsQueryInput";
import { resolveSeries, type SeriesRef } from "./resolveSeries";
import { fullRange, withSeries, type GroupRow, type SeriesRow } from "./seriesSql";

/** Most series one query may read (runs × keys). */
export const MAX_SERIES = 2000;

/** Resolves a run query to runs: server/query/findRuns.ts, injected by the route (metricsRoutes.ts). */
export type FindRuns = (db: Db, user: User, query: unknown) => Promise<{ runs: LoadedRun[] }>;

/** One run's metric, downsampled (or exact). */
export interface SeriesView {
  run: string;
  key: string;
  /** True when every point in the x-range is returned. */
  exact: boolean;
  /** Points in the x-range on the server (≥ the number returned). */
  pointCount: number;
  step: number[];
  /** Left out on the step axis when the query says `omitStepX` (it equals `step`). */
  x?: number[];
  y: EncodedValue[];
}

/** One group's metric: per bucket, aggregates across its runs of each run's mean in the bucket. */
export interface GroupView {
  group: string;
  key: string;
  /** Each bucket's lower bound. */
  x: number[];
  mean: EncodedValue[];
  median: EncodedValue[];
  min: EncodedValue[];
  max: EncodedValue[];
  std: Array<EncodedValue | null>;
  stderr: Array<EncodedValue | null>;
  n: number[];
}

/** The response body. */
export interface MetricsResult {
  x: XAxis;
  /** The x-range the data covers (the request's, or the data's extent); null when there is no data. */
  xRange: [number, number] | null;
  /** The buckets: `[origin + b·width, origin + (b+1)·width)`, b < count; the last is closed. */
  grid: { origin: number; width: number; count: number } | null;
  series?: SeriesView[];
  groups?: GroupView[];
}

/** Runs a metrics query for `user` (deny by default: any unreadable run is a 404). */
export async function queryMetrics(
  db: Db, user: User, input: unknown, deps: { findRuns?: FindRuns; dbKind?: "postgres" | "pglite" } = {},
): Promise<MetricsResult> {
  const q = parseInput(MetricsQueryInput, input);
  const runList = await selectRuns(db, user, q, deps);
  const series = await resolveSeries(db, runList, q.keys ? { names: q.keys } : { regex: q.keysRegex! }, q.x, deps.dbKind, q.until);
  const rowsOf = (tag: (s: SeriesRef, i: number) => number[]) =>
    series.flatMap((s, i) => tag(s, i).map((t) => ({ tag: t, runSeq: s.run.row.seq, keyId: s.keyId, xKeyId: s.xKeyId, t0: s.t0, maxStep: s.maxStep })));

  if (!q.groupBy) {
    if (series.length > MAX_SERIES) throw invalidInput("keys", `selects ${series.length} series; at most ${MAX_SERIES} per query`);
    const sRows = rowsOf((_, i) => [i]);
    const range = await xRange(db, q, sRows);
    const withX = !(q.omitStepX && q.x === "step");
    if (!range) return { x: q.x, xRange: null, grid: null, series: series.map((s) => view(s, [], 0, true, withX)) };
    // Buckets of at least half a rollup bucket are widened to whole rollup buckets and read from
    // rollups (decision 015): at most half the asked-for buckets are given up, for 1/64 of the rows.
    const grid = bucketGrid(range[0], range[1], Math.floor(q.points / 4), q.x === "step", 0.5);
    const found = await downsampleSeries(db, q, sRows, grid);
    return { x: q.x, xRange: range, grid: gridView(grid), series: series.map((s, i) => view(s, found.points.get(i) ?? [], found.counts.get(i) ?? 0, found.exact.has(i), withX)) };
  }

  const groups = q.groupBy.groups;
  const keyNames = [...new Set(series.map((s) => s.keyName))].sort();
  const keyIndex = new Map(keyNames.map((k, i) => [k, i]));
  const tagOf = (g: number, key: string) => g * keyNames.length + keyIndex.get(key)!;
  const sRows = rowsOf((s) => groups.flatMap((g, gi) => (g.runs.includes(s.run.row.id) ? [tagOf(gi, s.keyName)] : [])));
  if (sRows.length > MAX_SERIES * 5) throw invalidInput("groupBy", `reads ${sRows.length} series; at most ${MAX_SERIES * 5} per query`);
  const range = await xRange(db, q, sRows);
  // Group buckets hold means, not shapes: any bucket of at least one rollup bucket may use rollups.
  const grid = range ? bucketGrid(range[0], range[1], q.points, q.x === "step", 1) : null;
  const found = grid ? await aggregateGroups(db, q, sRows, grid) : [];
  const byTag = new Map<number, GroupRow[]>();
  for (const r of found) {
    const list = byTag.get(r.tag) ?? [];
    list.push(r);
    byTag.set(r.tag, list);
  }
  const out: GroupView[] = [];
  groups.forEach((g, gi) => {
    for (const key of keyNames) {
      const tag = tagOf(gi, key);
      if (!sRows.some((r) => r.tag === tag)) continue;
      const rs = byTag.get(tag) ?? [];
      const opt = (v: number | null) => (v === null ? null : encodeValue(Number(v)));
      out.push({
        group: g.name, key, x: rs.map((r) => grid!.origin + Number(r.b) * grid!.width),
        mean: rs.map((r) => encodeValue(Number(r.mean))), median: rs.map((r) => encodeValue(Number(r.median))),
        min: rs.map((r) => encodeValue(Number(r.min))), max: rs.map((r) => encodeValue(Number(r.max))),
        std: rs.map((r) => opt(r.std)), stderr: rs.map((r) => opt(r.stderr)), n: rs.map((r) => Number(r.n)),
      });
    }
  });
  return { x: q.x, xRange: range, grid: grid ? gridView(grid) : null, groups: out };
}

async function selectRuns(db: Db, user: User, q: MetricsQuery, deps: { findRuns?: FindRuns }): Promise<LoadedRun[]> {
  if (q.groupBy) return loadRuns(db, user, q.groupBy.groups.flatMap((g) => g.runs));
  if (q.runs) return loadRuns(db, user, q.runs);
  if (!deps.findRuns) throw invalidInput("runQuery", "run queries are not available on this server yet; list `runs`");
  return (await deps.findRuns(db, user, q.runQuery)).runs;
}

/** The request's x-range (whole steps on the step axis), or the extent of the data. */
async function xRange(db: Db, q: MetricsQuery, sRows: SeriesRow[]): Promise<[number, number] | null> {
  if (sRows.length === 0) return null;
  if (q.xRange) {
    const [lo, hi] = q.x === "step" ? [Math.ceil(q.xRange[0]), Math.floor(q.xRange[1])] : q.xRange;
    return lo <= hi ? [lo, hi] : null;
  }
  const [r] = await rows<{ lo: number | null; hi: number | null }>(db, withFrom(sRows, fullRange(q.x)));
  return r && r.lo !== null && r.hi !== null ? [Number(r.lo), Number(r.hi)] : null;
}

const withFrom = (sRows: SeriesRow[], query: SQL): SQL => sql`${withSeries(sRows)} ${query}`;

const gridView = (g: BucketGrid) => ({ origin: g.origin, width: g.width, count: g.count });

function view(s: SeriesRef, pts: SeriesPoint[], pointCount: number, exact: boolean, withX: boolean): SeriesView {
  const step = pts.map((p) => p.step);
  const y = pts.map((p) => encodeValue(p.y));
  return withX ? { run: s.run.row.id, key: s.keyName, exact, pointCount, step, x: pts.map((p) => p.x), y } : { run: s.run.row.id, key: s.keyName, exact, pointCount, step, y };
}
