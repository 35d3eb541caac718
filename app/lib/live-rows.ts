/**
 * Merging live changes into a loaded list of runs. The feed says which runs changed; the page
 * re-reads just those runs through the view's query, then: rows still matching are replaced,
 * rows that no longer match are dropped, and runs new to the list are placed where the view's
 * sort puts them (newest first by default). Pure, so the rules are tested without a browser.
 */
import type { RunRow } from "./runs";
import type { ViewSort } from "./run-view";

/** A value to order by: numbers and strings, undefined when missing (sorted last). */
export function rowSortValue(row: RunRow, field: string): number | string | undefined {
  switch (field) {
    case "name": return (row.displayName ?? row.name).toLowerCase();
    case "displayName": return row.displayName ?? undefined;
    case "state": return row.state;
    case "createdAt": return Date.parse(row.createdAt);
    case "finishedAt": return row.finishedAt ? Date.parse(row.finishedAt) : undefined;
    case "heartbeatAt": return Date.parse(row.heartbeatAt);
    case "lastStep": return row.lastStep ?? undefined;
    case "group": return row.group ?? undefined;
    case "jobType": return row.jobType ?? undefined;
    case "id": return row.id;
    default: {
      const v = row.values[field];
      return typeof v === "number" || typeof v === "string" ? v : undefined;
    }
  }
}

/** Orders two rows as the server does for `sort` (missing last; newest first without a sort). */
export function compareRows(a: RunRow, b: RunRow, sort: readonly ViewSort[]): number {
  for (const { field, order } of sort) {
    const x = rowSortValue(a, field);
    const y = rowSortValue(b, field);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
      continue;
    }
    const c = typeof x === "number" && typeof y === "number" ? x - y : typeof x === "number" ? -1 : typeof y === "number" ? 1 : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return order === "desc" ? -c : c;
  }
  return Date.parse(b.createdAt) - Date.parse(a.createdAt);
}

/** What a merge did. */
export interface Merged {
  rows: RunRow[];
  added: number;
  removed: number;
}

/**
 * `rows` after re-reading `asked` ids: `found` are those still matching the view. New runs are
 * inserted in sort order; when the list is only partly loaded (`complete` false), a new run that
 * sorts after the last loaded row is left for paging to bring.
 */
export function mergeLiveRows(rows: readonly RunRow[], asked: readonly string[], found: readonly RunRow[], sort: readonly ViewSort[], complete = true): Merged {
  const byId = new Map(found.map((r) => [r.id, r]));
  const askedSet = new Set(asked);
  const present = new Set<string>();
  let removed = 0;
  const next: RunRow[] = [];
  for (const row of rows) {
    present.add(row.id);
    const fresh = byId.get(row.id);
    if (fresh) next.push(fresh);
    else if (askedSet.has(row.id)) removed++;
    else next.push(row);
  }
  const incoming = found.filter((r) => !present.has(r.id));
  let added = 0;
  for (const row of incoming) {
    let lo = 0;
    let hi = next.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRows(next[mid], row, sort) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === next.length && !complete) continue;
    next.splice(lo, 0, row);
    added++;
  }
  return { rows: next, added, removed };
}
