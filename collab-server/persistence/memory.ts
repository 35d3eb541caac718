/**
 * In-memory persistence: the same contract as postgres.ts with a process-lifetime store, for tests
 * and throwaway servers. Each instance owns its maps (no module-level state).
 */
import * as Y from "yjs";
import { docFromUpdates, renderCopy, silentLogger, type Logger } from "../documentCopy";
import type { AppendEntry, CompactionResult, DocumentCopy, Persistence } from "./Persistence";

interface StoredReport {
  snapshot: Uint8Array | null;
  log: { seq: number; update: Uint8Array }[];
  copy: DocumentCopy | null;
}

/** Creates an empty in-memory store. */
export function createMemoryPersistence(opts: { logger?: Logger } = {}): Persistence {
  const logger = opts.logger ?? silentLogger;
  const reports = new Map<string, StoredReport>();
  let seq = 0;
  const entry = (id: string) => {
    let r = reports.get(id);
    if (!r) reports.set(id, (r = { snapshot: null, log: [], copy: null }));
    return r;
  };
  // Copies on the way in and out: callers must not be able to mutate what is "stored".
  return {
    async load(reportId) {
      const r = reports.get(reportId);
      if (!r) return [];
      return [...(r.snapshot ? [r.snapshot.slice()] : []), ...r.log.map((l) => l.update.slice())];
    },
    async append(entries: AppendEntry[]) {
      for (const e of entries) entry(e.reportId).log.push({ seq: ++seq, update: e.update.slice() });
    },
    async compact(reportId): Promise<CompactionResult> {
      const r = reports.get(reportId);
      if (!r || (r.log.length === 0 && r.copy)) return { merged: 0 };
      const merged = r.log.slice();
      const doc = docFromUpdates([...(r.snapshot ? [r.snapshot] : []), ...merged.map((l) => l.update)], "collab:compaction");
      r.snapshot = Y.encodeStateAsUpdate(doc);
      r.copy = renderCopy(doc, logger, reportId) ?? r.copy;
      doc.destroy();
      const mergedSeqs = new Set(merged.map((l) => l.seq));
      r.log = r.log.filter((l) => !mergedSeqs.has(l.seq));
      return { merged: merged.length };
    },
    async readCopy(reportId) {
      return reports.get(reportId)?.copy ?? null;
    },
  };
}
