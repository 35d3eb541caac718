/** M4 per series over a query's grid, or every point when a series' range fits the budget. */
import type { SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import type { BucketGrid } from "./BucketGrid";
import { ensureRollups } from "./ensureRollups";
import { mergeCandidates, type SeriesPoint } from "./m4";
import type { MetricsQuery } from "./MetricsQueryInput";
import { exactFields, exactPoints, M4_FIELDS, M4_STEP_FIELDS, m4Aggregate, rawBucketRows, rollupBucketRows, rollupParts, unionAll, unpack, withSeries, type SeriesRow } from "./seriesSql";

/** At most this many statements per query run concurrently, each of at least MIN_CHUNK series. */
const PARALLEL_CHUNKS = 2;
const MIN_CHUNK = 20;

/**
 * Per series: M4 over the grid (from rollups when the grid is aligned to them), then the exact
 * points of every series whose range holds no more points than the budget.
 */
export async function downsampleSeries(db: Db, q: MetricsQuery, sRows: SeriesRow[], grid: BucketGrid) {
  const counts = new Map<number, number>();
  const points = new Map<number, SeriesPoint[]>();
  let exactTags: number[];
  if (q.x === "step" && grid.hi - grid.lo + 1 <= q.points) {
    exactTags = sRows.map((s) => s.tag); // no more steps than the budget: no need to count
  } else {
    if (grid.alignedToRollups) await ensureRollups(db, sRows.map((s) => ({ runSeq: s.runSeq, keyId: s.keyId })));
    // On a grid of the rollup level's own buckets, rollup rows need no aggregation (rollupParts).
    const whole = grid.alignedToRollups && grid.width === grid.rollupSteps ? rollupParts(grid) : null;
    const bucketRows = whole ? unionAll(whole.edges) : grid.alignedToRollups ? rollupBucketRows(grid) : rawBucketRows(q.x, grid);
    // Large queries split into a few statements that PostgreSQL runs on separate connections (and
    // cores); PGlite, with one connection, simply runs them in turn.
    const parts = await Promise.all(chunks(sRows, PARALLEL_CHUNKS, MIN_CHUNK).map((part) => m4Candidates(db, part, bucketRows, counts, q.x === "step", whole?.rollups)));
    const candidates = new Map(parts.flatMap((m) => [...m]));
    // A series with no point in range is exactly empty.
    exactTags = sRows.map((s) => s.tag).filter((tag) => !candidates.has(tag));
    for (const [tag, c] of candidates) {
      if ((counts.get(tag) ?? 0) <= q.points) exactTags.push(tag);
      else points.set(tag, mergeCandidates(c));
    }
  }
  const toFetch = exactTags.filter((tag) => q.x === "step" && grid.hi - grid.lo + 1 <= q.points ? true : (counts.get(tag) ?? 0) > 0);
  if (toFetch.length > 0) {
    const found = unpack(await rows<{ tag: number; packed: Uint8Array | null }>(db, exactPoints(withSeries(sRows), q.x, grid.lo, grid.hi, toFetch)));
    const width = exactFields(q.x).length;
    for (const [tag, v] of found) {
      const pts: SeriesPoint[] = [];
      // step,y on the step axis (x is the step), else step,x,y; none of them is null.
      for (let i = 0; i < v.length; i += width) pts.push({ step: v[i]!, x: v[i + width - 2]!, y: v[i + width - 1]! });
      points.set(tag, pts);
    }
    for (const tag of exactTags) counts.set(tag, points.get(tag)?.length ?? 0);
  }
  return { points, counts, exact: new Set(exactTags) };
}

/** A bucket's four candidate points (first, last, min, max), as step / x / value field names. */
const CANDIDATES = [["fs", "fx", "fv"], ["ls", "lx", "lv"], ["mns", "mnx", "mnv"], ["mxs", "mxx", "mxv"]] as const;

/** M4 candidate points per tag (series), counting each series' points in range into `counts`. */
async function m4Candidates(db: Db, sRows: SeriesRow[], bucketRows: SQL, counts: Map<number, number>, stepAxis: boolean, wholeBuckets?: SQL) {
  const found = unpack(await rows<{ tag: number; packed: Uint8Array | null }>(db, m4Aggregate(withSeries(sRows), bucketRows, wholeBuckets, stepAxis)));
  // One record per bucket in M4_FIELDS order, or M4_STEP_FIELDS' where each x is its step (read
  // from the step's field); only min / max may be null (every value NaN).
  const fields: readonly string[] = stepAxis ? M4_STEP_FIELDS : M4_FIELDS;
  const offsets = CANDIDATES.map(([s, x, y]) => [fields.indexOf(s), fields.includes(x) ? fields.indexOf(x) : fields.indexOf(s), fields.indexOf(y)] as const);
  const candidates = new Map<number, SeriesPoint[]>();
  for (const [tag, v] of found) {
    const c: SeriesPoint[] = [];
    let n = 0;
    for (let i = 0; i < v.length; i += fields.length) {
      n += v[i]!;
      for (const [s, x, y] of offsets) {
        const step = v[i + s];
        if (step !== null) c.push({ step, x: v[i + x]!, y: v[i + y]! });
      }
    }
    counts.set(tag, (counts.get(tag) ?? 0) + n);
    candidates.set(tag, c);
  }
  return candidates;
}

/** Splits `items` into at most `n` contiguous parts of at least `min` items. */
function chunks<T>(items: T[], n: number, min: number): T[][] {
  const parts = Math.max(1, Math.min(n, Math.floor(items.length / min)));
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((p) => p.length > 0);
}

