/**
 * `bench/pointsLayout`: the metric_points primary key order (run_seq, key_id, step) against the
 * alternative (key_id, run_seq, step), on PostgreSQL, for the reads that decide it (docs/decisions/
 * 002). Both tables get the same `runs × keys × steps` points, inserted in the order ingestion
 * writes them (chunks of 300 steps, each chunk ordered by run, key, step), then vacuumed. Timed:
 * - the chart read: one key across every run, each run's series in step order;
 * - the run-page read: every key of one run, in (key, step) order;
 * - deleting one run's points (as deleting a run does; rolled back);
 * and the bulk insert itself.
 */
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Db } from "../db/client";
import { formatTable } from "./formatTable";
import { createScratchDatabase, postgresReachable } from "./scratchDatabase";

/** How to run the benchmark. */
export interface PointsLayoutOptions {
  postgresUrl: string;
  runs: number;
  keys: number;
  steps: number;
  iterations: number;
}

const LAYOUTS = [
  { table: "points_run_key_step", key: "run_seq, key_id, step" },
  { table: "points_key_run_step", key: "key_id, run_seq, step" },
] as const;

/** Builds both tables, times the reads and prints the table. */
export async function runPointsLayoutBench(opts: PointsLayoutOptions, log: (line: string) => void = console.log): Promise<void> {
  if (!(await postgresReachable(opts.postgresUrl))) {
    log("points-layout: skipped, no PostgreSQL");
    return;
  }
  const scratch = await createScratchDatabase("postgres", opts.postgresUrl);
  const database = await openDatabase({ kind: "postgres", url: scratch.databaseUrl!, poolSize: 2 });
  try {
    const { db } = database;
    const total = opts.runs * opts.keys * opts.steps;
    log(`points-layout: ${opts.runs} runs × ${opts.keys} keys × ${opts.steps.toLocaleString("en-US")} steps = ${total.toLocaleString("en-US")} points per table`);
    const results: string[][] = [];
    for (const { table, key } of LAYOUTS) {
      // Table names come from the constant above, never from input.
      await db.execute(sql.raw(`create table ${table} (run_seq int8 not null, key_id int4 not null, step int8 not null,
        value float8 not null, wall_time float8 not null, primary key (${key}))`));
      const t0 = performance.now();
      await db.execute(sql.raw(`insert into ${table}
        select r, k, s, random(), 1700000000 + s * 0.1
        from generate_series(0, ${opts.steps - 1}) s, generate_series(1, ${opts.runs}) r, generate_series(1, ${opts.keys}) k
        order by s / 300, r, k, s`));
      const insertSeconds = (performance.now() - t0) / 1000;
      await db.execute(sql.raw(`vacuum analyze ${table}`));
      const chart = await timeQuery(db, opts.iterations, `
        select r.seq, p.step, p.value from generate_series(1, ${opts.runs}) as r(seq)
        cross join lateral (select step, value from ${table} where run_seq = r.seq and key_id = 3 order by step) p`);
      const runPage = await timeQuery(db, opts.iterations, `
        select key_id, step, value from ${table} where run_seq = 7 and key_id = any('{${range(opts.keys).join(",")}}'::int4[])
        order by key_id, step`);
      const deleteMs = await timeRolledBack(db, `delete from ${table} where run_seq = 7`);
      results.push([
        `(${key})`,
        `${Math.round(total / insertSeconds).toLocaleString("en-US")} rows/s`,
        `${chart.p50.toFixed(0)} ms`, chart.plan,
        `${runPage.p50.toFixed(0)} ms`, runPage.plan,
        `${deleteMs.toFixed(0)} ms`,
      ]);
    }
    log(formatTable(["primary key", "insert (one statement)", "1 key × all runs p50", "its plan (EXPLAIN ANALYZE)", "1 run × all keys p50", "its plan", "delete 1 run"], results));
    log("p50: wall time with the rows fetched into Node; the plan's time is PostgreSQL's alone.");
  } finally {
    await database.close();
    await scratch.drop();
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** p50 wall time of `query` (rows fetched to Node) over `iterations` runs after a warm-up; its plan. */
async function timeQuery(db: Db, iterations: number, query: string) {
  await db.execute(sql.raw(query));
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await db.execute(sql.raw(query));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const plan = await rows<{ "QUERY PLAN": string }>(db, sql.raw(`explain (analyze, costs off) ${query}`));
  const lines = plan.map((r) => r["QUERY PLAN"]);
  const scans = [...new Set(lines.map((l) => /(?<!Bitmap )(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)/.exec(l)?.[1]).filter(Boolean))];
  const exec = /Execution Time: ([\d.]+)/.exec(lines.find((l) => /Execution Time/.test(l)) ?? "")?.[1] ?? "?";
  return { p50: times[Math.floor(times.length / 2)], plan: `${scans.join(" + ")}, executes in ${Number(exec).toFixed(0)} ms` };
}

class RollBack extends Error {}

/** Wall time of one statement inside a transaction that is then rolled back. */
async function timeRolledBack(db: Db, statement: string): Promise<number> {
  let ms = 0;
  try {
    await db.transaction(async (tx) => {
      const t = performance.now();
      await tx.execute(sql.raw(statement));
      ms = performance.now() - t;
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return ms;
}
