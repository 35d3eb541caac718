/**
 * Grouping a run set's runs by a field's value, client-side: the runs are already fetched, and the
 * metrics query takes groups as explicit lists of run ids (docs/metrics-query.md, "Grouped
 * series"). Groups keep the order in which their first run appears in the set's sort order.
 */
import { formatValue } from "../format";
import { getField } from "./get-field";
import type { ApiRun } from "./run-set-cache";

/** A group of runs, named by its value. */
export interface RunGroup {
  name: string;
  runs: string[];
}

/** The name of runs that lack the field. */
export const NO_VALUE_GROUP = "(none)";

/** The group name of one value: the value as the tables show it, `(none)` when missing. */
export function groupName(value: unknown): string {
  if (value === undefined || value === null) return NO_VALUE_GROUP;
  if (typeof value === "string") return value;
  return formatValue(value);
}

/** `runs` grouped by `field`; see the module comment. */
export function groupRuns(runs: readonly ApiRun[], field: string): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const value = getField(run, field);
    // Exact JSON for equality, so 0.1 and 0.10000001 stay apart even when they print alike.
    const key = JSON.stringify(value ?? null);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: groupName(value), runs: [] }));
    g.runs.push(run.id);
  }
  return [...groups.values()];
}
