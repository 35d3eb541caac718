/**
 * A small pool of worker threads that do compaction's CPU part (Compactor.ts) off the event loop.
 *
 * Threads start on the first job, not with the server, and are unref'd while idle, so a pool nobody
 * closed never keeps a process alive. Each thread takes jobs in order; a job goes to the thread with
 * the fewest in flight, starting another (up to `size`) when all are busy. No job is ever lost to a
 * thread: when one exits before answering (a crash, or `close()`), its jobs are done inline, and the
 * next job starts a fresh thread. After `maxCrashes` crashes in a row (a worker that cannot start,
 * say) the pool logs it once and compacts inline from then on.
 */
import { Worker } from "node:worker_threads";
import { inlineCompactor, type Compaction, type Compactor } from "./Compactor";
import { packUpdates, type CompactionJob, type CompactionReply } from "./compactionWorker";
import { silentLogger, type Logger } from "./documentCopy";

/** CompactionPool's options. */
export interface CompactionPoolOptions {
  /** Worker threads; 0 compacts inline (on the caller's thread). */
  size: number;
  logger?: Logger;
  /** Starts one worker thread; the default runs compactionThread.mjs (tests pass failing ones). */
  spawn?: () => Worker;
  /** Crashes in a row after which the pool stops using threads (default 3). */
  maxCrashes?: number;
}

/** What the pool did so far (health pages, benches, tests). */
export interface CompactionPoolStats {
  /** Jobs answered by a worker thread. */
  inWorker: number;
  /** Jobs done inline: no thread to use, or their thread exited before answering. */
  inline: number;
  /** Threads that exited without being asked to. */
  crashes: number;
  /** Threads running now. */
  threads: number;
}

interface Job {
  updates: Uint8Array[];
  reportId: string;
  resolve(c: Compaction): void;
  reject(e: Error): void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
}

/** Starts compactionThread.mjs, which registers tsx before loading the TypeScript worker body. */
const defaultSpawn = () => new Worker(new URL("./compactionThread.mjs", import.meta.url), { name: "folio-compaction" });

/** Worker threads doing compaction's CPU part; see the module comment. */
export class CompactionPool implements Compactor {
  private readonly slots: (Thread | null)[];
  private readonly logger: Logger;
  private readonly inline: Compactor;
  private readonly spawn: () => Worker;
  private readonly maxCrashes: number;
  private nextJob = 1;
  private crashesInARow = 0;
  private closed = false;
  private readonly counts = { inWorker: 0, inline: 0, crashes: 0 };

  constructor(opts: CompactionPoolOptions) {
    this.slots = Array.from({ length: Math.max(0, opts.size) }, () => null);
    this.logger = opts.logger ?? silentLogger;
    this.inline = inlineCompactor(this.logger);
    this.spawn = opts.spawn ?? defaultSpawn;
    this.maxCrashes = opts.maxCrashes ?? 3;
  }

  compact(updates: Uint8Array[], reportId: string): Promise<Compaction> {
    const thread = this.closed || this.crashesInARow >= this.maxCrashes ? null : this.pick();
    if (!thread) return this.runInline(updates, reportId);
    const id = this.nextJob++;
    const { bytes, lengths } = packUpdates(updates);
    return new Promise<Compaction>((resolve, reject) => {
      thread.jobs.set(id, { updates, reportId, resolve, reject });
      // A thread with work keeps the process alive until it answers (or exits).
      thread.worker.ref();
      thread.worker.postMessage({ id, reportId, bytes, lengths } satisfies CompactionJob, [bytes.buffer as ArrayBuffer]);
    });
  }

  /** Terminates the threads; jobs still in flight are finished inline, later ones run inline. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((t) => t?.worker.terminate()));
  }

  stats(): CompactionPoolStats {
    return { ...this.counts, threads: this.slots.filter(Boolean).length };
  }

  /** The thread with the fewest jobs, starting one in a free slot unless an idle one exists. */
  private pick(): Thread | null {
    let best: Thread | null = null;
    for (const t of this.slots) if (t && (!best || t.jobs.size < best.jobs.size)) best = t;
    const free = this.slots.indexOf(null);
    if (free === -1 || (best && best.jobs.size === 0)) return best;
    try {
      return (this.slots[free] = this.start(free));
    } catch (error) {
      this.crashed(`could not start a compaction worker: ${String(error)}`, 0);
      return best;
    }
  }

  private start(slot: number): Thread {
    const worker = this.spawn();
    const thread: Thread = { worker, jobs: new Map() };
    worker.unref();
    worker.on("message", (reply: CompactionReply) => this.answer(thread, reply));
    // An uncaught error ends the thread: 'exit' follows and hands its jobs to the main thread.
    worker.on("error", (error) => this.logger.error("compaction worker failed", { error: String(error) }));
    worker.on("exit", (code) => {
      if (this.slots[slot] === thread) this.slots[slot] = null;
      const orphans = [...thread.jobs.values()];
      thread.jobs.clear();
      if (!this.closed) this.crashed(`compaction worker exited with code ${code}; compacting its jobs on the main thread`, orphans.length);
      for (const job of orphans) this.runInline(job.updates, job.reportId).then(job.resolve, job.reject);
    });
    return thread;
  }

  private answer(thread: Thread, reply: CompactionReply) {
    const job = thread.jobs.get(reply.id);
    if (!job) return;
    thread.jobs.delete(reply.id);
    if (thread.jobs.size === 0) thread.worker.unref();
    for (const n of reply.notes) this.logger[n.level](n.message, n.fields);
    this.crashesInARow = 0;
    if (reply.ok) {
      this.counts.inWorker++;
      job.resolve({ state: reply.state, copy: reply.copy, threadId: reply.threadId });
    } else {
      // The stored updates themselves are bad: inline work would have thrown the same.
      job.reject(new Error(reply.error));
    }
  }

  private crashed(message: string, jobs: number) {
    this.counts.crashes++;
    this.crashesInARow++;
    this.logger.error(message, { jobs });
    if (this.crashesInARow === this.maxCrashes) {
      this.logger.error("compaction workers keep failing; compacting on the main thread from now on", { crashes: this.crashesInARow });
    }
  }

  private runInline(updates: Uint8Array[], reportId: string): Promise<Compaction> {
    this.counts.inline++;
    return this.inline.compact(updates, reportId);
  }
}
