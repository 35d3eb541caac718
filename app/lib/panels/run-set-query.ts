/**
 * A panel grid's run set as the run query it is (docs/queries.md). A frozen set asks for exactly
 * the runs it pinned (`id in [...]`, whatever else its filter said), still in the set's sort order;
 * the steps it pinned become the metrics query's `until` map, so later points never show.
 */
import type { RunSet } from "../../../editor/panels/panelSpec";

/** The body of `POST /api/v1/runs/query` for a run set. */
export function runSetQuery(runSet: RunSet): Record<string, unknown> {
  const query: Record<string, unknown> = { projects: runSet.projects, limit: runSet.limit };
  if (runSet.frozen) {
    query.filter = { field: "id", op: "in", value: runSet.frozen.runs.map((r) => r.id) };
    query.limit = Math.max(1, runSet.frozen.runs.length);
  } else {
    if (runSet.filter !== null && runSet.filter !== undefined) query.filter = runSet.filter;
    if (runSet.search.trim()) query.search = runSet.search.trim();
  }
  if (runSet.sort.length) query.sort = runSet.sort.map((s) => ({ field: s.field, order: s.order }));
  return query;
}

/** The frozen steps of a run set as the metrics query's `until` map, or undefined when live. */
export function runSetUntil(runSet: RunSet): Record<string, number> | undefined {
  if (!runSet.frozen) return undefined;
  return Object.fromEntries(runSet.frozen.runs.map((r) => [r.id, r.step]));
}

/** A key equal for run sets that select the same runs (overrides and names do not matter). */
export function runSetKey(runSet: RunSet): string {
  return JSON.stringify(runSetQuery(runSet));
}
