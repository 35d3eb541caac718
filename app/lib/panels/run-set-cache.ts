/**
 * Resolves run sets for every panel of a report page: panels over the same run set that ask at
 * the same moment (first draw, a live tick) share one `POST /api/v1/runs/query`. An answer is
 * reused for a short while only: it is a coalescing window, not a cache of run data. `tails`
 * coalesces the live tails of line panels the same way (tail-batcher.ts).
 *
 * A panel's first load may also take what the page prefetched for it (prefetch-panels.ts: the
 * queries leave while the editor is still being built) or what the same panel, mounted a moment
 * before, asked for: `first` loads reuse answers up to FIRST_LOAD_REUSE_MS old, in flight or not.
 * Live ticks never do (they ask afresh), and the live feed's resync after the page connects brings
 * a reused answer up to date (use-panel-data.ts).
 */
import type { RunSet } from "../../../editor/panels/panelSpec";
import { postApi } from "./api-json";
import { runSetKey, runSetQuery } from "./run-set-query";
import { TailBatcher } from "./tail-batcher";

/** A run as `POST /api/v1/runs/query` returns it (docs/queries.md). */
export interface ApiRun {
  id: string;
  project: string;
  name: string;
  displayName: string | null;
  state: string;
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  tags: string[];
  group: string | null;
  jobType: string | null;
  createdAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  lastStep: number | null;
  url: string;
}

const WINDOW_MS = 300;
/** How old an answer a panel's first load may take (see the module comment). */
export const FIRST_LOAD_REUSE_MS = 5_000;

/** One page's run-set resolver. */
export class RunSetCache {
  /**
   * The page's live tail requests, batched per tick (tail-batcher.ts: the page's, answered from
   * the points its feed pushed, or the figure worker, which holds the feed).
   */
  readonly tails: Pick<TailBatcher, "request">;
  private readonly entries = new Map<string, { at: number; answer: Promise<{ runs: ApiRun[]; total?: number }> }>();
  /** Panels' first-load answers beyond their runs (`shared`), by query. */
  private readonly extras = new Map<string, { at: number; answer: Promise<unknown> }>();

  constructor(tails: Pick<TailBatcher, "request"> = new TailBatcher()) {
    this.tails = tails;
  }

  /** The runs of `runSet` (at most its limit), in its sort order; `first`: a panel's first load. */
  resolve(runSet: RunSet, signal?: AbortSignal, first = false): Promise<{ runs: ApiRun[]; total?: number }> {
    const key = runSetKey(runSet);
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < (first ? FIRST_LOAD_REUSE_MS : WINDOW_MS)) return signal ? abortable(hit.answer, signal) : hit.answer;
    // Not tied to one caller's signal: another panel may be waiting on the same answer.
    const answer = postApi<{ runs: ApiRun[]; total?: number }>("runs/query", runSetQuery(runSet));
    this.entries.set(key, { at: now, answer });
    answer.catch(() => this.entries.delete(key));
    if (signal) return abortable(answer, signal);
    return answer;
  }

  /**
   * Takes answers the page arrived with (its loader answered its run sets, by `runSetKey`) as if
   * just asked for: first loads within FIRST_LOAD_REUSE_MS take them instead of asking again.
   */
  seed(answers: Record<string, unknown> | null | undefined): void {
    const now = Date.now();
    for (const [key, answer] of Object.entries(answers ?? {})) {
      const runs = (answer as { runs?: unknown } | null)?.runs;
      if (Array.isArray(runs)) this.entries.set(key, { at: now, answer: Promise.resolve(answer as { runs: ApiRun[]; total?: number }) });
    }
  }

  /**
   * A first load's answer to the query `key`: the one asked for up to FIRST_LOAD_REUSE_MS ago, or
   * `make`'s (which must not depend on one caller: it gets no signal, `signal` only stops waiting).
   */
  shared<T>(key: string, make: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const now = Date.now();
    for (const [k, e] of this.extras) if (now - e.at >= FIRST_LOAD_REUSE_MS) this.extras.delete(k);
    let hit = this.extras.get(key) as { at: number; answer: Promise<T> } | undefined;
    if (!hit) {
      hit = { at: now, answer: make() };
      this.extras.set(key, hit);
      hit.answer.catch(() => this.extras.delete(key));
    }
    return signal ? abortable(hit.answer, signal) : hit.answer;
  }
}

/** The key of a panel's first-load query beyond its runs (`RunSetCache.shared`). */
export function firstLoadKey(panel: { type: string; config: unknown }, runSet: RunSet, runs: readonly ApiRun[]): string {
  return JSON.stringify([panel.type, panel.config, runSet, runs.map((r) => r.id)]);
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    p.then(resolve, reject);
  });
}
