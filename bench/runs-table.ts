/**
 * `bench/runs-table`: the runs browser's queries over one project of 10,000 runs, on PostgreSQL and
 * PGlite. Each case goes through the run query engine in-process (server/query, as the project
 * page's loader does: a first page of 200 rows plus the total) and prints p50 / p95 beside the
 * baseline measured in the same run: load every run of the project and filter + sort in Node
 * (what a table that filters client-side must do). Target: filter + sort p95 < 100 ms.
 *
 *   npx tsx bench/runs-table.ts                 10,000 runs, PostgreSQL and PGlite
 *   npx tsx bench/runs-table.ts --quick         2,000 runs
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { loadProjectFields } from "../app/data/project-runs.server";
import { openDatabase, rows, type Db } from "../db/client";
import { runs } from "../db/schema";
import { findRuns } from "../server/query/findRuns";
import { groupRuns } from "../server/query/groupRuns";
import { signUp, type User } from "../server/services/accounts";
import { createOrResumeRun } from "../server/services/runs";
import { formatTable } from "./formatTable";
import { createScratchDatabase, postgresReachable } from "./scratchDatabase";

/** How to run the benchmark. */
export const RunsTableBenchOptions = z.object({
  quick: z.boolean().default(false),
  runs: z.number().int().min(100).max(200_000).optional(),
  iterations: z.number().int().min(1).max(1000).default(40),
  backends: z.array(z.enum(["postgres", "pglite"])).default(["postgres", "pglite"]),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").default("postgres://postgres@127.0.0.1:5432/postgres"),
});

/** One measured case. */
export interface RunsTableCase {
  backend: string;
  name: string;
  p50Ms: number;
  p95Ms: number;
  rows: number;
}

const PAGE = 200;

/** Builds the project on each back end, measures every case, prints one table. */
export async function runRunsTableBench(input: z.input<typeof RunsTableBenchOptions> = {}, log: (line: string) => void = console.log): Promise<RunsTableCase[]> {
  const opts = RunsTableBenchOptions.parse(input);
  const count = opts.runs ?? (opts.quick ? 2_000 : 10_000);
  const results: RunsTableCase[] = [];
  for (const backend of opts.backends) {
    if (backend === "postgres" && !(await postgresReachable(opts.postgresUrl))) {
      log(`runs-table: PostgreSQL skipped, none at ${opts.postgresUrl.replace(/\/\/[^@]*@/, "//…@")}`);
      continue;
    }
    const scratch = await createScratchDatabase(backend, opts.postgresUrl);
    const database = await openDatabase(backend === "postgres" ? { kind: "postgres", url: scratch.databaseUrl!, poolSize: 4 } : { kind: "pglite", dataDir: scratch.dataDir });
    try {
      await database.migrate();
      const { db } = database;
      const t0 = performance.now();
      const { user, projectId } = await buildProject(db, count);
      log(`runs-table (${backend}): ${count.toLocaleString("en")} runs built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const project = "bench/table";
      const dbKind = backend;
      const cases: Array<[string, () => Promise<number>]> = [
        ["newest first, page 1 + total", async () => (await findRuns(db, user, { project, limit: PAGE }, { dbKind })).runs.length],
        ["filter config.lr < 0.01, sort summary.loss ↑", async () =>
          (await findRuns(db, user, { project, limit: PAGE, filter: { field: "config.lr", op: "<", value: 0.01 }, sort: "summary.loss" }, { dbKind })).runs.length],
        ["filter optimizer = adam ∧ acc > 0.5, sort config.lr ↓", async () =>
          (await findRuns(db, user, {
            project, limit: PAGE, sort: "-config.lr",
            filter: { and: [{ field: "config.optimizer", op: "=", value: "adam" }, { field: "summary.acc", op: ">", value: 0.5 }] },
          }, { dbKind })).runs.length],
        ["search \"run-01\", sort name", async () => (await findRuns(db, user, { project, limit: PAGE, search: "run-01", sort: "name" }, { dbKind })).runs.length],
        ["page 10 of sort summary.loss (offset 1,800)", async () =>
          (await findRuns(db, user, { project, limit: PAGE, sort: "summary.loss", cursor: `o${PAGE * 9}` }, { dbKind })).runs.length],
        ["group by config.optimizer, 3 aggregates", async () =>
          (await groupRuns(db, user, { project, groupBy: "config.optimizer", limit: 100 }, ["summary.loss", "summary.acc", "config.lr"], { dbKind })).groups.length],
        ["page data: field sample (500 runs)", async () => (await loadProjectFields(db, user, project)).config.length],
        ["baseline: load all, filter lr < 0.01 + sort loss in Node", () => naiveFilterSort(db, projectId)],
      ];
      for (const [name, fn] of cases) {
        for (let i = 0; i < 3; i++) await fn();
        const times: number[] = [];
        let n = 0;
        for (let i = 0; i < opts.iterations; i++) {
          const t = performance.now();
          n = await fn();
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
        results.push({ backend, name, p50Ms: pct(50), p95Ms: pct(95), rows: n });
      }
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
  log(formatTable(
    ["back end", "case", "p50 ms", "p95 ms", "rows / groups"],
    results.map((r) => [r.backend, r.name, r.p50Ms.toFixed(1), r.p95Ms.toFixed(1), String(r.rows)]),
    2,
  ));
  log("target: filter + sort p95 < 100 ms over 10,000 runs");
  return results;
}

/** One project of `count` runs with a sweep's config and summary (inserted in bulk, not over HTTP). */
async function buildProject(db: Db, count: number): Promise<{ user: User; projectId: number }> {
  const user = await signUp(db, { email: "bench@example.com", password: "correct horse battery", name: "bench" });
  const { run } = await createOrResumeRun(db, user, { project: "bench/table", id: "seed" });
  const projectId = run.row.projectId;
  await rows(db, sql`
    insert into runs (id, project_id, created_by, name, config, summary, tags, state, created_at, heartbeat_at, finished_at, last_step)
    select 'r' || g, ${projectId}, ${user.id}, 'run-' || lpad(g::text, 5, '0'),
           jsonb_build_object('lr', (array[0.1, 0.03, 0.01, 0.003, 0.001])[1 + g % 5], 'optimizer', (array['adam', 'sgd', 'adamw'])[1 + g % 3],
                              'batch_size', (array[32, 64, 128])[1 + g % 3], 'model', jsonb_build_object('depth', 10 + g % 40)),
           jsonb_build_object('loss', 1.0 / (1 + g % 997), 'acc', (g % 1000) / 1000.0, 'epoch', g % 20),
           case when g % 7 = 0 then array['baseline'] else array[]::text[] end,
           case when g % 50 = 0 then 'crashed' else 'finished' end,
           now() - (g || ' minutes')::interval, now(), now(), 1000
    from generate_series(1, ${count - 1}) g`);
  await rows(db, sql`analyze runs`);
  return { user, projectId };
}

/** The baseline: every run of the project to Node, then filter and sort there. */
async function naiveFilterSort(db: Db, projectId: number): Promise<number> {
  const all = await db.select().from(runs).where(eq(runs.projectId, projectId));
  const loss = (r: (typeof all)[number]) => (typeof r.summary.loss === "number" ? r.summary.loss : Infinity);
  return all
    .filter((r) => typeof r.config.lr === "number" && r.config.lr < 0.01)
    .sort((a, b) => loss(a) - loss(b))
    .slice(0, PAGE).length;
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): z.input<typeof RunsTableBenchOptions> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean", default: false }, runs: { type: "string" }, iterations: { type: "string" }, only: { type: "string" }, "postgres-url": { type: "string" } },
  });
  return {
    quick: values.quick || env.FOLIO_BENCH_QUICK === "1",
    runs: values.runs === undefined ? undefined : Number(values.runs),
    iterations: values.iterations === undefined ? undefined : Number(values.iterations),
    backends: values.only ? [values.only as "postgres" | "pglite"] : undefined,
    postgresUrl: values["postgres-url"] ?? env.FOLIO_BENCH_DATABASE_URL ?? env.DATABASE_URL ?? undefined,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRunsTableBench(parseCli(process.argv.slice(2), process.env)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
