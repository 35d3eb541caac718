/**
 * `npm run bench`: runs every benchmark in bench/ — ingest, metrics-query, points-layout, runs-table, collab, report-render — each
 * printing its figures beside the baseline it ran with. Options are parsed once here, with zod,
 * and passed down.
 *
 *   npm run bench                          everything, full size (ingest: 60 s per case)
 *   npm run bench -- --quick               small and fast (ingest: 5 s per case; also FOLIO_BENCH_QUICK=1)
 *   npm run bench -- --bench ingest --only postgres --clients 32 --seconds 20
 *   npm run bench -- --bench ingest --writer folio --profile bench/.profiles   CPU profile of the server
 *   npm run bench -- --bench collab [--quick] [--reports 200] [--compaction-workers 1] [--load-processes 2] [--integrate]   collab-server vs Hocuspocus
 *   npm run bench -- --bench report-render [--quick]               20 live panels in Chromium vs unsampled
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { runCollabBench } from "./collab";
import { runIngestBench } from "./ingest";
import { main as runMetricsQueryBench } from "./metrics-query";
import { runPointsLayoutBench } from "./pointsLayout";
import { runReportRenderBench } from "./report-render";
import { runRunsTableBench } from "./runs-table";

const BENCHES = ["ingest", "metrics-query", "points-layout", "runs-table", "collab", "report-render"] as const;

const Options = z.object({
  bench: z.array(z.enum(BENCHES)).default([...BENCHES]),
  quick: z.boolean(),
  seconds: z.coerce.number().positive().optional(),
  warmup: z.coerce.number().min(0).optional(),
  clients: z.coerce.number().int().min(1).max(1000).default(16),
  steps: z.coerce.number().int().min(1).max(5000).default(300),
  only: z.enum(["postgres", "pglite"]).optional(),
  writer: z.enum(["folio", "naive"]).optional(),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  poolSize: z.coerce.number().int().min(2).max(100).optional(),
  profile: z.string().optional(),
  reports: z.coerce.number().int().min(1).max(2000).optional(),
  compactionWorkers: z.coerce.number().int().min(0).max(16).default(1),
  loadProcesses: z.coerce.number().int().min(1).max(16).optional(),
  integrate: z.boolean().default(false),
});

function parseOptions(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      bench: { type: "string", multiple: true },
      quick: { type: "boolean", default: false },
      seconds: { type: "string" },
      warmup: { type: "string" },
      clients: { type: "string" },
      steps: { type: "string" },
      only: { type: "string" },
      writer: { type: "string" },
      "postgres-url": { type: "string" },
      "pool-size": { type: "string" },
      profile: { type: "string" },
      reports: { type: "string" },
      "compaction-workers": { type: "string" },
      "load-processes": { type: "string" },
      integrate: { type: "boolean", default: false },
    },
  });
  const parsed = Options.safeParse({
    ...values,
    bench: values.bench?.flatMap((b) => b.split(",")),
    quick: values.quick || env.FOLIO_BENCH_QUICK === "1",
    postgresUrl: values["postgres-url"] ?? env.FOLIO_BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    poolSize: values["pool-size"],
    compactionWorkers: values["compaction-workers"],
    loadProcesses: values["load-processes"],
  });
  if (!parsed.success) {
    throw new Error(`Invalid options:\n${parsed.error.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return parsed.data;
}

async function main() {
  const o = parseOptions(process.argv.slice(2), process.env);
  for (const bench of o.bench) {
    if (bench === "ingest") {
      await runIngestBench({
        seconds: o.seconds ?? (o.quick ? 5 : 60),
        warmupSeconds: o.warmup ?? (o.quick ? 1 : 5),
        clients: o.clients,
        stepsPerRequest: o.steps,
        backends: o.only ? [o.only] : ["postgres", "pglite"],
        writers: o.writer ? [o.writer] : ["folio", "naive"],
        postgresUrl: o.postgresUrl,
        poolSize: o.poolSize,
        profileDir: o.profile,
      });
    } else if (bench === "collab") {
      await runCollabBench({
        postgresUrl: o.postgresUrl,
        reports: o.reports ?? (o.quick ? 20 : 200),
        clientsPerReport: 5,
        editsPerSecond: 2,
        warmupSeconds: o.warmup ?? (o.quick ? 2 : 5),
        seconds: o.seconds ?? (o.quick ? 5 : 20),
        coldLoadOperations: o.quick ? 25_000 : 250_000,
        servers: ["folio", "hocuspocus"],
        compactionWorkers: o.compactionWorkers,
        compactionRounds: o.quick ? 2 : 5,
        loadProcesses: o.loadProcesses,
        integrate: o.integrate,
      });
    } else if (bench === "metrics-query") {
      await runMetricsQueryBench({ quick: o.quick, postgresUrl: o.postgresUrl });
    } else if (bench === "report-render") {
      await runReportRenderBench({ quick: o.quick, postgresUrl: o.postgresUrl });
    } else if (bench === "runs-table") {
      await runRunsTableBench({ quick: o.quick, postgresUrl: o.postgresUrl, backends: o.only ? [o.only] : undefined });
    } else {
      await runPointsLayoutBench({ postgresUrl: o.postgresUrl, runs: o.quick ? 20 : 100, keys: o.quick ? 5 : 10, steps: 10_000, iterations: o.quick ? 5 : 15 });
    }
    console.log("");
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
