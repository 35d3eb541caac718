/**
 * Level-of-detail rollups (docs/decisions/006-metrics-downsampling.md, kept current incrementally
 * since docs/decisions/015-panel-data-at-report-scale.md).
 *
 * metric_rollups holds, per (run, key, floor(step / 64)), the count, the finite count and sum, and
 * the first, last, min and max points of that bucket: everything M4 and grouped means need, at 1/64
 * of the rows. metric_fine_rollups holds the same per 8 steps, for ranges too short for the coarse
 * level. The fine level is built from the points, the coarse one from the fine rows (1/8 of them).
 *
 * Every write of a key's points (HistoryWriter, in the same statement that keeps run_metrics) sets
 * `run_metrics.rollup_dirty_from` to the lowest step written if that is lower, and bumps
 * `rollup_gen`. Rollups are current when `rollup_dirty_from` is null. Bringing a key up to date
 * rebuilds only its buckets from the dirty step's bucket on (an append touches one or two), then
 * clears the mark **only if the generation is still the one it read**: a write that commits during
 * the rebuild leaves the key dirty (from at most the old mark), so it is rebuilt again, never missed.
 * A bounded rebuild (maxSteps) moves the mark to where it stopped instead of clearing it.
 * Readers call ensureRollups before they read; RollupMaintainer does the same in the background so
 * readers seldom have to.
 */
import { sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import { numberArray } from "../services/pgArray";
import { FINE_ROLLUP_STEPS, ROLLUP_STEPS } from "./BucketGrid";

/** A (run, key) pair by internal ids. */
export interface SeriesIds {
  runSeq: number;
  keyId: number;
}

/** A key whose rollups are stale from `from` (a step), as of generation `gen`. */
interface DirtySeries extends SeriesIds {
  from: number;
  gen: number;
}

/** No limit on the steps one rebuild covers. */
const ALL_BUCKETS = 2 ** 46;

/**
 * Makes the rollups of `series` current; returns how many (run, key) pairs were (re)built. With
 * `maxSteps`, each key is brought forward by about that many steps at most (whole 64-step
 * buckets) and stays dirty from where this stopped: the background maintainer's bounded bites.
 */
export async function ensureRollups(db: Db, series: readonly SeriesIds[], opts: { maxSteps?: number } = {}): Promise<number> {
  if (series.length === 0) return 0;
  const stale = await dirtySeries(db, series);
  if (stale.length === 0) return 0;
  return rebuild(db, stale, opts.maxSteps === undefined ? ALL_BUCKETS : Math.max(1, Math.ceil(opts.maxSteps / ROLLUP_STEPS)));
}

/**
 * Up to `limit` keys whose rollups are stale, those with the fewest steps to rebuild first, with
 * that estimate (last step − dirty step + 1), for the background maintainer.
 */
export async function findDirtySeries(db: Db, limit: number): Promise<Array<SeriesIds & { steps: number }>> {
  const found = await rows<{ run_seq: string | number; key_id: number; steps: string | number }>(
    db,
    sql`select run_seq, key_id, greatest(last_step - rollup_dirty_from + 1, 1) as steps from run_metrics
        where rollup_dirty_from is not null order by 3 limit ${limit}`,
  );
  return found.map((f) => ({ runSeq: Number(f.run_seq), keyId: f.key_id, steps: Number(f.steps) }));
}

async function rebuild(db: Db, stale: readonly SeriesIds[], maxBuckets: number): Promise<number> {
  return db.transaction(async (tx) => {
    // Concurrent rebuilders of the same key wait here, then find it current (or less dirty) below.
    // Locks are taken in (key, run) order so two rebuilders never deadlock.
    const sorted = [...stale].sort((a, b) => a.keyId - b.keyId || a.runSeq - b.runSeq);
    await tx.execute(sql`select count(*) from (select pg_advisory_xact_lock(k, r) from (
      select k, (r % 2147483647)::int4 as r from unnest(${numberArray(sorted.map((s) => s.keyId))}::text[]::int4[],
        ${numberArray(sorted.map((s) => s.runSeq))}::text[]::int8[]) as u(k, r) order by 1, 2) q) z`);
    const todo = await dirtySeries(tx, sorted);
    if (todo.length === 0) return 0;
    const seqs = numberArray(todo.map((s) => s.runSeq));
    const keys = numberArray(todo.map((s) => s.keyId));
    const firstBuckets = todo.map((s) => Math.floor(Math.max(0, s.from) / ROLLUP_STEPS));
    const buckets = numberArray(firstBuckets);
    const ends = numberArray(firstBuckets.map((b) => b + maxBuckets));
    const gens = numberArray(todo.map((s) => s.gen));
    // Rebuilt from the first dirty coarse bucket up to (not including) bucket `stop`, at both levels.
    const dirty = sql`unnest(${seqs}::text[]::int8[], ${keys}::text[]::int4[], ${buckets}::text[]::int8[], ${ends}::text[]::int8[])
                      as s(run_seq, key_id, bucket, stop)`;
    const FINE_PER_COARSE = ROLLUP_STEPS / FINE_ROLLUP_STEPS;
    await tx.execute(sql`delete from metric_rollups m using ${dirty}
                         where m.run_seq = s.run_seq and m.key_id = s.key_id and m.bucket >= s.bucket and m.bucket < s.stop`);
    await tx.execute(sql`delete from metric_fine_rollups m using ${dirty}
                         where m.run_seq = s.run_seq and m.key_id = s.key_id
                           and m.bucket >= s.bucket * ${FINE_PER_COARSE}::int8 and m.bucket < s.stop * ${FINE_PER_COARSE}::int8`);
    // Each key's points from its first dirty bucket on: one primary-key range scan per key.
    await tx.execute(sql`
      insert into metric_fine_rollups (run_seq, key_id, bucket, n, finite_n, finite_sum, first_step, first_value, last_step, last_value,
                                       min_step, min_value, max_step, max_value)
      select run_seq, key_id, bucket, n, fn, fs, f[1]::int8, f[2], l[1]::int8, l[2], mn[2]::int8, mn[1], mx[2]::int8, mx[1]
      from (
        select s.run_seq, s.key_id, p.step / ${FINE_ROLLUP_STEPS}::int8 as bucket, count(*)::int4 as n,
               count(*) filter (where p.value > '-Infinity' and p.value < 'Infinity')::int4 as fn,
               coalesce(sum(p.value) filter (where p.value > '-Infinity' and p.value < 'Infinity'), 0) as fs,
               min(array[p.step::float8, p.value]) as f, max(array[p.step::float8, p.value]) as l,
               min(array[p.value, p.step::float8]) filter (where p.value <> 'NaN') as mn,
               max(array[p.value, p.step::float8]) filter (where p.value <> 'NaN') as mx
        from ${dirty}
        cross join lateral (select p.step, p.value from metric_points p where p.run_seq = s.run_seq and p.key_id = s.key_id
                            and p.step >= s.bucket * ${ROLLUP_STEPS}::int8 and p.step < s.stop * ${ROLLUP_STEPS}::int8 offset 0) p
        group by 1, 2, 3
      ) q`);
    // The coarse level composes the fine rows: counts and sums add; first, last, min and max are
    // the extremes of the parts' (ties as from the points: the earliest min, the latest max).
    await tx.execute(sql`
      insert into metric_rollups (run_seq, key_id, bucket, n, finite_n, finite_sum, first_step, first_value, last_step, last_value,
                                  min_step, min_value, max_step, max_value)
      select run_seq, key_id, bucket, n, fn, fs, f[1]::int8, f[2], l[1]::int8, l[2], mn[2]::int8, mn[1], mx[2]::int8, mx[1]
      from (
        select s.run_seq, s.key_id, m.bucket / ${FINE_PER_COARSE}::int8 as bucket, sum(m.n)::int4 as n, sum(m.finite_n)::int4 as fn,
               sum(m.finite_sum) as fs,
               min(array[m.first_step::float8, m.first_value]) as f, max(array[m.last_step::float8, m.last_value]) as l,
               min(array[m.min_value, m.min_step::float8]) filter (where m.min_step is not null) as mn,
               max(array[m.max_value, m.max_step::float8]) filter (where m.max_step is not null) as mx
        from ${dirty}
        cross join lateral (select * from metric_fine_rollups m where m.run_seq = s.run_seq and m.key_id = s.key_id
                            and m.bucket >= s.bucket * ${FINE_PER_COARSE}::int8 and m.bucket < s.stop * ${FINE_PER_COARSE}::int8 offset 0) m
        group by 1, 2, 3
      ) q`);
    await tx.execute(sql`
      update run_metrics rm set rollup_dirty_from = case when s.stop * ${ROLLUP_STEPS}::int8 > rm.last_step then null else s.stop * ${ROLLUP_STEPS}::int8 end
      from unnest(${seqs}::text[]::int8[], ${keys}::text[]::int4[], ${gens}::text[]::int8[], ${ends}::text[]::int8[]) as s(run_seq, key_id, gen, stop)
      where rm.run_seq = s.run_seq and rm.key_id = s.key_id and rm.rollup_gen = s.gen`);
    return todo.length;
  });
}

/** Which of `series` have stale rollups, from which step, as of which generation. */
async function dirtySeries(db: Db, series: readonly SeriesIds[]): Promise<DirtySeries[]> {
  const found = await rows<{ run_seq: string | number; key_id: number; dirty_from: string | number; gen: string | number }>(
    db,
    sql`select rm.run_seq, rm.key_id, rm.rollup_dirty_from as dirty_from, rm.rollup_gen as gen
        from unnest(${numberArray(series.map((s) => s.runSeq))}::text[]::int8[], ${numberArray(series.map((s) => s.keyId))}::text[]::int4[]) as s(run_seq, key_id)
        join run_metrics rm on rm.run_seq = s.run_seq and rm.key_id = s.key_id
        where rm.rollup_dirty_from is not null`,
  );
  return found.map((f) => ({ runSeq: Number(f.run_seq), keyId: f.key_id, from: Number(f.dirty_from), gen: Number(f.gen) }));
}
