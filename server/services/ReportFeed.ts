/**
 * Fan-out of report events (issue 6): comment changes for the per-report event stream, and access
 * changes that make open connections (collab sockets, event streams) re-check their access.
 * Like ChangeFeed, one LISTEN per process; writers NOTIFY inside their transaction, so every
 * process hears only committed changes.
 */
import { sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client";

export const REPORT_FEED_CHANNEL = "folio_reports";

/**
 * `r`: report id, or null for "any report" (a team membership changed); `k`: what happened;
 * `t`: the thread concerned (comment events).
 */
export interface ReportEvent {
  r: string | null;
  k: "comment" | "access";
  t?: string;
}

type Listener = (event: ReportEvent) => void;

/** Announces, on commit of `tx`, a report event to every process. */
export async function notifyReport(tx: Db, event: ReportEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${REPORT_FEED_CHANNEL}, ${JSON.stringify(event)})`);
}

/** Routes committed report events to subscribers (per report, or all). */
export class ReportFeed {
  private listeners = new Set<Listener>();
  private unlisten: (() => Promise<void>) | null = null;

  /** Starts listening on the database. */
  async start(database: Database): Promise<void> {
    this.unlisten = await database.listen(REPORT_FEED_CHANNEL, (payload) => this.dispatch(payload));
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(payload: string) {
    let event: ReportEvent;
    try {
      event = JSON.parse(payload) as ReportEvent;
    } catch {
      return; // not ours
    }
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (error) {
        console.error("report feed listener failed", error);
      }
    }
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.listeners.clear();
  }
}
