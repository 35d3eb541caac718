/** Grouped aggregates over a query's grid, from rollups when the grid lines up with them. */
import { rows, type Db } from "../../db/client";
import type { BucketGrid } from "./BucketGrid";
import { ensureRollups } from "./ensureRollups";
import type { MetricsQuery } from "./MetricsQueryInput";
import { groupAggregate, rawBucketRows, rollupBucketRows, withSeries, type GroupRow, type SeriesRow } from "./seriesSql";

/** Per (group, key) tag and bucket: aggregates across runs of each run's mean in the bucket. */
export async function aggregateGroups(db: Db, q: MetricsQuery, sRows: SeriesRow[], grid: BucketGrid): Promise<GroupRow[]> {
  if (grid.alignedToRollups) await ensureRollups(db, uniquePairs(sRows));
  const bucketRows = grid.alignedToRollups ? rollupBucketRows(grid) : rawBucketRows(q.x, grid);
  return rows<GroupRow>(db, groupAggregate(withSeries(sRows), bucketRows));
}

function uniquePairs(sRows: SeriesRow[]) {
  const seen = new Map<string, { runSeq: number; keyId: number }>();
  for (const s of sRows) seen.set(`${s.runSeq}:${s.keyId}`, { runSeq: s.runSeq, keyId: s.keyId });
  return [...seen.values()];
}

