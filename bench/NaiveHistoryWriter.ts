/**
 * The baseline the ingest benchmark runs beside Folio's HistoryWriter: what a straightforward
 * implementation does. Each request gets its own transaction with one multi-row
 * `INSERT … VALUES (…),(…) ON CONFLICT … DO UPDATE` built by drizzle's query builder: no grouping
 * of concurrent requests, no array parameters. It keeps the same side effects (metric keys,
 * run_metrics, the run's heartbeat / last step / summary, the change-feed NOTIFY) so the comparison
 * is about the write path only.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { metricKeys, metricPoints, runMetrics, runs } from "../db/schema";
import type { RunTarget } from "../server/services/HistoryWriter";
import type { HistoryPoints } from "../server/services/parseHistory";
import { notifyRuns } from "../server/services/feedMessages";

// PostgreSQL allows 65,535 bind parameters per statement; metric_points rows take 5.
const ROWS_PER_STATEMENT = 10_000;

/** Same `write` / `drain` surface as HistoryWriter, one transaction per request. */
export class NaiveHistoryWriter {
  private inFlight = new Set<Promise<unknown>>();

  constructor(private readonly db: Db) {}

  /** Writes one request's points in its own transaction; resolves with the point count. */
  write(run: RunTarget, points: HistoryPoints): Promise<number> {
    if (points.keys.length === 0) return Promise.resolve(0);
    const p = this.db.transaction((tx) => this.writeRequest(tx, run, points)).then(() => points.keys.length);
    this.inFlight.add(p);
    const forget = () => this.inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Resolves once every write in flight has settled. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async writeRequest(tx: Db, run: RunTarget, points: HistoryPoints): Promise<void> {
    const { names } = points;
    await tx.insert(metricKeys).values(names.map((name) => ({ projectId: run.projectId, name }))).onConflictDoNothing();
    const idOf = new Map(
      (await tx
        .select({ id: metricKeys.id, name: metricKeys.name })
        .from(metricKeys)
        .where(and(eq(metricKeys.projectId, run.projectId), inArray(metricKeys.name, names)))).map((k) => [k.name, k.id]),
    );
    const ids = names.map((name) => idOf.get(name)!);

    // ON CONFLICT DO UPDATE may not touch a row twice in one statement: keep the last write.
    const last = new Map<string, number>();
    for (let i = 0; i < points.keys.length; i++) last.set(`${points.keys[i]}:${points.steps[i]}`, i);
    const values = [...last.values()].map((i) => ({
      runSeq: run.seq, keyId: ids[points.keys[i]], step: points.steps[i], value: points.values[i], wallTime: points.times[i],
    }));
    for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
      await tx
        .insert(metricPoints)
        .values(values.slice(i, i + ROWS_PER_STATEMENT))
        .onConflictDoUpdate({
          target: [metricPoints.runSeq, metricPoints.keyId, metricPoints.step],
          set: { value: sql`excluded.value`, wallTime: sql`excluded.wall_time` },
        });
    }

    const latest = new Map<number, { step: number; value: number }>();
    for (const v of values) {
      const cur = latest.get(v.keyId);
      if (!cur || v.step >= cur.step) latest.set(v.keyId, { step: v.step, value: v.value });
    }
    await tx
      .insert(runMetrics)
      .values([...latest].map(([keyId, l]) => ({ runSeq: run.seq, keyId, lastStep: l.step, lastValue: l.value })))
      .onConflictDoUpdate({
        target: [runMetrics.runSeq, runMetrics.keyId],
        set: { lastStep: sql`excluded.last_step`, lastValue: sql`excluded.last_value` },
        setWhere: sql`${runMetrics.lastStep} <= excluded.last_step`,
      });

    const maxStep = Math.max(...[...latest.values()].map((l) => l.step));
    const touched = [...latest.keys()];
    await tx
      .update(runs)
      .set({
        heartbeatAt: sql`now()`,
        lastStep: sql`greatest(coalesce(${runs.lastStep}, -1), ${maxStep}::int8)`,
        state: sql`case when ${runs.state} = 'crashed' then 'running' else ${runs.state} end`,
        summary: sql`${runs.summary} || coalesce((
          select jsonb_object_agg(k.name, to_jsonb(rm.last_value))
          from run_metrics rm join metric_keys k on k.id = rm.key_id
          where rm.run_seq = ${run.seq} and rm.key_id in ${touched}), '{}'::jsonb)`,
      })
      .where(eq(runs.seq, run.seq));
    await notifyRuns(tx, run.projectId, [run.id], "points");
  }
}
