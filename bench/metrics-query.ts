/**
 * `bench/metrics-query`: the metrics query engine (server/metrics) on PostgreSQL over a generated
 * data set of `runs` runs × `steps` steps × `keys` keys, built in a scratch database with
 * `INSERT … SELECT generate_series` (no HTTP ingest: this measures reads). Each case calls
 * `queryMetrics` in-process (no HTTP, so the figures are the engine's own) `iterations` times after a
 * warm-up and prints p50 / p95, beside the naive baseline: fetch every point of the series and
 * downsample with M4 in Node. The first query of each case also builds the rollups it needs; that
 * cold time is printed separately.
 *
 *   npx tsx bench/metrics-query.ts            100 runs × 100,000 steps × 3 keys (30 M points)
 *   npx tsx bench/metrics-query.ts --quick    10 runs × 100,000 steps × 1 key
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { openDatabase, rows, type Db } from "../db/client";
import { bucketGrid } from "../server/metrics/BucketGrid";
import { m4 } from "../server/metrics/m4";
import { queryMetrics } from "../server/metrics/queryMetrics";
import { signUp, type User } from "../server/services/accounts";
import { numberArray } from "../server/services/pgArray";
import { createOrResumeRun } from "../server/services/runs";
import { formatTable } from "./formatTable";
import { createScratchDatabase, postgresReachable } from "./scratchDatabase";

/** How to run the benchmark. */
export const MetricsBenchOptions = z.object({
  quick: z.boolean().default(false),
  runs: z.number().int().min(1).max(1000).optional(),
  steps: z.number().int().min(1000).max(10_000_000).optional(),
  keys: z.number().int().min(1).max(10).optional(),
  iterations: z.number().int().min(1).max(1000).default(30),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").default("postgres://postgres@127.0.0.1:5432/postgres"),
});

/** One measured case. */
export interface MetricsBenchCase {
  name: string;
  coldMs: number;
  p50Ms: number;
  p95Ms: number;
  pointsReturned: number;
}

/** Builds the data set, runs every case, prints the table and drops the database. */
export async function main(input: z.input<typeof MetricsBenchOptions> = {}, log: (line: string) => void = console.log): Promise<MetricsBenchCase[]> {
  const opts = MetricsBenchOptions.parse(input);
  const runCount = opts.runs ?? (opts.quick ? 10 : 100);
  const steps = opts.steps ?? 100_000;
  const keyCount = opts.keys ?? (opts.quick ? 1 : 3);
  if (!(await postgresReachable(opts.postgresUrl))) {
    log(`metrics-query: skipped, no PostgreSQL at ${opts.postgresUrl.replace(/\/\/[^@]*@/, "//…@")}`);
    return [];
  }
  const scratch = await createScratchDatabase("postgres", opts.postgresUrl);
  const database = await openDatabase({ kind: "postgres", url: scratch.databaseUrl!, poolSize: 4 });
  try {
    await database.migrate();
    const { db } = database;
    const started = performance.now();
    const { user, runIds } = await buildDataSet(db, runCount, steps, keyCount, log);
    log(`metrics-query: ${runCount} runs × ${steps.toLocaleString("en")} steps × ${keyCount} keys = ` +
        `${(runCount * steps * keyCount).toLocaleString("en")} points, built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const some = (n: number) => runIds.slice(0, Math.min(n, runIds.length));
    const zoomLo = Math.floor(steps * 0.5);
    const cases: Array<[string, () => Promise<number>]> = [
      ["1 run × 1 key → 1,000 pts", () => engine(db, user, { runs: some(1), keys: ["loss"] })],
      [`${some(10).length} runs × 1 key → 1,000 pts`, () => engine(db, user, { runs: some(10), keys: ["loss"] })],
      [`${runIds.length} runs × 1 key → 1,000 pts`, () => engine(db, user, { runs: runIds, keys: ["loss"] })],
      // A frozen run set (decision 011): each run cut inside a rollup bucket, read from rollups + raw.
      [`${runIds.length} runs × 1 key frozen at 60% (until)`, () => engine(db, user, {
        runs: runIds, keys: ["loss"], until: Object.fromEntries(runIds.map((id) => [id, Math.floor(steps * 0.6) + 17])),
      })],
      [`${runIds.length} runs zoomed 1% (→ exact)`, () => engine(db, user, { runs: runIds, keys: ["loss"], xRange: [zoomLo, zoomLo + steps / 100 - 1] })],
      [`${runIds.length} runs grouped mean ± std, 1,000 buckets`, () => engine(db, user, { keys: ["loss"], groupBy: { groups: [{ name: "all", runs: runIds }] } })],
      [`${some(10).length} runs × 1 key, wallTime axis (raw M4)`, () => engine(db, user, { runs: some(10), keys: ["loss"], x: "wallTime" })],
      [`naive: ${some(10).length} runs, fetch all + M4 in Node`, () => naive(db, some(10), steps)],
      ["naive: 1 run, fetch all + M4 in Node", () => naive(db, some(1), steps)],
    ];
    const results: MetricsBenchCase[] = [];
    for (const [name, fn] of cases) {
      const t0 = performance.now();
      const pointsReturned = await fn();
      const coldMs = performance.now() - t0;
      for (let i = 0; i < 2; i++) await fn();
      const times: number[] = [];
      for (let i = 0; i < opts.iterations; i++) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
      results.push({ name, coldMs, p50Ms: pct(50), p95Ms: pct(95), pointsReturned });
    }
    log(formatTable(
      ["case", "cold ms", "p50 ms", "p95 ms", "points out"],
      results.map((r) => [r.name, r.coldMs.toFixed(0), r.p50Ms.toFixed(1), r.p95Ms.toFixed(1), r.pointsReturned.toLocaleString("en")]),
    ));
    return results;
  } finally {
    await database.close();
    await scratch.drop();
  }
}

async function engine(db: Db, user: User, body: Record<string, unknown>): Promise<number> {
  const res = await queryMetrics(db, user, body);
  // Serialising is part of answering a request.
  JSON.stringify(res);
  return (res.series ?? []).reduce((n, s) => n + s.y.length, 0) + (res.groups ?? []).reduce((n, g) => n + g.mean.length, 0);
}

/** The baseline: every point over the wire, M4 in Node. */
async function naive(db: Db, runIds: string[], steps: number): Promise<number> {
  const found = await rows<{ id: string; step: number; value: number }>(db, sql`
    select r.id, p.step::float8 as step, p.value from runs r
    join metric_keys k on k.project_id = r.project_id and k.name = 'loss'
    join metric_points p on p.run_seq = r.seq and p.key_id = k.id
    where r.id = any(${`{${runIds.join(",")}}`}::text[]) order by r.id, p.step`);
  const grid = bucketGrid(0, steps - 1, 250, true);
  const byRun = new Map<string, Array<{ step: number; x: number; y: number }>>();
  for (const p of found) {
    const list = byRun.get(p.id) ?? [];
    list.push({ step: Number(p.step), x: Number(p.step), y: Number(p.value) });
    byRun.set(p.id, list);
  }
  let n = 0;
  for (const pts of byRun.values()) n += m4(pts, grid).length;
  return n;
}

/** A user, a project, runs and keys through the services, then points by generate_series. */
export async function buildDataSet(db: Db, runCount: number, steps: number, keyCount: number, log: (line: string) => void) {
  const user = await signUp(db, { email: "bench@example.com", password: "correct horse battery", name: "bench" });
  const runIds: string[] = [];
  for (let i = 0; i < runCount; i++) {
    const { run } = await createOrResumeRun(db, user, { project: "bench", id: `run-${i}` });
    runIds.push(run.row.id);
  }
  const keyNames = ["loss", "acc", "lr"].slice(0, keyCount);
  const [{ project_id }] = await rows<{ project_id: number }>(db, sql`select project_id from runs where id = 'run-0'`);
  await db.execute(sql`insert into metric_keys (project_id, name) select ${project_id}, unnest(${`{${keyNames.join(",")}}`}::text[])`);
  const seqs = (await rows<{ seq: number }>(db, sql`select seq::float8 as seq from runs order by seq`)).map((r) => Number(r.seq));
  await db.execute(sql`set synchronous_commit = off`);
  for (const [i, seq] of seqs.entries()) {
    // A noisy decaying curve with a few spikes; wall time advances 0.1 s a step.
    await db.execute(sql`
      insert into metric_points (run_seq, key_id, step, value, wall_time)
      select ${seq}::int8, k.id, s, exp(-s / 30000.0) * (1 + 0.2 * sin(s / 50.0 + k.id)) + random() * 0.05
                                    + case when s % 9973 = 0 then 5 else 0 end, 1700000000 + ${seq}::int8 * 100000 + s * 0.1
      from metric_keys k cross join generate_series(0, ${steps - 1}::int8) s
      where k.project_id = ${project_id}`);
    if ((i + 1) % 10 === 0 || i + 1 === seqs.length) log(`  … ${i + 1}/${seqs.length} runs`);
  }
  await db.execute(sql`
    insert into run_metrics (run_seq, key_id, last_step, last_value)
    select r, k.id, ${steps - 1}::int8, 0 from unnest(${numberArray(seqs)}::text[]::int8[]) r cross join metric_keys k where k.project_id = ${project_id}`);
  await db.execute(sql`update runs set last_step = ${steps - 1}::int8`);
  await db.execute(sql`vacuum analyze`);
  return { user, runIds };
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): z.input<typeof MetricsBenchOptions> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      runs: { type: "string" },
      steps: { type: "string" },
      keys: { type: "string" },
      iterations: { type: "string" },
      "postgres-url": { type: "string" },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return {
    quick: values.quick || env.FOLIO_BENCH_QUICK === "1",
    runs: num(values.runs),
    steps: num(values.steps),
    keys: num(values.keys),
    iterations: num(values.iterations),
    postgresUrl: values["postgres-url"] ?? env.FOLIO_BENCH_DATABASE_URL ?? env.DATABASE_URL ?? undefined,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(parseCli(process.argv.slice(2), process.env)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
