/**
 * Group commit of Yjs updates: everything queued by any room during one tick is appended in one
 * transaction. One transaction is in flight at a time, so batches commit in the order they were
 * taken; when a batch is taken, every update a room has applied is in that batch or an earlier one,
 * which is what lets a room announce its state vector at take time as "saved" once the batch commits.
 */
import type { Logger } from "./documentCopy";
import type { AppendEntry, Persistence } from "./persistence/Persistence";

/** Something with updates in a batch: told once the batch committed or finally failed. */
export interface CommitParticipant {
  /** Called synchronously when the batch holding this participant's updates is taken. */
  onBatchTaken(): (ok: boolean) => void;
}

interface Queued extends AppendEntry {
  participant: CommitParticipant;
  done: { resolve(): void; reject(e: unknown): void };
}

/** Retry delays for a failed batch before giving up on it. */
const RETRY_DELAYS_MS = [50, 250, 1000];

/** Batches appends across rooms. */
export class GroupCommitter {
  private queue: Queued[] = [];
  private running: Promise<void> | null = null;
  private scheduled = false;
  /** Counters for logs and benches. */
  readonly stats = { batches: 0, updates: 0, failures: 0 };

  constructor(
    private readonly persistence: Persistence,
    private readonly logger: Logger,
  ) {}

  /** Queues an update; resolves once it is committed, rejects if it could not be. */
  append(entry: AppendEntry, participant: CommitParticipant): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...entry, participant, done: { resolve, reject } });
      this.schedule();
    });
  }

  /** Resolves when everything queued so far has committed (or failed). */
  async drain(): Promise<void> {
    while (this.running || this.queue.length) {
      if (!this.running) this.start();
      await this.running;
    }
  }

  private schedule() {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running) this.start();
    });
  }

  private start() {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const finishers = new Map<CommitParticipant, (ok: boolean) => void>();
    for (const q of batch) if (!finishers.has(q.participant)) finishers.set(q.participant, q.participant.onBatchTaken());
    this.running = this.commit(batch, finishers).finally(() => {
      this.running = null;
      if (this.queue.length) this.schedule();
    });
  }

  private async commit(batch: Queued[], finishers: Map<CommitParticipant, (ok: boolean) => void>) {
    const entries = batch.map(({ reportId, update, userId }) => ({ reportId, update, userId }));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.persistence.append(entries);
        this.stats.batches++;
        this.stats.updates += batch.length;
        for (const f of finishers.values()) f(true);
        for (const q of batch) q.done.resolve();
        return;
      } catch (error) {
        const reports = [...new Set(batch.map((q) => q.reportId))];
        if (attempt < RETRY_DELAYS_MS.length) {
          this.logger.warn("append failed; retrying", { reports, attempt: attempt + 1, error: String(error) });
          await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
          continue;
        }
        this.stats.failures++;
        this.logger.error("append failed; giving up on the batch", { reports, updates: batch.length, error: String(error) });
        for (const f of finishers.values()) f(false);
        for (const q of batch) q.done.reject(error);
        return;
      }
    }
  }
}
