/** Runs for the panel builders' unit tests (not shipped: imported by *.test.ts only). */
import type { ApiRun } from "./run-set-cache";

/** A run with every field filled in, overridden by `over`. */
export function makeRun(id: string, over: Partial<ApiRun> = {}): ApiRun {
  return {
    id,
    project: "alice/mnist",
    name: `run-${id}`,
    displayName: null,
    state: "finished",
    config: {},
    summary: {},
    tags: [],
    group: null,
    jobType: null,
    createdAt: "2026-11-20T10:00:00.000Z",
    heartbeatAt: "2026-11-20T11:00:00.000Z",
    finishedAt: "2026-11-20T11:00:00.000Z",
    lastStep: 100,
    url: `/alice/mnist/runs/${id}`,
    ...over,
  };
}
