/**
 * Resolves run sets for every panel of a report page: panels over the same run set that ask at
 * the same moment (first draw, a live tick) share one `POST /api/v1/runs/query`. An answer is
 * reused for a short while only: it is a coalescing window, not a cache of run data. `tails`
 * coalesces the live tails of line panels the same way (tail-batcher.ts).
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

/** One page's run-set resolver. */
export class RunSetCache {
  /** The page's live tail requests, batched per tick. */
  readonly tails = new TailBatcher();
  private readonly entries = new Map<string, { at: number; answer: Promise<{ runs: ApiRun[]; total?: number }> }>();

  /** The runs of `runSet` (at most its limit), in its sort order. */
  resolve(runSet: RunSet, signal?: AbortSignal): Promise<{ runs: ApiRun[]; total?: number }> {
    const key = runSetKey(runSet);
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < WINDOW_MS) return hit.answer;
    // Not tied to one caller's signal: another panel may be waiting on the same answer.
    const answer = postApi<{ runs: ApiRun[]; total?: number }>("runs/query", runSetQuery(runSet));
    this.entries.set(key, { at: now, answer });
    answer.catch(() => this.entries.delete(key));
    if (signal) return abortable(answer, signal);
    return answer;
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    p.then(resolve, reject);
  });
}
