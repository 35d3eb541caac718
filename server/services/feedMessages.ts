/** The NOTIFY channel and payload shared by every writer and the change feed. */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

export const FEED_CHANNEL = "folio_runs";

/** `p`: project id, `r`: run ids that advanced, `k`: what happened. Kept short: NOTIFY payloads max 8 kB. */
export interface FeedMessage {
  p: number;
  r: string[];
  k: "points" | "state" | "created";
}

// 64-char ids × 100 stays well under PostgreSQL's 8000-byte NOTIFY payload limit.
const IDS_PER_MESSAGE = 100;

/** Announces, on commit of `tx`, that runs of a project changed. */
export async function notifyRuns(tx: Db, projectId: number, runIds: string[], kind: FeedMessage["k"]): Promise<void> {
  for (let i = 0; i < runIds.length; i += IDS_PER_MESSAGE) {
    const msg: FeedMessage = { p: projectId, r: runIds.slice(i, i + IDS_PER_MESSAGE), k: kind };
    await tx.execute(sql`select pg_notify(${FEED_CHANNEL}, ${JSON.stringify(msg)})`);
  }
}
