/**
 * Lazy level-of-detail rollups (docs/decisions/006-metrics-downsampling.md).
 *
 * metric_rollups holds, per (run, key, floor(step / ROLLUP_STEPS)), the count, the finite count and
 * sum, and the first, last, min and max points of that bucket: everything M4 and grouped means need,
 * at 1/64 of the rows. A (run, key)'s rollup is built on the first query that needs it and is
 * valid while metric_rollup_versions.run_version equals the run row's `xmin`. Every history write
 * updates the run row (heartbeat, last step, summary) in the same transaction as its points, so
 * any new or replaced point gives the run a new `xmin` and makes its rollups stale; so do
 * heartbeats and edits, which only costs a rebuild. The version is read before the points, so a
 * write that commits during a rebuild is at worst counted again, never missed.
 */
import { sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import { numberArray } from "../services/pgArray";
import { ROLLUP_STEPS } from "./BucketGrid";

/** A (run, key) pair by internal ids. */
export interface SeriesIds {
  runSeq: number;
  keyId: number;
}

/** Makes the rollups of `series` current; returns how many (run, key) pairs were (re)built. */
export async function ensureRollups(db: Db, series: readonly SeriesIds[]): Promise<number> {
  if (series.length === 0) return 0;
  const stale = await staleSeries(db, series);
  if (stale.length === 0) return 0;
  return db.transaction(async (tx) => {
    // Concurrent readers of the same series wait here, then find it fresh below. Locks are taken
    // in (key, run) order so two rebuilders never deadlock.
    const sorted = [...stale].sort((a, b) => a.keyId - b.keyId || a.runSeq - b.runSeq);
    await tx.execute(sql`select count(*) from (select pg_advisory_xact_lock(k, r) from (
      select k, (r % 2147483647)::int4 as r from unnest(${numberArray(sorted.map((s) => s.keyId))}::text[]::int4[],
        ${numberArray(sorted.map((s) => s.runSeq))}::text[]::int8[]) as u(k, r) order by 1, 2) q) z`);
    const todo = await staleSeries(tx, sorted);
    if (todo.length === 0) return 0;
    const seqs = numberArray(todo.map((s) => s.runSeq));
    const keys = numberArray(todo.map((s) => s.keyId));
    const versions = numberArray(todo.map((s) => s.version));
    await tx.execute(sql`delete from metric_rollups m using unnest(${seqs}::text[]::int8[], ${keys}::text[]::int4[]) as s(run_seq, key_id)
                         where m.run_seq = s.run_seq and m.key_id = s.key_id`);
    await tx.execute(sql`
      insert into metric_rollups (run_seq, key_id, bucket, n, finite_n, finite_sum, first_step, first_value, last_step, last_value,
                                  min_step, min_value, max_step, max_value)
      select run_seq, key_id, bucket, n, fn, fs, f[1]::int8, f[2], l[1]::int8, l[2], mn[2]::int8, mn[1], mx[2]::int8, mx[1]
      from (
        select p.run_seq, p.key_id, p.step / ${ROLLUP_STEPS}::int8 as bucket, count(*)::int4 as n,
               count(*) filter (where p.value > '-Infinity' and p.value < 'Infinity')::int4 as fn,
               coalesce(sum(p.value) filter (where p.value > '-Infinity' and p.value < 'Infinity'), 0) as fs,
               min(array[p.step::float8, p.value]) as f, max(array[p.step::float8, p.value]) as l,
               min(array[p.value, p.step::float8]) filter (where p.value <> 'NaN') as mn,
               max(array[p.value, p.step::float8]) filter (where p.value <> 'NaN') as mx
        from unnest(${seqs}::text[]::int8[], ${keys}::text[]::int4[]) as s(run_seq, key_id)
        join metric_points p on p.run_seq = s.run_seq and p.key_id = s.key_id
        group by 1, 2, 3
      ) q`);
    await tx.execute(sql`
      insert into metric_rollup_versions (run_seq, key_id, run_version)
      select * from unnest(${seqs}::text[]::int8[], ${keys}::text[]::int4[], ${versions}::text[]::int8[])
      on conflict (run_seq, key_id) do update set run_version = excluded.run_version`);
    return todo.length;
  });
}

/** The pairs whose rollup is missing or older than their run row, with the run row's version now. */
async function staleSeries(db: Db, series: readonly SeriesIds[]): Promise<Array<SeriesIds & { version: number }>> {
  const found = await rows<{ run_seq: string | number; key_id: number; version: string }>(
    db,
    sql`select s.run_seq, s.key_id, r.xmin::text as version
        from unnest(${numberArray(series.map((s) => s.runSeq))}::text[]::int8[], ${numberArray(series.map((s) => s.keyId))}::text[]::int4[]) as s(run_seq, key_id)
        join runs r on r.seq = s.run_seq
        left join metric_rollup_versions v on v.run_seq = s.run_seq and v.key_id = s.key_id
        where v.run_version is distinct from r.xmin::text::int8`,
  );
  return found.map((f) => ({ runSeq: Number(f.run_seq), keyId: f.key_id, version: Number(f.version) }));
}
