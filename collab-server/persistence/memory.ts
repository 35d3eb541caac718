/**
 * In-memory persistence: the same contract as postgres.ts with a process-lifetime store, for tests
 * and throwaway servers. Each instance owns its maps (no module-level state).
 */
import { inlineCompactor, type Compactor } from "../Compactor";
import { silentLogger, type Logger } from "../documentCopy";
import type { AppendEntry, CompactionResult, DocumentCopy, Persistence } from "./Persistence";

interface StoredReport {
  snapshot: Uint8Array | null;
  log: { seq: number; update: Uint8Array }[];
  copy: DocumentCopy | null;
}

/** Creates an empty in-memory store. */
export function createMemoryPersistence(opts: { logger?: Logger; compactor?: Compactor } = {}): Persistence {
  const compactor = opts.compactor ?? inlineCompactor(opts.logger ?? silentLogger);
  const reports = new Map<string, StoredReport>();
  let seq = 0;
  // Compactions run one at a time: the compactor may answer later (a worker thread), and two that
  // read the same snapshot could otherwise write back one missing the other's rows.
  let compacting: Promise<unknown> = Promise.resolve();
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
    compact(reportId): Promise<CompactionResult> {
      const run = compacting.then(async () => {
        const r = reports.get(reportId);
        if (!r || (r.log.length === 0 && r.copy)) return { merged: 0 };
        const merged = r.log.slice();
        const { state, copy } = await compactor.compact([...(r.snapshot ? [r.snapshot] : []), ...merged.map((l) => l.update)], reportId);
        r.snapshot = state;
        r.copy = copy ?? r.copy;
        const mergedSeqs = new Set(merged.map((l) => l.seq));
        r.log = r.log.filter((l) => !mergedSeqs.has(l.seq));
        return { merged: merged.length, stateBytes: state.byteLength };
      });
      compacting = run.catch(() => {});
      return run;
    },
    async readCopy(reportId) {
      return reports.get(reportId)?.copy ?? null;
    },
  };
}
