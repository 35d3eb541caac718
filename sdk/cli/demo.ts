/**
 * `folio demo`: streams a small synthetic sweep through the SDK, live, so that a new user sees
 * a project fill in (curves growing, runs finishing, one failing, one crashing) without
 * training anything.
 */
import { parseArgs } from "node:util";
import { FolioClient } from "../client";
import { init } from "../index";
import { resolveSettings } from "../resolveSettings";
import type { Run } from "../Run";
import { abortableSleep } from "../withRetry";
import { UsageError, type Command } from "./Command";
import { serverOptions } from "./clientFromFlags";
import { demoMetrics, planDemoSweep, seededRandom, type DemoRunPlan } from "./demoSweep";
import { formatCount, formatDuration } from "./format";
import { ProgressBar } from "./ProgressBar";

/** `folio demo [--project demo] [--minutes 1.5] [--runs 8]`. */
export const demoCommand: Command = {
  name: "demo",
  summary: "stream a synthetic sweep of runs, live, to try Folio out",
  usage: `Usage: folio demo [--project P] [--minutes M] [--runs N] [--seed S]

Logs a small hyper-parameter sweep (learning rates, batch sizes, optimizers) through the SDK
in real time: loss and accuracy curves, validation metrics every 10 steps, a learning-rate
schedule. Runs start staggered; with 3 or more runs one diverges (loss becomes NaN; the run
is marked failed) and one stops heartbeating midway (the server marks it crashed after its
heartbeat timeout). Prints the project URL first: open it and watch.

Options:
  --project P   project to log to (default: demo)
  --minutes M   how long the sweep takes (default: 1.5)
  --runs N      number of runs, 1–50 (default: 8)
  --seed S      random seed, for a reproducible sweep (default: random)
  --url URL     server URL (default: FOLIO_URL, then \`folio login\`)
  --key KEY     API key (default: FOLIO_API_KEY, then \`folio login\`)`,

  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        project: { type: "string", default: "demo" },
        minutes: { type: "string", default: "1.5" },
        runs: { type: "string", default: "8" },
        seed: { type: "string" },
        ...serverOptions,
      },
    });
    const minutes = Number(values.minutes);
    if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) throw new UsageError("--minutes must be a number > 0");
    const count = Number(values.runs);
    if (!Number.isInteger(count) || count < 1 || count > 50) throw new UsageError("--runs must be an integer from 1 to 50");
    const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError("--seed must be an integer");

    const settings = await resolveSettings({ url: values.url, apiKey: values.key }, ctx.env);
    // Fail fast, with the server's own words, on a wrong URL or key.
    await new FolioClient({ ...settings, fetch: ctx.fetch }).me();

    const random = seededRandom(seed);
    const plans = planDemoSweep(count, random);
    const durationMs = minutes * 60_000;
    const startedAt = Date.now();
    const bar = new ProgressBar(ctx.stderr, { label: "demo", intervalMs: ctx.progressIntervalMs });
    const stats = { running: 0, finished: 0, failed: 0, crashed: 0, points: 0 };
    const outcomes: { plan: DemoRunPlan; run: Run; steps: number; state: string }[] = [];
    const warn = (message: string) => {
      bar.clear();
      ctx.stderr.write(`warning: ${message}\n`);
    };
    const detail = () =>
      `${stats.running} running, ${stats.finished} finished, ${stats.failed} failed, ${stats.crashed} stopped  ${formatCount(stats.points)} points`;

    const start = (plan: DemoRunPlan) =>
      init({
        project: values.project!,
        name: plan.name,
        config: plan.config,
        tags: plan.tags,
        group: plan.group,
        jobType: "train",
        notes: "Synthetic run logged by `folio demo`.",
        url: settings.url,
        apiKey: settings.apiKey,
        env: ctx.env,
        fetch: ctx.fetch,
        warn,
        handleExit: false,
      });

    const simulate = async (plan: DemoRunPlan, given: Run | null) => {
      await abortableSleep(Math.max(0, startedAt + plan.startAt * durationMs - Date.now()));
      const run = given ?? (await start(plan));
      stats.running++;
      const runStart = Date.now();
      const runDuration = durationMs * (1 - plan.startAt) * (0.85 + 0.15 * random());
      const stopStep = plan.fate === "finish" ? plan.steps : plan.fate === "crash" ? plan.endStep : plan.endStep + 3;
      const interval = runDuration / plan.steps;
      let best = 0;
      let step = 0;
      while (step < stopStep) {
        const due = Math.min(stopStep, Math.floor((Date.now() - runStart) / interval) + 1);
        for (; step < due; step++) {
          const metrics = demoMetrics(plan, step, random);
          run.log(metrics);
          stats.points += Object.keys(metrics).length;
          if (metrics.val_acc !== undefined && metrics.val_acc > best) best = metrics.val_acc;
        }
        if (step < stopStep) await abortableSleep(Math.max(10, Math.min(interval, 250)));
        bar.update(Math.min(1, (Date.now() - startedAt) / durationMs), detail());
      }
      stats.running--;
      let state: string;
      if (plan.fate === "crash") {
        await run.abandon();
        stats.crashed++;
        state = "stopped heartbeating (will be marked crashed)";
      } else if (plan.fate === "diverge") {
        run.updateSummary({ diverged_at_step: plan.endStep });
        await run.finish(1);
        stats.failed++;
        state = "failed (loss diverged to NaN)";
      } else {
        run.updateSummary({ best_val_acc: Math.round(best * 1e4) / 1e4 });
        await run.finish(0);
        stats.finished++;
        state = "finished";
      }
      outcomes.push({ plan, run, steps: step, state });
    };

    // The first run is created up front: its URL tells us the project's page.
    const first = await start(plans[0]!);
    const projectUrl = first.url?.replace(/\/runs\/[^/]+$/, "") ?? `${settings.url} (project ${values.project})`;
    ctx.stdout.write(`Streaming ${count} demo run${count === 1 ? "" : "s"} over ${formatDuration(durationMs / 1000)} to ${projectUrl}\n`);
    const ticker = setInterval(() => bar.update(Math.min(1, (Date.now() - startedAt) / durationMs), detail()), 250);
    ticker.unref();
    try {
      await Promise.all(plans.map((plan, i) => simulate(plan, i === 0 ? first : null)));
    } finally {
      clearInterval(ticker);
    }
    bar.done(1, detail());

    for (const { plan, run, steps, state } of outcomes.sort((a, b) => plans.indexOf(a.plan) - plans.indexOf(b.plan))) {
      ctx.stdout.write(`${run.id}  ${plan.name.padEnd(26)} ${String(steps).padStart(4)} steps  ${state}\n`);
    }
    if (plans.some((p) => p.fate === "crash")) {
      ctx.stdout.write("The stopped run turns \"crashed\" once the server's heartbeat timeout passes (FOLIO_HEARTBEAT_TIMEOUT_SECONDS, 5 min by default).\n");
    }
    ctx.stdout.write(`${projectUrl}\n`);
    return 0;
  },
};
