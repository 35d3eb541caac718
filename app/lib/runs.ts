/** The run shapes pages send to the browser: slim rows for tables, the full record for a run page. */
import type { PatchSummary } from "./patch-diff";

/** Lifecycle states (`db/schema.ts` RUN_STATES). */
export type RunState = "running" | "finished" | "failed" | "crashed";

/** One row of a runs table. */
export interface RunRow {
  id: string;
  name: string;
  displayName: string | null;
  state: RunState;
  createdAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  lastStep: number | null;
  exitCode: number | null;
  summary: Record<string, unknown>;
  tags: string[];
  group: string | null;
  jobType: string | null;
  /** Values of the table's chosen columns beyond the fields above (`config.lr`, `summary.loss`, `host`). */
  values: Record<string, unknown>;
}

/** What a run page shows; the git patch is summarised, not shipped. */
export interface RunDetail extends RunRow {
  project: string;
  config: Record<string, unknown>;
  notes: string | null;
  host: string | null;
  command: string | null;
  /** `patch`: the recorded uncommitted changes, summarised (the full text is served separately). */
  git: { remote?: string; commit?: string; patchLines?: number; patch?: PatchSummary } | null;
  runtime: Record<string, string> | null;
}

/** Wall-clock time a run has taken: until it finished, its last sign of life, or now. */
export function runDurationMs(run: Pick<RunRow, "state" | "createdAt" | "heartbeatAt" | "finishedAt">, now: number): number {
  const start = Date.parse(run.createdAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : run.state === "running" ? now : Date.parse(run.heartbeatAt);
  return Math.max(0, end - start);
}
