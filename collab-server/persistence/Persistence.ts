/**
 * Where collab-server keeps report documents. Two implementations share this contract (and one
 * test suite, persistenceContract.ts): memory.ts for tests and throwaway servers, postgres.ts for
 * Folio (PostgreSQL or PGlite through drizzle).
 *
 * The model is an append-only log of Yjs updates per report plus one compacted snapshot. Loading
 * applies the snapshot and then every remaining logged update; applying an update twice is a no-op
 * in Yjs, so a load that overlaps a compaction may see a row both in the log and in the snapshot
 * without harm, but never neither.
 */

/** One update to append, with the user it came from (null for server-made edits). */
export interface AppendEntry {
  reportId: string;
  update: Uint8Array;
  userId: string | null;
}

/** What compaction did. */
export interface CompactionResult {
  /** Log rows folded into the snapshot (and deleted). */
  merged: number;
  /** Bytes of the snapshot this compaction wrote (absent when it wrote none). */
  stateBytes?: number;
}

/** The canonical copy of a document kept beside its Yjs state for export and search. */
export interface DocumentCopy {
  prosemirror: Record<string, unknown>;
  markdown: string;
}

/** Durable storage of report documents. Every method either fully happens or throws. */
export interface Persistence {
  /** The stored state as updates to apply in order (snapshot first). Empty for a new report. */
  load(reportId: string): Promise<Uint8Array[]>;
  /** Appends every entry in ONE committed transaction; resolves only after the commit. */
  append(entries: AppendEntry[]): Promise<void>;
  /**
   * Folds logged updates into the snapshot, from stored rows only, and refreshes the canonical
   * copy; deletes exactly the rows it merged. Concurrent compactions of one report serialise.
   */
  compact(reportId: string): Promise<CompactionResult>;
  /** The canonical copy written by the last compaction, if any. */
  readCopy(reportId: string): Promise<DocumentCopy | null>;
}
