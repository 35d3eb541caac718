/**
 * `bench/report-render`: headless Chromium opens a report with 20 line-plot panels × 20 runs ×
 * 10,000 steps and measures what a reader feels:
 *   - time from navigation until every panel has drawn,
 *   - bytes fetched per panel (the metrics query answers),
 *   - main-thread time per live-update tick while the 20 runs log at 10 steps/s: Chromium's own
 *     TaskDuration counter over a window, divided by the logging ticks in it (the runs log once a
 *     second, 10 steps each, and panels refresh at most once a second), with the panel redraws
 *     in the window printed beside it (panels scrolled off screen wait until they are back), and
 *     beside it the page's workers' time per tick (the figure worker draws the line plots and
 *     appends their live points off the main thread: decision 019), from a Chromium trace of the
 *     window's top-level tasks,
 * for Folio's panels (the metrics engine's M4 point budget) and, in the same run, for the baseline:
 * the same report whose panels fetch every point unsampled. Targets: all panels drawn < 1.5 s;
 * < 4 ms main-thread per tick. The server runs in its own process (bench/renderServer.ts) with the
 * built app in production mode, as `npm start` runs it; the browser and the logging client are
 * driven from this one.
 *
 *   npx tsx bench/report-render.ts            full size
 *   npx tsx bench/report-render.ts --quick    2,000 steps per run, shorter live window
 *
 * Needs the built app (`npx remix vite:build`; built here when build/ is missing) and Debian's
 * Chromium at /usr/bin/chromium (FOLIO_E2E_CHROMIUM overrides).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { z } from "zod";
import { canonicalJson, defaultRunSet, Panel, type PanelGrid } from "../editor/panels/panelSpec";
import { launchBrowser, newContext } from "../tests/e2e/browser";
import { api } from "../tests/helpers/server";
import { forkChild } from "./childProcess";
import { formatTable } from "./formatTable";
import type { RenderServerReply, RenderServerSpec } from "./renderServer";
import { createScratchDatabase } from "./scratchDatabase";

/** The Folio server under measurement (bench/renderServer.ts, its own process). */
interface BenchServer {
  url: string;
  apiKey: string;
  cookie: { name: string; value: string };
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** How to run the benchmark. */
export const ReportRenderOptions = z.object({
  quick: z.boolean().default(false),
  panels: z.number().int().min(1).max(60).default(20),
  runs: z.number().int().min(1).max(100).default(20),
  steps: z.number().int().min(100).max(100_000).optional(),
  liveSeconds: z.number().min(2).max(120).optional(),
  postgresUrl: z.string().optional(),
});

/** One measured report. */
export interface ReportRenderResult {
  name: string;
  drawnMs: number;
  /** Main-thread busy time from navigation until every panel had drawn (the rest is waiting on the server). */
  loadMainThreadMs: number;
  bytesPerPanel: number;
  msPerTick: number;
  /** CPU time of the page's workers per tick (the figure worker), from a trace of the live window. */
  workerMsPerTick: number;
  ticks: number;
  /** Panel figures drawn whole (on canvas, or by plotly) during the live window. */
  redraws: number;
  /** Live appends stroked onto a drawn figure during the live window. */
  appends: number;
  /** Whole-figure draws when every panel had drawn, and 1.5 s later (before the live window). */
  drawsAtLoad: number;
  drawsSettled: number;
  /** ms from navigation: the first metrics query sent, the last answer received. */
  queries: [number, number];
}

/** The Folio Markdown of a report holding one grid of line plots, `points` per line. */
export function benchReportMarkdown(project: string, panels: number, runs: number, points: number): string {
  const runSet = { ...defaultRunSet(project, "runs", "Bench runs"), limit: runs };
  const grid: PanelGrid = {
    version: 1,
    runSets: [runSet],
    panels: Array.from({ length: panels }, (_, i) =>
      Panel.parse({
        id: `p${i}`,
        type: "line",
        title: `m${i}`,
        runSet: "runs",
        layout: { x: (i % 2) * 6, y: Math.floor(i / 2) * 7, w: 6, h: 7 },
        config: { metrics: [`m${i}`], points, maxRuns: runs },
      }),
    ),
  };
  return `# Render bench\n\n\`\`\`folio-panels\n${canonicalJson({ id: "grid", ...grid }, 2)}\n\`\`\`\n`;
}

async function seed(t: BenchServer, project: string, runs: number, steps: number, keys: number): Promise<string[]> {
  const ids: string[] = [];
  for (let r = 0; r < runs; r++) {
    const created = await api(t, "POST", "/api/v1/runs", { project, name: `run-${r}`, config: { lr: 10 ** -(1 + (r % 4)), seed: r } });
    if (created.status !== 201) throw new Error(`creating a run: ${JSON.stringify(created.body)}`);
    ids.push(created.body.id as string);
  }
  const BATCH = 1000;
  await Promise.all(
    ids.map(async (id, r) => {
      for (let from = 0; from < steps; from += BATCH) {
        const rows = [];
        for (let s = from; s < Math.min(steps, from + BATCH); s++) {
          const metrics: Record<string, number> = {};
          for (let k = 0; k < keys; k++) metrics[`m${k}`] = Math.exp(-s / (steps / 3)) * (1 + k / 10) + 0.05 * Math.sin(s / 7 + r);
          rows.push({ step: s, metrics });
        }
        const res = await api(t, "POST", `/api/v1/runs/${id}/history`, { rows });
        if (res.status !== 200) throw new Error(`logging: ${JSON.stringify(res.body)}`);
      }
    }),
  );
  return ids;
}

/** Opens `path` and waits until every panel has drawn at least once; returns ms and bytes. */
async function openReport(page: Page, path: string, panels: number): Promise<{ drawnMs: number; bytes: number; queries: [number, number] }> {
  await page.goto(path);
  // A string, not a function: tsx would wrap named inner functions in its own `__name` helper,
  // which the page does not have.
  const drawnMs = await page.evaluate(`(async () => {
    const drawn = () => [...document.querySelectorAll(".panel-figure")].filter((f) => Number(f.getAttribute("data-drawn")) > 0).length;
    while (drawn() < ${panels}) await new Promise((r) => requestAnimationFrame(r));
    return performance.now();
  })()`) as number;
  // When the first metrics query left and the last answer arrived, and the answers' bytes (resource
  // timing, from navigation; the server does not compress them, so the encoded size is the body's).
  const { queries, bytes } = await page.evaluate(`(() => {
    const q = performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/v1/metrics/query"));
    return {
      queries: q.length ? [Math.min(...q.map((e) => e.startTime)), Math.max(...q.map((e) => e.responseEnd))] : [NaN, NaN],
      bytes: q.reduce((sum, e) => sum + e.encodedBodySize, 0),
    };
  })()`) as { queries: [number, number]; bytes: number };
  if (process.env.FOLIO_BENCH_TIMELINE === "1") {
    console.log(await page.evaluate(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const rows = [["document", nav.startTime, nav.responseEnd], ["domContentLoaded", nav.domContentLoadedEventEnd, nav.domContentLoadedEventEnd], ["load", nav.loadEventEnd, nav.loadEventEnd]];
      for (const e of performance.getEntriesByType("resource")) rows.push([e.name.replace(location.origin, ""), e.startTime, e.responseEnd]);
      for (const m of performance.getEntriesByType("mark")) rows.push(["mark " + m.name, m.startTime, m.startTime]);
      return rows.sort((a, b) => a[1] - b[1]).map(([n, a, b]) => a.toFixed(0).padStart(6) + " " + b.toFixed(0).padStart(6) + " " + String(n).slice(0, 90)).join("\\n");
    })()`));
  }
  return { drawnMs, bytes, queries };
}

/** Whole-figure draws and live appends so far, over all panels. */
async function drawsSoFar(page: Page): Promise<{ draws: number; appends: number }> {
  // A string: tsx would wrap the inner arrow in its `__name` helper, which the page lacks.
  return page.evaluate(`(() => {
    const figures = [...document.querySelectorAll(".panel-figure")];
    const sum = (attr) => figures.reduce((s, f) => s + Number(f.getAttribute(attr) ?? 0), 0);
    return { draws: sum("data-drawn"), appends: sum("data-appended") };
  })()`) as Promise<{ draws: number; appends: number }>;
}

/** Logs 10 steps/s to every run until `stop` is called; resolves with the logging ticks done. */
function startLogging(t: BenchServer, ids: string[], fromStep: number, keys: number): () => Promise<number> {
  let stopped = false;
  let step = fromStep;
  let ticks = 0;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      const rows = Array.from({ length: 10 }, (_, i) => {
        const metrics: Record<string, number> = {};
        for (let k = 0; k < keys; k++) metrics[`m${k}`] = 0.01 * Math.random();
        return { step: step + i, metrics };
      });
      step += 10;
      await Promise.all(ids.map((id) => api(t, "POST", `/api/v1/runs/${id}/history`, { rows })));
      ticks++;
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return ticks;
  };
}

/** Starts (`file` null) or stops and writes the server's CPU profile. */
type ServerProfiler = (file: string | null) => Promise<void>;

async function measure(browser: Browser, t: BenchServer, serverProfile: ServerProfiler, name: string, path: string, ids: string[], fromStep: number, o: z.infer<typeof ReportRenderOptions>, liveSeconds: number): Promise<ReportRenderResult> {
  const context = await newContext(browser, t);
  await context.addCookies([{ ...t.cookie, url: t.url, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const task = async () => ((await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
  // FOLIO_BENCH_BROWSER_PROF=<dir>: the page's CPU profiles of the load and of the live window.
  // FOLIO_BENCH_TRACE=1 as well: Chromium traces of the same windows (FOLIO_BENCH_TRACE_CATEGORIES:
  // a comma-separated list instead of the timeline's, e.g. with toplevel,blink,v8,netlog,cc to
  // attribute the browser's own work); FOLIO_BENCH_TRACE=only: the traces without the CPU profiles.
  const profDir = process.env.FOLIO_BENCH_BROWSER_PROF;
  const trace = !!profDir && (process.env.FOLIO_BENCH_TRACE === "1" || process.env.FOLIO_BENCH_TRACE === "only");
  const cpuProfile = !!profDir && process.env.FOLIO_BENCH_TRACE !== "only";
  const fileStem = `${profDir}/${name.split(" ")[0]}`;
  // FOLIO_BENCH_SERVER_PROF=1 as well: the server's CPU profiles of the same windows.
  const serverProf = !!profDir && process.env.FOLIO_BENCH_SERVER_PROF === "1";
  const categories = process.env.FOLIO_BENCH_TRACE_CATEGORIES?.split(",") ?? ["devtools.timeline", "disabled-by-default-devtools.timeline"];
  const profile = async <T>(phase: string, body: () => Promise<T>): Promise<T> => {
    if (profDir) mkdirSync(profDir, { recursive: true });
    if (cpuProfile) await cdp.send("Profiler.enable").then(() => cdp.send("Profiler.start"));
    if (trace) await browser.startTracing(page, { categories });
    if (serverProf) await serverProfile(null);
    const result = await body();
    if (cpuProfile) {
      const { profile: p } = await cdp.send("Profiler.stop");
      writeFileSync(`${fileStem}-${phase}.cpuprofile`, JSON.stringify(p));
    }
    if (trace) writeFileSync(`${fileStem}-${phase}.trace.json`, await browser.stopTracing());
    if (serverProf) await serverProfile(`${fileStem}-${phase}-server.cpuprofile`);
    return result;
  };
  const loadTask0 = await task();
  const { drawnMs, bytes, queries } = await profile("load", () => openReport(page, path, o.panels));
  const loadMainThreadMs = (await task()) - loadTask0;
  const drawsAtLoad = (await drawsSoFar(page)).draws;
  // Settle: the live feed's first resync catches up (the runs again, an append).
  await page.waitForTimeout(1500);
  const draws0 = await drawsSoFar(page);
  const task0 = await task();
  // The workers' CPU time over the window: a trace of top-level tasks only (cheap), unless traced anyway.
  const workerTrace = !trace;
  if (workerTrace) await browser.startTracing(page, { categories: ["toplevel"] });
  const ticks = await profile("live", async () => {
    const stop = startLogging(t, ids, fromStep, o.panels);
    await page.waitForTimeout(liveSeconds * 1000);
    return stop();
  });
  const workerMs = workerTrace ? workerThreadMs(JSON.parse((await browser.stopTracing()).toString("utf8"))) : Number.NaN;
  const task1 = await task();
  const draws1 = await drawsSoFar(page);
  await context.close();
  return {
    name, drawnMs, loadMainThreadMs, bytesPerPanel: bytes / o.panels, msPerTick: ticks > 0 ? (task1 - task0) / ticks : Number.NaN, workerMsPerTick: ticks > 0 ? workerMs / ticks : Number.NaN, ticks,
    redraws: draws1.draws - draws0.draws, appends: draws1.appends - draws0.appends, drawsAtLoad, drawsSettled: draws0.draws, queries,
  };
}

/** CPU time (ms) of the top-level tasks of the trace's dedicated worker threads. */
export function workerThreadMs(trace: { traceEvents?: Array<{ ph?: string; name?: string; pid?: number; tid?: number; args?: { name?: string }; tdur?: number; ts?: number; dur?: number }> }): number {
  const events = trace.traceEvents ?? [];
  const workers = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name?.startsWith("DedicatedWorker")).map((e) => `${e.pid}:${e.tid}`));
  let total = 0;
  const end = new Map<string, number>();
  const tasks = events.filter((e) => e.ph === "X" && e.tdur !== undefined && workers.has(`${e.pid}:${e.tid}`)).sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  // Outermost events only: nested ones are part of their parent's time.
  for (const e of tasks) {
    const thread = `${e.pid}:${e.tid}`;
    if ((e.ts ?? 0) < (end.get(thread) ?? -1)) continue;
    end.set(thread, (e.ts ?? 0) + (e.dur ?? 0));
    total += e.tdur ?? 0;
  }
  return total / 1000;
}

/** Builds the data and both reports, measures, prints one table. */
export async function runReportRenderBench(input: z.input<typeof ReportRenderOptions> = {}, log: (line: string) => void = console.log): Promise<ReportRenderResult[]> {
  const o = ReportRenderOptions.parse(input);
  const steps = o.steps ?? (o.quick ? 2_000 : 10_000);
  const liveSeconds = o.liveSeconds ?? (o.quick ? 5 : 15);
  if (!existsSync(`${ROOT}/build/server/index.js`)) {
    log("report-render: building the app (npx remix vite:build)…");
    const built = spawnSync("npx", ["remix", "vite:build"], { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" }, stdio: "inherit" });
    if (built.status !== 0) throw new Error("remix vite:build failed");
  }
  // The server runs in its own process, as `npm start` runs it: Playwright's protocol traffic and
  // the live window's logging client would otherwise share its event loop.
  const database = await createScratchDatabase(o.postgresUrl ? "postgres" : "pglite", o.postgresUrl);
  const child = forkChild<RenderServerReply>("./renderServer.ts");
  child.send({ dataDir: database.dataDir, databaseUrl: database.databaseUrl } satisfies RenderServerSpec);
  const [t, browser] = await Promise.all([child.next("ready"), launchBrowser()]);
  try {
    const project = "render-bench";
    const started = Date.now();
    const ids = await seed(t, project, o.runs, steps, o.panels);
    log(`report-render: ${o.runs} runs × ${o.panels} metrics × ${steps.toLocaleString("en-US")} steps logged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // A report is read a while after its runs logged: by then the background maintainer has built
    // the rollups (decision 015). Waiting for it measures that steady state, and says how long it took.
    const settling = Date.now();
    child.send({ type: "settle" });
    await child.next("settled");
    log(`report-render: rollups current ${((Date.now() - settling) / 1000).toFixed(1)} s after the last write`);
    const fullProject = (await api(t, "GET", `/api/v1/runs/${ids[0]}`)).body.project as string;
    const make = async (title: string, points: number) => {
      const res = await api(t, "POST", "/api/v1/reports", { project: fullProject, title, markdown: benchReportMarkdown(fullProject, o.panels, o.runs, points) });
      if (res.status !== 201) throw new Error(`creating the report: ${JSON.stringify(res.body)}`);
      return `/reports/${res.body.id as string}`;
    };
    // FOLIO_BENCH_REPEAT=n: Folio's report measured n times (a new browser context each), to see the spread.
    const repeat = Math.max(1, Number(process.env.FOLIO_BENCH_REPEAT ?? 1) || 1);
    /** Steps one live window logs at most (a tick a second, 10 steps each), with room to spare. */
    const perWindow = liveSeconds * 10 + 100;
    const folioPath = await make("Render bench (Folio)", 1000);
    // Unsampled: a budget of at least every step, so the engine returns every point.
    const baselinePath = await make("Render bench (baseline)", steps + (repeat + 1) * perWindow + 100);
    const serverProfile: ServerProfiler = async (file) => {
      child.send({ type: "profile", file });
      await child.next("profiling");
    };
    const folio: ReportRenderResult[] = [];
    for (let i = 0; i < repeat; i++) {
      const name = repeat > 1 ? `folio (M4, 1,000 points/line) #${i + 1}` : "folio (M4, 1,000 points/line)";
      folio.push(await measure(browser, t, serverProfile, name, folioPath, ids, steps + i * perWindow, o, liveSeconds));
    }
    const results = [
      ...folio,
      // FOLIO_BENCH_SKIP_BASELINE=1 while iterating on Folio's side (the printed table then lacks it).
      ...(process.env.FOLIO_BENCH_SKIP_BASELINE === "1" ? [] : [await measure(browser, t, serverProfile, "baseline (every point)", baselinePath, ids, steps + repeat * perWindow, o, liveSeconds)]),
    ];
    log(
      formatTable(
        ["report", "all panels drawn", "main thread until drawn", "queries (first sent – last answered)", "draws at load", "bytes / panel", "main thread / tick", "workers / tick", "ticks", "figures redrawn", "live appends"],
        results.map((r) => [r.name, `${r.drawnMs.toFixed(0)} ms`, `${r.loadMainThreadMs.toFixed(0)} ms`, `${r.queries[0].toFixed(0)} – ${r.queries[1].toFixed(0)} ms`, `${r.drawsAtLoad} → ${r.drawsSettled}`, `${(r.bytesPerPanel / 1024).toFixed(1)} KiB`, Number.isFinite(r.msPerTick) ? `${r.msPerTick.toFixed(1)} ms` : "–", Number.isFinite(r.workerMsPerTick) ? `${r.workerMsPerTick.toFixed(1)} ms` : "–", String(r.ticks), String(r.redraws), String(r.appends)]),
      ),
    );
    log("targets: all panels drawn < 1,500 ms; < 4 ms main-thread per tick");
    return results;
  } finally {
    await browser.close();
    child.send({ type: "stop" });
    await Promise.race([child.next("stopped").catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.process.exitCode === null) child.process.kill();
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, "postgres-url": { type: "string" } } });
  runReportRenderBench({ quick: values.quick, postgresUrl: values["postgres-url"] }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
