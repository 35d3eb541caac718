/**
 * The shapes of the Folio HTTP API v1 (docs/api.md), as the SDK sends and receives them.
 */

/** A metric value on the wire: a finite number, or one of the three non-finite spellings. */
export type WireMetricValue = number | "NaN" | "Infinity" | "-Infinity";

/** JSON values, for config, summary and other free-form fields. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Body of `POST /api/v1/runs`. */
export interface CreateRunBody {
  project: string;
  id?: string;
  name?: string;
  displayName?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  group?: string;
  jobType?: string;
  notes?: string;
  host?: string;
  command?: string;
  git?: { remote?: string; commit?: string; dirtyPatch?: string };
  runtime?: Record<string, string>;
}

/** Answer of `POST /api/v1/runs`. */
export interface CreateRunResult {
  id: string;
  url: string;
  resumed: boolean;
}

/** One row of `POST /api/v1/runs/{id}/history`. */
export interface HistoryRow {
  step: number;
  /** Wall-clock seconds since the epoch. */
  time?: number;
  metrics: Record<string, WireMetricValue>;
}

/** Body of `PATCH /api/v1/runs/{id}`. `config`/`summary` merge key by key; `null` deletes. */
export interface RunPatch {
  name?: string;
  displayName?: string | null;
  config?: Record<string, unknown>;
  summary?: Record<string, unknown>;
  tags?: string[];
  notes?: string | null;
  group?: string | null;
  jobType?: string | null;
}

/** Lifecycle state of a run. */
export type RunState = "running" | "finished" | "failed" | "crashed";

/** A run as `GET /api/v1/runs/{id}` returns it. */
export interface RunInfo {
  id: string;
  project: string;
  name: string;
  displayName: string | null;
  state: RunState;
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  tags: string[];
  group: string | null;
  jobType: string | null;
  notes: string | null;
  host: string | null;
  command: string | null;
  git: { remote?: string; commit?: string; dirtyPatch?: string } | null;
  runtime: Record<string, string> | null;
  createdAt: string;
  heartbeatAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  lastStep: number | null;
  url: string;
}

/** One page of `GET /api/v1/runs`. */
export interface RunList {
  runs: RunInfo[];
  nextCursor?: string | null;
}

/** One stored point, from `GET /api/v1/runs/{id}/history`. */
export interface HistoryPoint {
  key: string;
  step: number;
  time: number;
  value: WireMetricValue;
}

/** One page of `GET /api/v1/runs/{id}/history`. */
export interface HistoryPage {
  points: HistoryPoint[];
  nextFromStep: number | null;
}

/** Data of an `event: runs` message from `GET /api/v1/events`. */
export interface RunsEvent {
  project: string;
  runs: string[];
  kind: "points" | "state" | "created";
}

/** Answer of `GET /api/v1/me`. */
export interface Me {
  user: { id: string; email: string; name: string };
  teams: { slug: string; name: string; role: string }[];
}

/** Answer of `GET /healthz`. */
export interface Health {
  ok: boolean;
  db?: "pglite" | "postgres";
}
