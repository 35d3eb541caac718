/**
 * Groups as the runs table shows them: the server's answer to a grouped run query
 * (server/query/groupRuns.ts; statistics computed in SQL over every run of the group, not just
 * the loaded rows), typed here so browser code needs nothing from the server.
 */

/** Statistics of one numeric column within a group. */
export interface ColumnStatsView {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  std: number | null;
  stderr: number | null;
}

/** One group: its key (the field's value; null when absent), size and per-column statistics. */
export interface RunGroupView {
  key: unknown;
  count: number;
  columns: Record<string, ColumnStatsView>;
}

/** All groups of a view. */
export interface RunGroupsView {
  groupBy: string;
  groups: RunGroupView[];
  truncated: boolean;
}

/** A stable identity for a group key (also what the loader's `_group` parameter takes). */
export function groupKeyJson(key: unknown): string {
  return JSON.stringify(key ?? null);
}
