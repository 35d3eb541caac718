/**
 * Where compaction's CPU work happens. A persistence reads the stored rows and writes the result in
 * its own transaction; in between it hands the rows' bytes to a Compactor, which folds them into
 * one state and renders the canonical copy (documentCopy.ts `compactUpdates`). `inlineCompactor`
 * does that on the calling thread; CompactionPool.ts in worker threads, so that a large report's
 * compaction (~150 ms of CPU) does not stall every room's event loop (issue 4, decision 013).
 */
import { threadId } from "node:worker_threads";
import { compactUpdates, silentLogger, type CompactedState, type Logger } from "./documentCopy";

/** A compacted state and the thread that computed it. */
export interface Compaction extends CompactedState {
  /** `worker_threads.threadId` of the thread that did the work (the main thread's is 0). */
  threadId: number;
}

/** Turns stored updates (snapshot first) into one state and its copy. */
export interface Compactor {
  /** Rejects when the updates cannot be applied, as the inline work would throw. */
  compact(updates: Uint8Array[], reportId: string): Promise<Compaction>;
  /** Frees its threads; compactions asked for afterwards run inline. */
  close(): Promise<void>;
}

/** Compacts on the calling thread (the default of both persistences; tests and small servers). */
export function inlineCompactor(logger: Logger = silentLogger): Compactor {
  return {
    async compact(updates, reportId) {
      return { ...compactUpdates(updates, logger, reportId), threadId };
    },
    async close() {},
  };
}
