/**
 * The body of a compaction worker thread (CompactionPool.ts starts it through compactionThread.mjs,
 * which registers tsx first). It answers each job with the merged state, transferred rather than
 * copied, and the copy; what documentCopy.ts would have logged travels back as notes for the pool's
 * logger, since a worker has no logger of its own.
 *
 * A job's updates arrive packed into one transferred buffer with their lengths: rows read by
 * postgres.js are small Buffers sharing 8 KiB pools, which structured cloning would copy whole.
 */
import { threadId, type MessagePort } from "node:worker_threads";
import { compactUpdates, type Logger } from "./documentCopy";
import type { DocumentCopy } from "./persistence/Persistence";

/** One compaction to do: the report's stored updates, snapshot first, packed end to end. */
export interface CompactionJob {
  id: number;
  reportId: string;
  bytes: Uint8Array;
  lengths: number[];
}

/** Something documentCopy.ts logged while working. */
export interface CompactionNote {
  level: keyof Logger;
  message: string;
  fields?: Record<string, unknown>;
}

/** A job's answer: the state and copy, or the error the inline work would have thrown. */
export type CompactionReply =
  | { id: number; ok: true; state: Uint8Array; copy: DocumentCopy | null; notes: CompactionNote[]; threadId: number }
  | { id: number; ok: false; error: string; notes: CompactionNote[] };

/** Packs updates end to end into one buffer (to transfer) and their lengths. */
export function packUpdates(updates: Uint8Array[]): { bytes: Uint8Array; lengths: number[] } {
  const bytes = new Uint8Array(updates.reduce((n, u) => n + u.byteLength, 0));
  let offset = 0;
  for (const u of updates) {
    bytes.set(u, offset);
    offset += u.byteLength;
  }
  return { bytes, lengths: updates.map((u) => u.byteLength) };
}

/** Does one job (on whatever thread calls it). */
export function runCompactionJob(job: CompactionJob): CompactionReply {
  const notes: CompactionNote[] = [];
  const note = (level: CompactionNote["level"]) => (message: string, fields?: Record<string, unknown>) => void notes.push({ level, message, fields });
  const logger: Logger = { info: note("info"), warn: note("warn"), error: note("error") };
  const updates: Uint8Array[] = [];
  let offset = 0;
  for (const length of job.lengths) {
    updates.push(job.bytes.subarray(offset, offset + length));
    offset += length;
  }
  try {
    const { state, copy } = compactUpdates(updates, logger, job.reportId);
    return { id: job.id, ok: true, state, copy, notes, threadId };
  } catch (error) {
    return { id: job.id, ok: false, error: String(error), notes };
  }
}

/** Answers jobs on `port` until the thread is terminated. */
export function serveCompactions(port: MessagePort): void {
  port.on("message", (job: CompactionJob) => {
    const reply = runCompactionJob(job);
    // The encoded state owns its buffer (lib0 copies into an exact-size array): hand it over.
    const own = reply.ok && reply.state.byteOffset === 0 && reply.state.byteLength === reply.state.buffer.byteLength;
    port.postMessage(reply, own ? [reply.state.buffer as ArrayBuffer] : []);
  });
}
