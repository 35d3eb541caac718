/**
 * PostgreSQL (and PGlite) persistence over Folio's drizzle schema: report_updates is the
 * append-only log, report_snapshots the compacted state plus its ProseMirror JSON / Markdown copy.
 *
 * Compaction runs in one transaction under a per-report advisory lock, rebuilds the document from
 * the stored snapshot and rows (never from a server's memory), and deletes exactly the rows it read
 * by seq: an identity value is allocated before its transaction commits, so a row with a smaller
 * seq than the ones merged may still appear later and must survive. Only the CPU part in between
 * (stored bytes → merged state and copy) is handed to the Compactor, which may run it in a worker
 * thread; the reads, the writes and the lock stay here.
 */
import { asc, eq, sql } from "drizzle-orm";
import { executePrepared, type Db } from "../../db/client";
import { reportSnapshots, reports, reportUpdates } from "../../db/schema";
import { inlineCompactor, type Compactor } from "../Compactor";
import { silentLogger, type Logger } from "../documentCopy";
import type { AppendEntry, CompactionResult, DocumentCopy, Persistence } from "./Persistence";
import { mayAddMention } from "../mayAddMention";

/** First key of the two-int advisory lock that serialises compactions of one report ("FCMP"). */
const COMPACTION_LOCK = 0x46434d50;
/** Rows merged per compaction transaction (bounded: they are all in memory, and in one delete). */
const COMPACTION_BATCH = 5_000;

/** A refreshed canonical copy, handed to `onCopy` inside the compaction's transaction. */
export interface CopyRefresh {
  reportId: string;
  /** The copy the last compaction wrote (null for the first). */
  previous: Record<string, unknown> | null;
  next: Record<string, unknown>;
  /** The user of the last merged update that was not a server edit, or null. */
  actorId: string | null;
}

/** Options of the PostgreSQL persistence. */
export interface PostgresPersistenceOptions {
  logger?: Logger;
  /**
   * Runs in the compaction's transaction (in a savepoint) when the copy is refreshed: the server
   * notifies people newly mentioned in the body. A failure is logged and never fails compaction.
   * What it returns, if a function, runs once the compaction has committed (emails).
   */
  onCopy?: (tx: Db, refresh: CopyRefresh) => Promise<void | (() => void)>;
  /** Folds the rows into a state and copy (default: inline; CompactionPool.ts: worker threads). */
  compactor?: Compactor;
}

/** Persistence over an open, migrated Folio database. */
export function createPostgresPersistence(db: Db, opts: PostgresPersistenceOptions = {}): Persistence {
  const logger = opts.logger ?? silentLogger;
  const compactor = opts.compactor ?? inlineCompactor(logger);

  async function compactOnce(reportId: string): Promise<{ merged: number; more: boolean; stateBytes?: number }> {
    // `afterCommit`: what onCopy asked to run once this transaction has committed.
    const { afterCommit, ...result } = await db.transaction(async (tx): Promise<{ merged: number; more: boolean; stateBytes?: number; afterCommit?: () => void }> => {
      await tx.execute(sql`select pg_advisory_xact_lock(${COMPACTION_LOCK}, hashtext(${reportId}))`);
      const [snap] = await tx
        .select({
          state: reportSnapshots.state,
          uptoSeq: reportSnapshots.uptoSeq,
          hasCopy: sql<boolean>`${reportSnapshots.markdown} is not null`,
          prosemirror: reportSnapshots.prosemirror,
        })
        .from(reportSnapshots)
        .where(eq(reportSnapshots.reportId, reportId));
      const log = await tx
        .select({ seq: reportUpdates.seq, update: reportUpdates.update, userId: reportUpdates.userId })
        .from(reportUpdates)
        .where(eq(reportUpdates.reportId, reportId))
        .orderBy(asc(reportUpdates.seq))
        .limit(COMPACTION_BATCH);
      if (log.length === 0 && (snap?.hasCopy || !snap)) return { merged: 0, more: false };
      const { state, copy } = await compactor.compact([...(snap ? [snap.state] : []), ...log.map((l) => l.update)], reportId);
      const uptoSeq = Math.max(snap?.uptoSeq ?? 0, ...log.map((l) => l.seq));
      const values = {
        reportId,
        state,
        uptoSeq,
        updatedAt: new Date(),
        ...(copy ? { prosemirror: copy.prosemirror, markdown: copy.markdown } : {}),
      };
      // The update takes the inserted row's values (`excluded`) rather than a second copy of each
      // parameter: encoding a large report's state as a bytea parameter is event-loop time.
      const set = {
        state: sql`excluded.state`,
        uptoSeq: sql`excluded.upto_seq`,
        updatedAt: sql`excluded.updated_at`,
        ...(copy ? { prosemirror: sql`excluded.prosemirror`, markdown: sql`excluded.markdown` } : {}),
      };
      await tx.insert(reportSnapshots).values(values).onConflictDoUpdate({ target: reportSnapshots.reportId, set });
      let afterCommit: (() => void) | undefined;
      if (copy && opts.onCopy) {
        // Who mentioned: the last merged update that may insert a mention, else the last edit's user.
        const actorId = (log.findLast((l) => l.userId !== null && mayAddMention(l.update)) ?? log.findLast((l) => l.userId !== null))?.userId ?? null;
        const refresh = { reportId, previous: snap?.prosemirror ?? null, next: copy.prosemirror, actorId };
        try {
          afterCommit = (await tx.transaction((inner) => opts.onCopy!(inner as unknown as Db, refresh))) ?? undefined;
        } catch (error) {
          logger.error("could not act on the refreshed copy", { reportId, error: String(error) });
        }
      }
      if (log.length) {
        // One array parameter, not one per merged row: drizzle and postgres.js spend event-loop time on each.
        const seqs = log.map((l) => String(l.seq));
        await tx.execute(sql`delete from report_updates where report_id = ${reportId} and seq = any(${sql.param(seqs)}::bigint[])`);
      }
      return { merged: log.length, more: log.length === COMPACTION_BATCH, stateBytes: state.byteLength, afterCommit };
    });
    if (afterCommit) {
      try {
        afterCommit();
      } catch (error) {
        logger.error("could not act on the committed copy", { reportId, error: String(error) });
      }
    }
    return result;
  }

  return {
    async load(reportId) {
      // Log first, snapshot second: a compaction committing in between has folded every row we
      // read into the newer snapshot we then read; applying a row twice is harmless in Yjs.
      const log = await db
        .select({ update: reportUpdates.update })
        .from(reportUpdates)
        .where(eq(reportUpdates.reportId, reportId))
        .orderBy(asc(reportUpdates.seq));
      const [snap] = await db.select({ state: reportSnapshots.state }).from(reportSnapshots).where(eq(reportSnapshots.reportId, reportId));
      return [...(snap ? [toBytes(snap.state)] : []), ...log.map((l) => toBytes(l.update))];
    },

    async append(entries: AppendEntry[]) {
      if (entries.length === 0) return;
      // Two array parameters whatever the batch size: drizzle's insert builder spent ~0.2 ms of
      // event-loop time per row (tens of ms per group commit), which peers' latency paid.
      const ids = entries.map((e) => e.reportId);
      // As hex text: postgres.js types an array parameter by its first element (bytea, not bytea[]).
      const updates = entries.map((e) => toHex(e.update));
      // Attribution: each row records who made the update (null for server-made edits).
      const users = entries.map((e) => e.userId);
      // Who last edited, per report in the batch: one statement, whatever the number of reports.
      const touched = new Map<string, string | null>();
      for (const e of entries) if (e.userId || !touched.has(e.reportId)) touched.set(e.reportId, e.userId);
      // One statement, so one round trip and an implicit transaction: the data-modifying CTE and the
      // update commit together or not at all.
      // Prepared (one round trip per commit on PostgreSQL): its text is the same for every batch.
      await executePrepared(db, sql`
        with appended as (
          insert into report_updates (report_id, update, user_id)
          select report_id, decode(hex, 'hex'), user_id from unnest(${sql.param(ids)}::text[], ${sql.param(updates)}::text[], ${sql.param(users)}::text[]) with ordinality as u(report_id, hex, user_id, n)
          order by n
        )
        update reports r set
          updated_at = now(),
          last_edited_by = coalesce(v.user_id, r.last_edited_by),
          authors = case when v.user_id is null or v.user_id = any(r.authors) then r.authors else array_append(r.authors, v.user_id) end
        from unnest(${sql.param([...touched.keys()])}::text[], ${sql.param([...touched.values()])}::text[]) as v(id, user_id)
        where r.id = v.id`);
    },

    async compact(reportId): Promise<CompactionResult> {
      let merged = 0;
      let stateBytes: number | undefined;
      for (;;) {
        const r = await compactOnce(reportId);
        merged += r.merged;
        stateBytes = r.stateBytes ?? stateBytes;
        if (!r.more) return stateBytes === undefined ? { merged } : { merged, stateBytes };
      }
    },

    async readCopy(reportId): Promise<DocumentCopy | null> {
      const [snap] = await db
        .select({ prosemirror: reportSnapshots.prosemirror, markdown: reportSnapshots.markdown })
        .from(reportSnapshots)
        .where(eq(reportSnapshots.reportId, reportId));
      return snap?.prosemirror && snap.markdown !== null ? { prosemirror: snap.prosemirror, markdown: snap.markdown } : null;
    },
  };
}

function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

/** postgres.js gives Buffers, PGlite Uint8Arrays: hand Yjs plain Uint8Arrays either way. */
function toBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
