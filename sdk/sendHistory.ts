/**
 * Uploading metric rows within the API's limits: at most 100,000 points and 8 MiB per request
 * (docs/api.md). Rows are cut into requests of at most `maxPoints` points; a request the server
 * still finds too large (413) is halved and sent again.
 */
import type { FolioClient } from "./client";
import { FolioApiError } from "./errors";
import type { HistoryRow } from "./types";
import { withRetry, type RetryHooks, type RetryPolicy } from "./withRetry";

/** Default points per request: half the server's limit, leaving room under the byte limit. */
export const DEFAULT_MAX_POINTS_PER_REQUEST = 50_000;

/** Options of `sendHistory`. */
export interface SendHistoryOptions {
  retry: RetryPolicy;
  hooks?: RetryHooks;
  maxPoints?: number;
}

/** Number of metric points in `rows`. */
export function countPoints(rows: readonly HistoryRow[]): number {
  let points = 0;
  for (const row of rows) points += Object.keys(row.metrics).length;
  return points;
}

/** Cuts rows into batches of at most `maxPoints` points, splitting a row only if it alone is larger. */
export function splitRows(rows: readonly HistoryRow[], maxPoints: number): HistoryRow[][] {
  const batches: HistoryRow[][] = [];
  let batch: HistoryRow[] = [];
  let points = 0;
  const push = (row: HistoryRow, size: number) => {
    if (points + size > maxPoints && batch.length > 0) {
      batches.push(batch);
      batch = [];
      points = 0;
    }
    batch.push(row);
    points += size;
  };
  for (const row of rows) {
    const entries = Object.entries(row.metrics);
    if (entries.length <= maxPoints) {
      push(row, entries.length);
      continue;
    }
    for (let i = 0; i < entries.length; i += maxPoints) {
      const part = entries.slice(i, i + maxPoints);
      push({ ...row, metrics: Object.fromEntries(part) }, part.length);
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Keeps only the last value of each (key, step), dropping rows left empty. The API says a later
 * write of the same (key, step) wins; within one request we make that explicit rather than rely
 * on how the server's upsert treats a conflict inside a single statement.
 */
export function dedupeRows(rows: readonly HistoryRow[]): HistoryRow[] {
  const seen = new Set<string>();
  const out: HistoryRow[] = [];
  let changed = false;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    let metrics = row.metrics;
    for (const key of Object.keys(row.metrics)) {
      const id = `${row.step}\u0000${key}`;
      if (!seen.has(id)) {
        seen.add(id);
        continue;
      }
      if (metrics === row.metrics) metrics = { ...row.metrics };
      delete metrics[key];
      changed = true;
    }
    if (Object.keys(metrics).length > 0) out.push(metrics === row.metrics ? row : { ...row, metrics });
  }
  return changed ? out.reverse() : [...rows];
}

/** Sends rows to a run; resolves with the number of points accepted. Throws the first failure. */
export async function sendHistory(
  client: FolioClient,
  runId: string,
  rows: readonly HistoryRow[],
  options: SendHistoryOptions,
): Promise<number> {
  const send = async (batch: HistoryRow[]): Promise<number> => {
    try {
      const result = await withRetry(() => client.logHistory(runId, batch), options.retry, options.hooks);
      return result.accepted;
    } catch (error) {
      if (error instanceof FolioApiError && error.status === 413 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        return (await send(batch.slice(0, half))) + (await send(batch.slice(half)));
      }
      throw error;
    }
  };
  let accepted = 0;
  for (const batch of splitRows(dedupeRows(rows), options.maxPoints ?? DEFAULT_MAX_POINTS_PER_REQUEST)) {
    accepted += await send(batch);
  }
  return accepted;
}
