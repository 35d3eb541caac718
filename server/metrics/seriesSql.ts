/**
 * The SQL of the metrics query engine. Every query starts from `s`, the requested series as an
 * unnested table (tag, run_seq, key_id, x_key, t0), and reads metric_points through its primary key
 * (run_seq, key_id, step), so a series is one index range scan.
 *
 * Each series row also carries `max_step`, the last step it may read: the `until` of a frozen run set
 * (NO_CUT for every other run). Every read of metric_points below bounds its primary-key range with
 * it, and rollups are read only for buckets wholly at or before it; the one bucket holding the cut
 * is read from raw points.
 *
 * Both paths below produce the same "bucket rows": (tag, run_seq, b, n, fn, fsum, and the first,
 * last, min and max point as step / x / value triples). A raw point is a bucket row of one point; a
 * rollup row is a bucket row of up to 64 steps. The M4 and the group aggregations then run over
 * either without knowing which. `tag` is the series' index for M4 and the (group, key) index for
 * grouped queries. Only numbers computed here are bound as parameters; nothing is spliced as text.
 */
import { sql, type SQL } from "drizzle-orm";
import { numberArray } from "../services/pgArray";
import { FINE_ROLLUP_STEPS, ROLLUP_STEPS, type BucketGrid, type RollupSteps } from "./BucketGrid";
import type { XAxis } from "./MetricsQueryInput";

/** A series row of `s`. */
export interface SeriesRow {
  tag: number;
  runSeq: number;
  keyId: number;
  xKeyId: number;
  t0: number;
  /** The last step this series may read (`until`), or NO_CUT. */
  maxStep: number;
}

/** `maxStep` of a run that is not frozen: above any step the API accepts. */
export const NO_CUT = Number.MAX_SAFE_INTEGER;

/** `with s as (…)`: the requested series as a table. */
export function withSeries(series: readonly SeriesRow[]): SQL {
  const col = (f: (s: SeriesRow) => number) => numberArray(series.map(f));
  return sql`with s as (select * from unnest(${col((s) => s.tag)}::text[]::int4[], ${col((s) => s.runSeq)}::text[]::int8[],
    ${col((s) => s.keyId)}::text[]::int4[], ${col((s) => s.xKeyId)}::text[]::int4[], ${col((s) => s.t0)}::text[]::float8[],
    ${col((s) => s.maxStep)}::text[]::int8[])
    as s(tag, run_seq, key_id, x_key, t0, max_step))`;
}

/** The x of point `p` (joined as `xp` when x is another metric). */
export function xExpr(axis: XAxis): SQL {
  if (axis === "step") return sql`p.step::float8`;
  if (axis === "wallTime") return sql`p.wall_time`;
  if (axis === "relativeTime") return sql`(p.wall_time - s.t0)`;
  return sql`xp.value`;
}

/**
 * `from s … metric_points p` plus the x metric's join. Each series is read by its own primary-key
 * range scan (a lateral subquery behind `offset 0`, which the planner cannot flatten into a hash
 * join over the whole table); on the step axis the step range goes inside it.
 */
export function pointsFrom(axis: XAxis, lo?: number, hi?: number): SQL {
  const steps = axis === "step" && lo !== undefined && hi !== undefined ? sql`and p.step >= ${lo}::int8 and p.step <= ${hi}::int8` : sql``;
  const base = sql`from s cross join lateral (select * from metric_points p where p.run_seq = s.run_seq and p.key_id = s.key_id
    and p.step <= s.max_step ${steps} offset 0) p`;
  return typeof axis === "object" ? sql`${base} join metric_points xp on xp.run_seq = s.run_seq and xp.key_id = s.x_key and xp.step = p.step` : base;
}

/** Points with x in `[lo, hi]`: a step range is a primary-key range; other axes also drop non-finite x. */
export function inRange(axis: XAxis, lo: number, hi: number): SQL {
  if (axis === "step") return sql`p.step >= ${lo}::int8 and p.step <= ${hi}::int8`;
  return sql`${xExpr(axis)} >= ${lo}::float8 and ${xExpr(axis)} <= ${hi}::float8`;
}

/** The x-range of all points of `s` (finite x only). */
export function fullRange(axis: XAxis): SQL {
  if (axis === "step") {
    // min / max of each series are two primary-key probes, never a scan.
    return sql`select min(e.lo)::float8 as lo, max(e.hi)::float8 as hi from s cross join lateral (
      select min(p.step) as lo, max(p.step) as hi from metric_points p
      where p.run_seq = s.run_seq and p.key_id = s.key_id and p.step <= s.max_step) e`;
  }
  const x = xExpr(axis);
  return sql`select min(${x}) as lo, max(${x}) as hi ${pointsFrom(axis)} where ${x} > '-Infinity' and ${x} < 'Infinity'`;
}

const FINITE = sql`p.value > '-Infinity' and p.value < 'Infinity'`;

/** Bucket rows straight from metric_points: one per point. */
export function rawBucketRows(axis: XAxis, grid: BucketGrid): SQL {
  const x = xExpr(axis);
  const b = sql`least(greatest(floor((${x} - ${grid.origin}::float8) / ${grid.width}::float8), 0), ${grid.count - 1})::int4`;
  const minStep = sql`case when p.value <> 'NaN' then p.step end`;
  return sql`select s.tag, s.run_seq, ${b} as b, 1 as n, (${FINITE})::int4 as fn, case when ${FINITE} then p.value else 0 end as fsum,
      p.step as fs, ${x} as fx, p.value as fv, p.step as ls, ${x} as lx, p.value as lv,
      ${minStep} as mns, ${x} as mnx, p.value as mnv, ${minStep} as mxs, ${x} as mxx, p.value as mxv
    ${pointsFrom(axis, grid.lo, grid.hi)} where ${inRange(axis, grid.lo, grid.hi)}`;
}

/** The table of each rollup level (a fixed name, never from input). */
export function rollupTable(steps: RollupSteps): SQL {
  if (steps === ROLLUP_STEPS) return sql.raw("metric_rollups");
  if (steps === FINE_ROLLUP_STEPS) return sql.raw("metric_fine_rollups");
  throw new Error(`no rollup level of ${String(steps)} steps`);
}

/**
 * Bucket rows from the grid's rollup level (R steps a bucket) for the rollup buckets wholly inside
 * the range, plus raw points for the partial rollup buckets at its two ends (fewer than 2 × R points
 * per series). Step axis, grid aligned to rollup buckets only. A frozen series (`max_step`) reads rollups only for buckets
 * wholly at or before its cut, and the raw points of the bucket holding the cut up to the cut.
 */
export function rollupBucketRows(grid: BucketGrid): SQL {
  const parts = rollupParts(grid);
  return parts ? unionAll([parts.rollups, ...parts.edges]) : rawBucketRows("step", grid);
}

/** `a union all b union all …` (at least one part). */
export function unionAll(parts: readonly SQL[]): SQL {
  return parts.slice(1).reduce((out, p) => sql`${out} union all ${p}`, parts[0]);
}

/**
 * `rollupBucketRows` in its parts: the rollup rows, and the raw points of each partial rollup
 * bucket (range ends, a frozen series' cut). Null when no rollup bucket lies wholly in the range.
 * When the grid's buckets are the rollup buckets themselves, a rollup row is already its query
 * bucket and never shares it with an edge's points (those lie in partial rollup buckets).
 */
export function rollupParts(grid: BucketGrid): { rollups: SQL; edges: SQL[] } | null {
  if (grid.rollupSteps === null) return null;
  const R = grid.rollupSteps;
  const firstFull = Math.ceil(grid.lo / R);
  const lastFull = Math.floor((grid.hi + 1) / R) - 1;
  if (firstFull > lastFull) return null;
  // Each edge is its own primary-key range: an OR of the two would not use the index.
  const edges: Array<[SQL, SQL]> = ([[grid.lo, firstFull * R - 1], [(lastFull + 1) * R, grid.hi]] as Array<[number, number]>)
    .filter(([a, b]) => a <= b)
    .map(([a, b]) => [sql`${a}::int8`, sql`least(${b}::int8, s.max_step)`]);
  // The cut's own rollup bucket, from its start to the cut (empty when the cut ends a bucket or
  // lies outside the full buckets). (max_step + 1) / R is a floor: max_step ≥ -1.
  edges.push([sql`greatest(${firstFull * R}::int8, (s.max_step + 1) / ${R}::int8 * ${R}::int8)`, sql`least(${(lastFull + 1) * R - 1}::int8, s.max_step)`]);
  const edge = ([a, b]: [SQL, SQL]) => sql`select s.tag, s.run_seq, ((p.step - ${grid.origin}::int8) / ${grid.width}::int8)::int4 as b, 1 as n,
      (${FINITE})::int4 as fn, case when ${FINITE} then p.value else 0 end as fsum,
      p.step as fs, p.step::float8 as fx, p.value as fv, p.step as ls, p.step::float8 as lx, p.value as lv,
      case when p.value <> 'NaN' then p.step end as mns, p.step::float8 as mnx, p.value as mnv,
      case when p.value <> 'NaN' then p.step end as mxs, p.step::float8 as mxx, p.value as mxv
    from s cross join lateral (select * from metric_points p where p.run_seq = s.run_seq and p.key_id = s.key_id
                               and p.step >= ${a} and p.step <= ${b}) p`;
  const b = sql`((m.bucket * ${R}::int8 - ${grid.origin}::int8) / ${grid.width}::int8)::int4`;
  const rollups = sql`select s.tag, s.run_seq, ${b} as b, m.n, m.finite_n as fn, m.finite_sum as fsum,
      m.first_step as fs, m.first_step::float8 as fx, m.first_value as fv, m.last_step as ls, m.last_step::float8 as lx, m.last_value as lv,
      m.min_step as mns, m.min_step::float8 as mnx, m.min_value as mnv, m.max_step as mxs, m.max_step::float8 as mxx, m.max_value as mxv
    from s cross join lateral (select * from ${rollupTable(R)} m where m.run_seq = s.run_seq and m.key_id = s.key_id
                               and m.bucket >= ${firstFull}::int8 and m.bucket <= ${lastFull}::int8
                               and m.bucket < (s.max_step + 1) / ${R}::int8) m`;
  return { rollups, edges: edges.map(edge) };
}

/**
 * The M4 columns in the order `m4Aggregate` packs them: per bucket the point count and the first /
 * last / min / max points as step, x, value (min / max empty when every value is NaN).
 */
export const M4_FIELDS = ["n", "fs", "fx", "fv", "ls", "lx", "lv", "mns", "mnx", "mnv", "mxs", "mxx", "mxv"] as const;
/** The same on the step axis, where each x is its step: the x columns are left out (a third less to send and read). */
export const M4_STEP_FIELDS = ["n", "fs", "fv", "ls", "lv", "mns", "mnv", "mxs", "mxv"] as const;

/** What `packed` writes for an SQL null: a NaN that float8send never writes (it writes NaN as 7ff8000000000000). */
const NULL_HI = 0x7ff8dead;
const NULL_LO = 0xbeef0001;

/**
 * `string_agg` of `fields` of `from`, per tag, as binary: each field as its 8-byte float8
 * (big-endian, `float8send`), record after record, an SQL null as a NaN of its own bit pattern
 * (NULL_HI, NULL_LO). Exact (the float8 itself), and neither side formats or parses a number:
 * PostgreSQL's float8 text output and the server's parsing of it were the costliest part of
 * answering a panel after the query itself (decision 018).
 *
 * Why one value per series and not one row per bucket or point: PGlite's protocol reader copies
 * and decodes every field on its own, which cost as much as the query itself (about half of a
 * 20-series panel's 90 ms); one field per series costs nothing next to it, on PostgreSQL too.
 */
function packed(fields: readonly string[], from: SQL, order: SQL): SQL {
  const nullBytes = `'\\x${NULL_HI.toString(16)}${NULL_LO.toString(16).padStart(8, "0")}'::bytea`;
  const cols = fields.map((f) => `coalesce(float8send(${f}::float8), ${nullBytes})`).join(" || ");
  return sql`select tag, string_agg(${sql.raw(cols)}, ''::bytea order by ${order}) as packed from (${from}) q group by tag`;
}

/**
 * The packed rows of a query built by `packed`: per tag, its records' numbers one after another
 * (record i's field j at `i × fields + j`; null: SQL null). Flat: one array per series rather than
 * one per record.
 */
export function unpack(found: ReadonlyArray<{ tag: number; packed: Uint8Array | null }>): Map<number, Array<number | null>> {
  const out = new Map<number, Array<number | null>>();
  for (const r of found) {
    const bytes = r.packed;
    const n = bytes ? bytes.byteLength >>> 3 : 0;
    const values = new Array<number | null>(n);
    if (bytes) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0, o = 0; i < n; i++, o += 8) {
        values[i] = view.getUint32(o) === NULL_HI && view.getUint32(o + 4) === NULL_LO ? null : view.getFloat64(o);
      }
    }
    out.set(Number(r.tag), values);
  }
  return out;
}

/**
 * M4 per (tag, bucket) over bucket rows `u`, packed per tag in M4_FIELDS order (`unpack` reads it). Ties on min / max
 * go to the earliest step. `wholeBuckets`, bucket rows that are each alone in their (tag, bucket)
 * (rollup rows on a grid of the rollup's own buckets, `rollupParts`), skip the aggregation: it
 * builds four arrays per row, the bulk of the query's time.
 */
export function m4Aggregate(withS: SQL, bucketRows: SQL, wholeBuckets?: SQL, stepAxis = false): SQL {
  let perBucket = sql`select tag, b, n, f[1] as fs, f[2] as fx, f[3] as fv, l[1] as ls, l[2] as lx, l[3] as lv,
           mn[2] as mns, mn[3] as mnx, mn[1] as mnv, -mx[2] as mxs, mx[3] as mxx, mx[1] as mxv
    from (select tag, b, sum(n)::float8 as n,
                 min(array[fs::float8, fx, fv]) as f, max(array[ls::float8, lx, lv]) as l,
                 min(array[mnv, mns::float8, mnx]) filter (where mns is not null) as mn,
                 max(array[mxv, -mxs::float8, mxx]) filter (where mxs is not null) as mx
          from u group by tag, b) a`;
  if (wholeBuckets) {
    perBucket = sql`${perBucket} union all select tag, b, n::float8, fs::float8, fx, fv, ls::float8, lx, lv,
      mns::float8, mnx, mnv, mxs::float8, mxx, mxv from (${wholeBuckets}) w`;
  }
  return sql`${withS}, u as (${bucketRows}) ${packed(stepAxis ? M4_STEP_FIELDS : M4_FIELDS, perBucket, sql`b`)}`;
}

/** One grouped bucket: aggregates across runs of the per-run mean of finite values in the bucket. */
export interface GroupRow {
  tag: number;
  b: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  std: number | null;
  stderr: number | null;
  n: number;
}

/** Grouped aggregates per (tag, bucket) over bucket rows `u`. */
export function groupAggregate(withS: SQL, bucketRows: SQL): SQL {
  return sql`${withS}, u as (${bucketRows}),
    per_run as (select tag, run_seq, b, sum(fsum) / sum(fn) as v from u group by tag, run_seq, b having sum(fn) > 0)
    select tag, b, avg(v) as mean, percentile_cont(0.5) within group (order by v) as median, min(v) as min, max(v) as max,
           stddev_samp(v) as std, stddev_samp(v) / sqrt(count(v)) as stderr, count(v)::float8 as n
    from per_run group by tag, b order by tag, b`;
}

/** The fields `exactPoints` packs on `axis`: `step,x,y`, or `step,y` on the step axis (x is the step). */
export const exactFields = (axis: XAxis): readonly string[] => (axis === "step" ? ["step", "y"] : ["step", "x", "y"]);

/** Every point of the given tags in range, packed per tag as `exactFields(axis)` in step order (`unpack` reads it). */
export function exactPoints(withS: SQL, axis: XAxis, lo: number, hi: number, tags: readonly number[]): SQL {
  const points = sql`select s.tag, p.step::float8 as step, ${xExpr(axis)} as x, p.value as y
    ${pointsFrom(axis, lo, hi)} where s.tag = any(${numberArray(tags)}::text[]::int4[]) and ${inRange(axis, lo, hi)}`;
  return sql`${withS} ${packed(exactFields(axis), points, sql`step`)}`;
}
