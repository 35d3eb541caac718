/**
 * The synthetic hyper-parameter sweep behind `folio demo`: plausible configs, and metric
 * curves that respond to them the way real training does (too high a learning rate diverges,
 * too low learns slowly; small batches are noisier; validation loss turns up late when a run
 * overfits). Pure functions of a seeded random source, so tests are deterministic.
 */

/** How a demo run ends. */
export type DemoFate = "finish" | "crash" | "diverge";

/** One planned run of the sweep. */
export interface DemoRunPlan {
  name: string;
  config: { lr: number; batch_size: number; optimizer: string; model: string; epochs: number; warmup: number; dropout: number };
  tags: string[];
  group: string;
  steps: number;
  fate: DemoFate;
  /** Step at which a crashing run stops, or a diverging run starts returning NaN. */
  endStep: number;
  /** When to start, as a fraction of the demo's duration. */
  startAt: number;
  /** Noise and curve parameters derived from the config. */
  floor: number;
  tau: number;
  noise: number;
  overfit: number;
}

/** A seeded PRNG (mulberry32): same seed, same sweep. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPTIMIZERS = { adam: 0.002, adamw: 0.003, sgd: 0.05 } as const;
const LRS = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1];
const BATCHES = [32, 64, 128, 256];

/**
 * Plans `count` runs. With three or more, one run crashes midway (stops heartbeating) and one
 * diverges (loss → NaN, finished with exit code 1), so every run state shows up.
 */
export function planDemoSweep(count: number, random: () => number): DemoRunPlan[] {
  const plans: DemoRunPlan[] = [];
  for (let i = 0; i < count; i++) {
    const optimizer = (Object.keys(OPTIMIZERS) as (keyof typeof OPTIMIZERS)[])[i % 3]!;
    const fate: DemoFate = count >= 3 && i === count - 1 ? "diverge" : count >= 3 && i === count - 2 ? "crash" : "finish";
    const lr = fate === "diverge" ? 0.8 : LRS[Math.floor(random() * LRS.length)]!;
    const batch = BATCHES[Math.floor(random() * BATCHES.length)]!;
    const steps = 200 + Math.floor(random() * 200);
    // Distance from the optimizer's sweet spot, in decades.
    const miss = Math.abs(Math.log10(lr / OPTIMIZERS[optimizer]));
    const smallBatch = 64 / batch;
    plans.push({
      name: `${optimizer}-lr${lr}-bs${batch}`,
      config: { lr, batch_size: batch, optimizer, model: "resnet18", epochs: 10, warmup: 0.05, dropout: Math.round(random() * 3) / 10 },
      tags: ["demo", optimizer, ...(i === 0 ? ["baseline"] : []), ...(fate === "crash" ? ["preemptible"] : [])],
      group: `sweep-${optimizer}`,
      steps,
      fate,
      endStep: fate === "crash" ? Math.floor(steps * 0.55) : fate === "diverge" ? Math.floor(steps * 0.4) : steps,
      startAt: count === 1 ? 0 : (i / (count - 1)) * 0.35,
      floor: 0.06 + 0.12 * miss * miss + 0.02 * random(),
      tau: steps * (0.12 + 0.18 * Math.min(miss, 1.5)),
      noise: 0.02 + 0.02 * Math.sqrt(smallBatch),
      overfit: 0.25 * smallBatch * (0.5 + random()),
    });
  }
  return plans;
}

/** Gaussian noise (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The metrics a run logs at `step`; `val_*` every 10 steps. */
export function demoMetrics(plan: DemoRunPlan, step: number, random: () => number): Record<string, number> {
  const progress = step / plan.steps;
  const warmup = plan.config.warmup;
  const lr = progress < warmup ? (plan.config.lr * (step + 1)) / (warmup * plan.steps) : plan.config.lr * 0.5 * (1 + Math.cos(Math.PI * progress));
  let loss: number;
  if (plan.fate === "diverge") {
    // Explodes, then overflows to NaN at endStep, as a too-large learning rate does.
    loss = step >= plan.endStep ? NaN : 2.3 * Math.exp((4 * step) / plan.endStep) * (1 + plan.noise * gaussian(random));
  } else {
    const clean = plan.floor + (2.3 - plan.floor) * Math.exp(-step / plan.tau);
    loss = Math.max(0.01, clean * (1 + plan.noise * gaussian(random)));
  }
  const accuracy = (l: number) => Math.min(0.999, Math.max(0, 0.1 + 0.9 * Math.pow(Math.max(0, 1 - l / 2.3), 1.4)));
  const metrics: Record<string, number> = {
    loss,
    acc: Number.isNaN(loss) ? NaN : accuracy(loss) + 0.01 * gaussian(random),
    lr,
    grad_norm: Number.isNaN(loss) ? Infinity : Math.abs(1.5 * Math.exp(-progress * 2) + 0.3 * gaussian(random)) + (plan.fate === "diverge" ? loss : 0),
  };
  if (step % 10 === 0) {
    const overfit = plan.overfit * Math.max(0, progress - 0.5) ** 2;
    const val = Number.isNaN(loss) ? NaN : plan.floor + (2.3 - plan.floor) * Math.exp(-step / plan.tau) + 0.05 + overfit + 0.01 * gaussian(random);
    metrics.val_loss = val;
    metrics.val_acc = Number.isNaN(val) ? NaN : accuracy(val);
  }
  return metrics;
}
