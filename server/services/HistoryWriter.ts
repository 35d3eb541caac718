/**
 * Group commit for metric points. Requests queue their points; up to `lanes` writers each take
 * everything queued (bounded by `maxPoints`) and commit it in ONE transaction, so under load many
 * requests share one commit (one WAL flush) while an idle server still commits each request at
 * once. A request's promise resolves only after its transaction committed: every acknowledged
 * batch is durable. If a shared transaction fails, each request is retried alone, so one request's
 * failure never fails or half-writes another's. Within a transaction points are deduplicated (last
 * write wins) and sorted by (run, key, step), which also gives every lane the same lock order.
 */
import { sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import type { HistoryPoints } from "./parseHistory";
import { numberArray, textArray } from "./pgArray";
import { notifyRuns } from "./feedMessages";

/** The run a batch belongs to. */
export interface RunTarget {
  seq: number;
  id: string;
  projectId: number;
}

interface Pending {
  run: RunTarget;
  points: HistoryPoints;
  resolve: (n: number) => void;
  reject: (e: unknown) => void;
}

/** Tuning for the writer. */
export interface HistoryWriterOptions {
  /** Concurrent transactions (1 on PGlite, which has one connection). */
  lanes: number;
  /** Upper bound of points per shared transaction. */
  maxPoints: number;
}

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock, serialization failure

/** Batches concurrent history writes into shared, durable transactions. */
export class HistoryWriter {
  private queue: Pending[] = [];
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  /** projectId → metric name → key id; only ids whose insert has committed are cached. */
  private keyIds = new Map<number, Map<string, number>>();

  constructor(
    private readonly db: Db,
    private readonly options: HistoryWriterOptions,
  ) {}

  /** Queues points of one run; resolves with the point count once committed. */
  write(run: RunTarget, points: HistoryPoints): Promise<number> {
    if (points.keys.length === 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      this.queue.push({ run, points, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once nothing is queued or in flight (used at shutdown). */
  drain(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump() {
    while (this.active < this.options.lanes && this.queue.length > 0) {
      const group: Pending[] = [];
      let n = 0;
      while (this.queue.length > 0 && (group.length === 0 || n + this.queue[0].points.keys.length <= this.options.maxPoints)) {
        const p = this.queue.shift()!;
        n += p.points.keys.length;
        group.push(p);
      }
      this.active++;
      void this.commitGroup(group).finally(() => {
        this.active--;
        if (this.active === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((w) => w());
        else this.pump();
      });
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    try {
      await this.commitWithRetry(group);
      for (const p of group) p.resolve(p.points.keys.length);
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      // Isolate the failure: every request gets its own transaction and its own verdict.
      for (const p of group) {
        try {
          await this.commitWithRetry([p]);
          p.resolve(p.points.keys.length);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  private async commitWithRetry(group: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const newKeys = new Map<number, Map<string, number>>();
      try {
        await this.db.transaction((tx) => this.writeGroup(tx, group, newKeys));
        for (const [projectId, m] of newKeys) {
          const cache = this.cacheFor(projectId);
          for (const [name, id] of m) cache.set(name, id);
        }
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
        if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  private cacheFor(projectId: number): Map<string, number> {
    let m = this.keyIds.get(projectId);
    if (!m) this.keyIds.set(projectId, (m = new Map()));
    return m;
  }

  private async resolveKeyIds(tx: Db, group: Pending[], newKeys: Map<number, Map<string, number>>) {
    const missingProjects: number[] = [];
    const missingNames: string[] = [];
    const seen = new Set<string>();
    for (const p of group) {
      const cache = this.cacheFor(p.run.projectId);
      for (const k of p.points.keys) {
        if (cache.has(k)) continue;
        const tag = `${p.run.projectId}\u0000${k}`;
        if (seen.has(tag)) continue;
        seen.add(tag);
        missingProjects.push(p.run.projectId);
        missingNames.push(k);
      }
    }
    if (missingNames.length === 0) return;
    const pa = numberArray(missingProjects);
    const na = textArray(missingNames);
    await tx.execute(sql`
      insert into metric_keys (project_id, name)
      select * from unnest(${pa}::text[]::int4[], ${na}::text[])
      on conflict (project_id, name) do nothing`);
    const found = await rows<{ id: number; project_id: number; name: string }>(
      tx,
      sql`select k.id, k.project_id, k.name from metric_keys k
          join unnest(${pa}::text[]::int4[], ${na}::text[]) as m(project_id, name)
            on k.project_id = m.project_id and k.name = m.name`,
    );
    for (const r of found) {
      let m = newKeys.get(r.project_id);
      if (!m) newKeys.set(r.project_id, (m = new Map()));
      m.set(r.name, r.id);
    }
  }

  private async writeGroup(tx: Db, group: Pending[], newKeys: Map<number, Map<string, number>>): Promise<void> {
    await this.resolveKeyIds(tx, group, newKeys);
    const keyId = (projectId: number, name: string) => this.keyIds.get(projectId)?.get(name) ?? newKeys.get(projectId)!.get(name)!;

    // Flatten the group in arrival order, then sort stably: equal (run, key, step) keep arrival
    // order, so the last of each run of equals is the last write.
    let total = 0;
    for (const p of group) total += p.points.keys.length;
    const seqs = new Float64Array(total);
    const kids = new Int32Array(total);
    const steps = new Float64Array(total);
    const values = new Float64Array(total);
    const times = new Float64Array(total);
    let i = 0;
    for (const p of group) {
      const { keys, steps: st, values: va, times: ti } = p.points;
      for (let j = 0; j < keys.length; j++, i++) {
        seqs[i] = p.run.seq;
        kids[i] = keyId(p.run.projectId, keys[j]);
        steps[i] = st[j];
        values[i] = va[j];
        times[i] = ti[j];
      }
    }
    const order = Array.from({ length: total }, (_, k) => k);
    order.sort((a, b) => seqs[a] - seqs[b] || kids[a] - kids[b] || steps[a] - steps[b] || a - b);

    const oSeq: number[] = [], oKey: number[] = [], oStep: number[] = [], oVal: number[] = [], oTime: number[] = [];
    // Latest point per (run, key) for run_metrics; per run, the highest step and its keys.
    const lSeq: number[] = [], lKey: number[] = [], lStep: number[] = [], lVal: number[] = [];
    for (let n = 0; n < total; n++) {
      const a = order[n];
      const b = order[n + 1];
      const sameNext = n + 1 < total && seqs[b] === seqs[a] && kids[b] === kids[a];
      if (sameNext && steps[b] === steps[a]) continue; // a later write of the same point follows
      oSeq.push(seqs[a]); oKey.push(kids[a]); oStep.push(steps[a]); oVal.push(values[a]); oTime.push(times[a]);
      if (!sameNext) {
        lSeq.push(seqs[a]); lKey.push(kids[a]); lStep.push(steps[a]); lVal.push(values[a]);
      }
    }

    await tx.execute(sql`
      insert into metric_points (run_seq, key_id, step, value, wall_time)
      select * from unnest(${numberArray(oSeq)}::text[]::int8[], ${numberArray(oKey)}::text[]::int4[],
                           ${numberArray(oStep)}::text[]::int8[], ${numberArray(oVal)}::text[]::float8[],
                           ${numberArray(oTime)}::text[]::float8[])
      on conflict (run_seq, key_id, step) do update set value = excluded.value, wall_time = excluded.wall_time`);

    await tx.execute(sql`
      insert into run_metrics (run_seq, key_id, last_step, last_value)
      select * from unnest(${numberArray(lSeq)}::text[]::int8[], ${numberArray(lKey)}::text[]::int4[],
                           ${numberArray(lStep)}::text[]::int8[], ${numberArray(lVal)}::text[]::float8[])
      on conflict (run_seq, key_id) do update set last_step = excluded.last_step, last_value = excluded.last_value
      where run_metrics.last_step <= excluded.last_step`);

    // Runs in seq order (the lock order every lane shares): heartbeat, last step, summary of the
    // keys this batch touched (from run_metrics, so an old step re-sent late never wins), and a
    // crashed run that logs again is evidently alive.
    const runSeqs = [...new Set(lSeq)];
    const touched = new Map<number, number[]>();
    for (let n = 0; n < lSeq.length; n++) {
      const list = touched.get(lSeq[n]) ?? [];
      list.push(lKey[n]);
      touched.set(lSeq[n], list);
    }
    const maxStep = new Map<number, number>();
    for (let n = 0; n < lSeq.length; n++) maxStep.set(lSeq[n], Math.max(maxStep.get(lSeq[n]) ?? -1, lStep[n]));
    for (const seq of runSeqs) {
      await tx.execute(sql`
        update runs r set
          heartbeat_at = now(),
          last_step = greatest(coalesce(r.last_step, -1), ${maxStep.get(seq)!}::int8),
          state = case when r.state = 'crashed' then 'running' else r.state end,
          summary = r.summary || coalesce((
            select jsonb_object_agg(k.name, to_jsonb(rm.last_value))
            from run_metrics rm join metric_keys k on k.id = rm.key_id
            where rm.run_seq = r.seq and rm.key_id = any(${numberArray(touched.get(seq)!)}::text[]::int4[])), '{}'::jsonb)
        where r.seq = ${seq}`);
    }

    const byProject = new Map<number, string[]>();
    for (const p of group) {
      const ids = byProject.get(p.run.projectId) ?? [];
      if (!ids.includes(p.run.id)) ids.push(p.run.id);
      byProject.set(p.run.projectId, ids);
    }
    for (const [projectId, ids] of byProject) await notifyRuns(tx, projectId, ids, "points");
  }
}
