/**
 * Keeps rollups current in the background (docs/decisions/015-panel-data-at-report-scale.md), so
 * that a report opened after its runs logged reads 64-step rollups instead of building them first.
 * Readers stay correct without it: ensureRollups before every rollup read rebuilds whatever is
 * still stale. It works only while the history writer is idle, a small batch of keys at a time
 * (on the embedded database every statement runs on the server's own thread), and yields between
 * batches.
 */
import type { Db } from "../../db/client";
import { ensureRollups, findDirtySeries } from "./ensureRollups";

/** How the maintainer paces itself. */
export interface RollupMaintainerOptions {
  /** Pause between looks when there is nothing to do, or the writer is busy. */
  intervalMs: number;
  /** About how many points one batch may read (keys are taken, fewest steps first, until it is spent). */
  pointsPerBatch: number;
  /** Steps one key is brought forward by in a batch at most (a long key takes several). */
  stepsPerKey: number;
  /** True while ingestion is under way: the maintainer steps aside. */
  busy: () => boolean;
  /** Where a failed pass is reported (the next pass retries). */
  onError?: (error: unknown) => void;
}

export class RollupMaintainer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Not started, or stopped. */
  private stopped = true;
  /** Keys brought up to date since start (for tests and the bench). */
  rebuilt = 0;

  constructor(
    private readonly db: Db,
    private readonly options: RollupMaintainerOptions,
  ) {}

  /** Starts (again); a no-op while running. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Resolves once nothing is stale or the maintainer stopped (tests and the bench wait on it). */
  async settle(): Promise<void> {
    while (!this.stopped) {
      if (!this.options.busy() && (await findDirtySeries(this.db, 1)).length === 0) return;
      await new Promise((r) => setTimeout(r, this.options.intervalMs));
    }
  }

  /** Stops after the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().then(
        (more) => this.schedule(more ? 0 : this.options.intervalMs),
        (error: unknown) => {
          this.options.onError?.(error);
          this.schedule(this.options.intervalMs);
        },
      );
    }, ms);
    this.timer.unref();
  }

  /** One batch; true when there may be more to do right away. */
  private async pass(): Promise<boolean> {
    if (this.stopped || this.options.busy()) return false;
    const { pointsPerBatch, stepsPerKey } = this.options;
    const dirty = await findDirtySeries(this.db, 256);
    if (dirty.length === 0 || this.stopped || this.options.busy()) return false;
    const batch = [];
    let points = 0;
    for (const d of dirty) {
      if (batch.length > 0 && points + Math.min(d.steps, stepsPerKey) > pointsPerBatch) break;
      batch.push(d);
      points += Math.min(d.steps, stepsPerKey);
    }
    this.rebuilt += await ensureRollups(this.db, batch, { maxSteps: stepsPerKey });
    return true;
  }
}
