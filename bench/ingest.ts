/**
 * `bench/ingest`: N concurrent clients log history batches to a real Folio server over keep-alive
 * HTTP for a fixed time, on PostgreSQL and on PGlite, once with Folio's group-commit HistoryWriter
 * and once with a naive writer (one multi-row INSERT per request) on the same server code and the
 * same load. Each case gets a fresh database, a fresh server process and a fresh load process.
 * After each case the points in the database are counted and must equal the acknowledged total:
 * an acknowledged batch that is not in the database is a broken promise, not a slow one.
 */
import path from "node:path";
import { forkChild } from "./childProcess";
import { cpuBetween, snapshotCpu, type CpuUse } from "./cpuSampler";
import type { LoadReply, ServerReply } from "./ingestProtocol";
import { createScratchDatabase, postgresReachable } from "./scratchDatabase";
import { formatTable } from "./formatTable";

/** The issue's target, on PostgreSQL, on a 2-core machine. */
export const TARGET_POINTS_PER_SECOND = 300_000;

/** How to run the benchmark. */
export interface IngestOptions {
  seconds: number;
  warmupSeconds: number;
  clients: number;
  stepsPerRequest: number;
  backends: Array<"postgres" | "pglite">;
  writers: Array<"folio" | "naive">;
  postgresUrl: string;
  poolSize?: number;
  /** When set, the server child writes a V8 CPU profile into this directory. */
  profileDir?: string;
}

/** One measured case. */
export interface IngestCase {
  backend: "postgres" | "pglite";
  writer: "folio" | "naive";
  pointsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssBytes: number;
  /** Host CPU in the timed window, in cores; null without Linux /proc. */
  cpu: CpuUse | null;
  ackedPoints: number;
  pointsInDatabase: number;
  errors: number;
  firstError: string | null;
}

/** Runs every case and prints the table; resolves with the cases (for callers that check the target). */
export async function runIngestBench(opts: IngestOptions, log: (line: string) => void = console.log): Promise<IngestCase[]> {
  log(
    `ingest: ${opts.clients} clients × ${opts.stepsPerRequest} steps × 10–20 metrics per request, ` +
      `${opts.seconds} s per case after ${opts.warmupSeconds} s warm-up`,
  );
  const cases: IngestCase[] = [];
  for (const backend of opts.backends) {
    if (backend === "postgres" && !(await postgresReachable(opts.postgresUrl))) {
      log(`  postgres: skipped, nothing answers at ${redact(opts.postgresUrl)}`);
      continue;
    }
    for (const writer of opts.writers) {
      log(`  ${backend} / ${writer} …`);
      const c = await runCase(backend, writer, opts);
      cases.push(c);
      log(`    ${Math.round(c.pointsPerSecond).toLocaleString("en-US")} points/s, p99 ${c.p99Ms.toFixed(0)} ms`);
    }
  }
  log("");
  const perPoint = (c: IngestCase, cores: number | undefined) =>
    cores === undefined ? "–" : `${((cores * 1e6) / c.pointsPerSecond).toFixed(1)} µs`;
  log(formatTable(
    ["back end", "writer", "points/s", "requests/s", "p50 ack", "p99 ack", "server RSS", "CPU/pt server", "CPU/pt postgres", "other CPU", "in database / acknowledged"],
    cases.map((c) => [
      c.backend,
      c.writer === "folio" ? "folio" : "naive baseline",
      Math.round(c.pointsPerSecond).toLocaleString("en-US"),
      c.requestsPerSecond.toFixed(1),
      `${c.p50Ms.toFixed(0)} ms`,
      `${c.p99Ms.toFixed(0)} ms`,
      `${Math.round(c.peakRssBytes / 2 ** 20)} MiB`,
      perPoint(c, c.cpu?.server),
      c.backend === "postgres" ? perPoint(c, c.cpu?.postgres) : "(in server)",
      c.cpu ? `${(c.cpu.other * 100).toFixed(0)} %` : "–",
      `${c.pointsInDatabase.toLocaleString("en-US")} / ${c.ackedPoints.toLocaleString("en-US")} ${c.pointsInDatabase === c.ackedPoints ? "✓" : "✗"}`,
    ]),
    2,
  ));
  log("CPU/pt: CPU time per point acknowledged (postgres: every postgres process on this host). other CPU: the rest of");
  log("the host's CPU use in the window, in % of one core; when it is high, other work competed with the benchmark.");
  for (const c of cases.filter((x) => x.errors > 0)) log(`${c.backend} / ${c.writer}: ${c.errors} failed requests, first: ${c.firstError}`);
  for (const backend of opts.backends) {
    const folio = cases.find((c) => c.backend === backend && c.writer === "folio");
    const naive = cases.find((c) => c.backend === backend && c.writer === "naive");
    if (folio && naive) log(`${backend}: folio ${(folio.pointsPerSecond / naive.pointsPerSecond).toFixed(1)}× the naive baseline`);
  }
  const lost = cases.filter((c) => c.pointsInDatabase !== c.ackedPoints);
  log(lost.length === 0 ? "durability: every acknowledged point is in the database" : `durability: MISMATCH in ${lost.map((c) => `${c.backend}/${c.writer}`).join(", ")}`);
  const pg = cases.find((c) => c.backend === "postgres" && c.writer === "folio");
  const verdict = !pg ? "not measured" : pg.pointsPerSecond >= TARGET_POINTS_PER_SECOND && pg.pointsInDatabase === pg.ackedPoints ? "met" : "NOT met";
  const short = opts.seconds < 60 ? "; a short run, indicative only: the target is for 60 s sustained" : "";
  log(`target ≥ ${TARGET_POINTS_PER_SECOND.toLocaleString("en-US")} points/s on PostgreSQL: ${verdict}${pg ? ` (${Math.round(pg.pointsPerSecond).toLocaleString("en-US")} points/s${short})` : ""}`);
  return cases;
}

async function runCase(backend: "postgres" | "pglite", writer: "folio" | "naive", opts: IngestOptions): Promise<IngestCase> {
  const database = await createScratchDatabase(backend, opts.postgresUrl);
  const profile = opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(opts.profileDir)}`, `--cpu-prof-name=${backend}-${writer}-${Date.now()}.cpuprofile`] : [];
  const server = forkChild<ServerReply>("./ingestServer.ts", profile);
  try {
    server.send({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, writer, poolSize: opts.poolSize });
    const { url, apiKey } = await server.next("ready");
    const load = forkChild<LoadReply>("./ingestLoad.ts");
    load.send({ url, apiKey, clients: opts.clients, warmupSeconds: opts.warmupSeconds, seconds: opts.seconds, stepsPerRequest: opts.stepsPerRequest });
    await load.next("measuring");
    server.send({ type: "measure" });
    const cpuStart = snapshotCpu(server.process.pid!, load.process.pid!);
    await load.next("window-ended");
    const cpuEnd = snapshotCpu(server.process.pid!, load.process.pid!);
    const done = await load.next("done");
    await load.exited;
    server.send({ type: "count" });
    const counted = await server.next("counted");
    server.send({ type: "stop" });
    await server.next("stopped");
    await server.exited;
    const pct = (p: number) => done.latenciesMs[Math.min(done.latenciesMs.length - 1, Math.floor(p * done.latenciesMs.length))] ?? NaN;
    return {
      backend, writer,
      pointsPerSecond: done.windowPoints / done.windowSeconds,
      requestsPerSecond: done.windowRequests / done.windowSeconds,
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      peakRssBytes: counted.peakRss,
      cpu: cpuStart && cpuEnd ? cpuBetween(cpuStart, cpuEnd) : null,
      ackedPoints: done.ackedPoints,
      pointsInDatabase: counted.points,
      errors: done.errors,
      firstError: done.firstError,
    };
  } finally {
    if (server.process.exitCode === null) server.process.kill();
    await database.drop();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
