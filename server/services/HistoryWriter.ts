/**
 * Group commit for metric points. Requests queue their points; up to `lanes` writers each take
 * everything queued (bounded by `maxPoints`) and commit it in ONE transaction, so under load many
 * requests share one commit (one WAL flush) while an idle server still commits each request at
 * once. A request's promise resolves only after its transaction committed: every acknowledged
 * batch is durable. If a shared transaction fails, each request is retried alone, so one request's
 * failure never fails or half-writes another's. Within a transaction points are deduplicated (last
 * write wins) and ordered by (run, key, step); a run is written by one lane at a time, so its
 * requests commit in arrival order.
 *
 * Points go in by binary COPY straight into metric_points: on PostgreSQL 15 that inserts 2.5–3× as
 * many rows per second as `INSERT … SELECT FROM unnest(…) ON CONFLICT`, because nothing is printed
 * or parsed as text and COPY inserts rows in batches (docs/decisions/003). COPY cannot
 * upsert: if a point already exists it fails, and the group is written again with the upsert. A
 * group holding a request that re-sends steps its run already has (a client retry) goes straight to
 * the upsert. Training logs new steps, so the second attempt is rare.
 */
import type { Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import { rows, type Db } from "../../db/client";
import { notifyRuns } from "./feedMessages";
import type { HistoryPoints } from "./parseHistory";
import { binaryCopyRows, numberArray, textArray } from "./pgArray";

/** The run a batch belongs to. */
export interface RunTarget {
  seq: number;
  id: string;
  projectId: number;
  /** The run's last step when the request arrived (null: none yet); a batch at or below it may be a re-send. */
  lastStep?: number | null;
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

/**
 * Bulk inserts running at once, across lanes. PostgreSQL 15 extends a table one lock holder at a
 * time, and concurrent COPYs into metric_points queue on that lock (the top wait event with six
 * lanes); other lanes meanwhile parse, run their small statements and wait for their commits.
 */
const COPY_SLOTS = 2;

/** Batches concurrent history writes into shared, durable transactions. */
export class HistoryWriter {
  private queue: Pending[] = [];
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  /** Runs some lane is writing. */
  private busyRuns = new Set<number>();
  /** Bulk inserts in progress, and lanes waiting for a slot. */
  private copying = 0;
  private copyWaiters: Array<() => void> = [];
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

  /** Whether points are queued or being committed (background work waits for this to clear). */
  get busy(): boolean {
    return this.active > 0 || this.queue.length > 0;
  }

  /** Resolves once nothing is queued or in flight (used at shutdown). */
  drain(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Starts lanes while there is work. A run is written by one lane at a time: its requests commit
   * in arrival order (so the last request sent is the last write), and two lanes never wait on each
   * other's uncommitted points, which the bulk-insert slots below rely on.
   */
  private pump() {
    while (this.active < this.options.lanes && this.queue.length > 0) {
      const group: Pending[] = [];
      const rest: Pending[] = [];
      const skipped = new Set(this.busyRuns); // once a run's request waits, its later ones wait too
      let n = 0;
      for (const p of this.queue) {
        const size = p.points.keys.length;
        if (!skipped.has(p.run.seq) && (group.length === 0 || n + size <= this.options.maxPoints)) {
          group.push(p);
          n += size;
        } else {
          rest.push(p);
          skipped.add(p.run.seq);
        }
      }
      if (group.length === 0) return; // everything queued waits for a run that is being written
      this.queue = rest;
      const runs = new Set(group.map((p) => p.run.seq));
      for (const seq of runs) this.busyRuns.add(seq);
      this.active++;
      void this.commitGroup(group).finally(() => {
        this.active--;
        for (const seq of runs) this.busyRuns.delete(seq);
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
    let bulk = !group.some(mayRepeatSteps);
    for (let attempt = 1; ; attempt++) {
      const newKeys = new Map<number, Map<string, number>>();
      try {
        await this.db.transaction((tx) => this.writeGroup(tx, group, newKeys, bulk));
        for (const [projectId, m] of newKeys) {
          const cache = this.cacheFor(projectId);
          for (const [name, id] of m) cache.set(name, id);
        }
        return;
      } catch (error) {
        if (error instanceof BulkInsertFailed) {
          // Most likely a point that already exists (23505). The upsert replaces it, or fails with
          // the real error, which then takes the usual path. This retry is not counted.
          bulk = false;
          attempt--;
          continue;
        }
        const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
        if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  private async acquireCopySlot(): Promise<void> {
    if (this.copying < COPY_SLOTS) {
      this.copying++;
      return;
    }
    await new Promise<void>((resolve) => this.copyWaiters.push(resolve)); // the slot is handed over
  }

  private releaseCopySlot() {
    const next = this.copyWaiters.shift();
    if (next) next();
    else this.copying--;
  }

  private cacheFor(projectId: number): Map<string, number> {
    let m = this.keyIds.get(projectId);
    if (!m) this.keyIds.set(projectId, (m = new Map()));
    return m;
  }

  /** Key ids of each request's `names`, inserting metric keys seen for the first time. */
  private async resolveKeyIds(tx: Db, group: Pending[], newKeys: Map<number, Map<string, number>>): Promise<Int32Array[]> {
    const missingProjects: number[] = [];
    const missingNames: string[] = [];
    const seen = new Set<string>();
    for (const p of group) {
      const cache = this.cacheFor(p.run.projectId);
      for (const k of p.points.names) {
        if (cache.has(k)) continue;
        const tag = `${p.run.projectId}\u0000${k}`;
        if (seen.has(tag)) continue;
        seen.add(tag);
        missingProjects.push(p.run.projectId);
        missingNames.push(k);
      }
    }
    if (missingNames.length > 0) {
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
    return group.map((p) => {
      const cached = this.keyIds.get(p.run.projectId);
      const fresh = newKeys.get(p.run.projectId);
      return Int32Array.from(p.points.names, (name) => cached?.get(name) ?? fresh!.get(name)!);
    });
  }

  private async writeGroup(tx: Db, group: Pending[], newKeys: Map<number, Map<string, number>>, bulk: boolean): Promise<void> {
    const ids = await this.resolveKeyIds(tx, group, newKeys);
    const o = orderGroup(group, ids);
    const n = o.n;

    const driver = bulk ? driverOf(tx) : null;
    if (driver) {
      const data = binaryCopyRows(
        [
          { type: "int8", values: o.seq }, { type: "int4", values: o.key }, { type: "int8", values: o.step },
          { type: "float8", values: o.value }, { type: "float8", values: o.time },
        ],
        n,
      );
      await this.acquireCopySlot();
      try {
        await copyIntoMetricPoints(driver, data);
      } catch (error) {
        // The transaction is aborted now; commitWithRetry starts over with the upsert.
        throw new BulkInsertFailed(error);
      } finally {
        this.releaseCopySlot();
      }
    } else {
      await tx.execute(sql`
        insert into metric_points (run_seq, key_id, step, value, wall_time)
        select * from unnest(${numberArray(o.seq.subarray(0, n))}::text[]::int8[], ${numberArray(o.key.subarray(0, n))}::text[]::int4[],
                             ${numberArray(o.step.subarray(0, n))}::text[]::int8[], ${numberArray(o.value.subarray(0, n))}::text[]::float8[],
                             ${numberArray(o.time.subarray(0, n))}::text[]::float8[])
        on conflict (run_seq, key_id, step) do update set value = excluded.value, wall_time = excluded.wall_time`);
    }

    // One statement for the run rows: run_metrics keeps each key's latest point, and each run gets
    // a heartbeat, its last step, and the summary of the keys this group touched. The summary
    // takes, per key, whichever of the stored and the incoming point has the higher step (the
    // incoming one on a tie, as the upsert does), so an old step re-sent late never wins; it reads
    // run_metrics as it was before this statement, which is what makes one statement enough. A
    // crashed run that logs again is evidently alive. Each key's rollups are marked stale from the
    // lowest step written, and its rollup generation bumped (server/metrics/ensureRollups.ts).
    const { latest } = o;
    const byProject = new Map<number, string[]>();
    for (const p of group) {
      const runIds = byProject.get(p.run.projectId) ?? [];
      if (!runIds.includes(p.run.id)) runIds.push(p.run.id);
      byProject.set(p.run.projectId, runIds);
    }
    // Sent together: both are queued on the transaction's connection before either is awaited.
    await Promise.all([
      tx.execute(sql`
        with incoming as (
          select * from unnest(${numberArray(latest.seq)}::text[]::int8[], ${numberArray(latest.key)}::text[]::int4[],
                               ${numberArray(latest.step)}::text[]::int8[], ${numberArray(latest.value)}::text[]::float8[],
                               ${numberArray(latest.first)}::text[]::int8[])
                     as t(run_seq, key_id, last_step, last_value, first_step)
        ), upserted as (
          insert into run_metrics (run_seq, key_id, last_step, last_value, rollup_dirty_from)
          select * from incoming
          on conflict (run_seq, key_id) do update set
            last_step = greatest(run_metrics.last_step, excluded.last_step),
            last_value = case when run_metrics.last_step <= excluded.last_step then excluded.last_value else run_metrics.last_value end,
            rollup_dirty_from = least(run_metrics.rollup_dirty_from, excluded.rollup_dirty_from),
            rollup_gen = run_metrics.rollup_gen + 1
        ), summaries as (
          select i.run_seq, max(i.last_step) as max_step,
                 jsonb_object_agg(k.name, to_jsonb(case when rm.last_step > i.last_step then rm.last_value else i.last_value end)) as summary
          from incoming i
          join metric_keys k on k.id = i.key_id
          left join run_metrics rm on rm.run_seq = i.run_seq and rm.key_id = i.key_id
          group by i.run_seq
        )
        update runs r set
          heartbeat_at = now(),
          last_step = greatest(coalesce(r.last_step, -1), s.max_step),
          state = case when r.state = 'crashed' then 'running' else r.state end,
          summary = r.summary || s.summary
        from summaries s
        where r.seq = s.run_seq`),
      ...[...byProject].map(([projectId, runIds]) => notifyRuns(tx, projectId, runIds, "points")),
    ]);
  }
}

/** The bulk insert failed; the group is written again with the upsert. */
class BulkInsertFailed extends Error {
  constructor(cause: unknown) {
    super("bulk insert of metric points failed", { cause });
  }
}

/** True when a request logs a step at or below its run's last step when it arrived: maybe a re-send. */
function mayRepeatSteps(p: Pending): boolean {
  const last = p.run.lastStep;
  if (last === null || last === undefined) return false;
  const { steps, stepsIncrease } = p.points;
  if (stepsIncrease) return steps[0] <= last;
  for (let i = 0; i < steps.length; i++) if (steps[i] <= last) return true;
  return false;
}

/** A group's points as columns in (run, key, step) order, deduplicated, and each key's latest point. */
interface OrderedGroup {
  /** Points in the columns (they are allocated before deduplication, so may be longer). */
  n: number;
  seq: Float64Array;
  key: Int32Array;
  step: Float64Array;
  value: Float64Array;
  time: Float64Array;
  /**
   * Per (run, key): the point with the highest step, for run_metrics and the run's summary, and
   * the lowest step written (`first`), from which the key's rollups are stale.
   */
  latest: { seq: number[]; key: number[]; step: number[]; value: number[]; first: number[] };
}

/**
 * Orders a group by (run, key, step), last write winning among equal points. A run with a single
 * request whose steps increase (the normal case) is placed with a counting sort over its few keys:
 * no comparisons, no duplicates possible. Otherwise that run's points are sorted stably, so equal
 * points keep arrival order and the last of each run of equals is the last write.
 */
function orderGroup(group: Pending[], ids: Int32Array[]): OrderedGroup {
  let total = 0;
  const byRun = new Map<number, number[]>(); // run seq → indexes into group, in arrival order
  for (let g = 0; g < group.length; g++) {
    total += group[g].points.keys.length;
    const list = byRun.get(group[g].run.seq);
    if (list) list.push(g);
    else byRun.set(group[g].run.seq, [g]);
  }
  const out: OrderedGroup = {
    n: 0,
    seq: new Float64Array(total), key: new Int32Array(total), step: new Float64Array(total),
    value: new Float64Array(total), time: new Float64Array(total),
    latest: { seq: [], key: [], step: [], value: [], first: [] },
  };
  for (const seq of [...byRun.keys()].sort((a, b) => a - b)) {
    const members = byRun.get(seq)!;
    if (members.length === 1 && group[members[0]].points.stepsIncrease) placeIncreasing(out, seq, group[members[0]].points, ids[members[0]]);
    else placeSorted(out, seq, members.map((g) => group[g].points), members.map((g) => ids[g]));
  }
  return out;
}

function placeIncreasing(out: OrderedGroup, seq: number, p: HistoryPoints, ids: Int32Array) {
  const { keys, steps, values, times } = p;
  const names = ids.length;
  const count = new Int32Array(names);
  for (let i = 0; i < keys.length; i++) count[keys[i]]++;
  const byId = Array.from({ length: names }, (_, k) => k).sort((a, b) => ids[a] - ids[b]);
  const next = new Int32Array(names);
  let at = out.n;
  for (const k of byId) {
    next[k] = at;
    at += count[k];
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const d = next[k]++;
    out.seq[d] = seq;
    out.key[d] = ids[k];
    out.step[d] = steps[i];
    out.value[d] = values[i];
    out.time[d] = times[i];
  }
  out.n = at;
  for (const k of byId) {
    if (count[k] === 0) continue;
    const d = next[k] - 1; // each key's points end with its highest step and start with its lowest
    out.latest.seq.push(seq); out.latest.key.push(ids[k]); out.latest.step.push(out.step[d]); out.latest.value.push(out.value[d]);
    out.latest.first.push(out.step[next[k] - count[k]]);
  }
}

function placeSorted(out: OrderedGroup, seq: number, requests: HistoryPoints[], ids: Int32Array[]) {
  const kid: number[] = [], step: number[] = [], value: number[] = [], time: number[] = [];
  requests.forEach((p, r) => {
    for (let i = 0; i < p.keys.length; i++) {
      kid.push(ids[r][p.keys[i]]); step.push(p.steps[i]); value.push(p.values[i]); time.push(p.times[i]);
    }
  });
  const order = Array.from({ length: kid.length }, (_, i) => i);
  order.sort((a, b) => kid[a] - kid[b] || step[a] - step[b] || a - b);
  let first = 0;
  for (let n = 0; n < order.length; n++) {
    const a = order[n];
    const b = order[n + 1];
    const sameNext = n + 1 < order.length && kid[b] === kid[a];
    if (n === 0 || kid[order[n - 1]] !== kid[a]) first = step[a];
    if (sameNext && step[b] === step[a]) continue; // a later write of the same point follows
    const d = out.n++;
    out.seq[d] = seq; out.key[d] = kid[a]; out.step[d] = step[a]; out.value[d] = value[a]; out.time[d] = time[a];
    if (!sameNext) {
      out.latest.seq.push(seq); out.latest.key.push(kid[a]); out.latest.step.push(step[a]); out.latest.value.push(value[a]);
      out.latest.first.push(first);
    }
  }
}

/** The driver transaction under a drizzle transaction, for what drizzle cannot express (COPY). */
type Driver = { kind: "postgres"; sql: TransactionSql } | { kind: "pglite"; tx: PgliteTransaction };

/**
 * drizzle 0.45 keeps the driver's transaction at `tx.session.client` for both drivers. That is not
 * public API (drizzle-orm is pinned exactly in package.json); anything unexpected yields null and
 * the writer uses the portable upsert instead.
 */
function driverOf(tx: Db): Driver | null {
  const client: unknown = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (typeof client === "function" && "unsafe" in client && "savepoint" in client) return { kind: "postgres", sql: client as unknown as TransactionSql };
  if (typeof client === "object" && client !== null && "query" in client && "exec" in client) return { kind: "pglite", tx: client as PgliteTransaction };
  return null;
}

const COPY_COLUMNS = "metric_points (run_seq, key_id, step, value, wall_time)";

async function copyIntoMetricPoints(driver: Driver, data: Uint8Array<ArrayBuffer>): Promise<void> {
  if (driver.kind === "pglite") {
    // PGlite reads COPY input from its virtual /dev/blob device.
    await driver.tx.query(`copy ${COPY_COLUMNS} from '/dev/blob' with (format binary)`, [], { blob: new Blob([data]) });
    return;
  }
  const stream = await driver.sql.unsafe(`copy ${COPY_COLUMNS} from stdin with (format binary)`).writable();
  const finished = new Promise<void>((resolve, reject) => {
    stream.once("finish", resolve);
    stream.once("error", reject);
  });
  finished.catch(() => {}); // observed below; this only keeps an early rejection from going unhandled
  await new Promise<void>((resolve, reject) => stream.write(data, (e) => (e ? reject(e) : resolve())));
  stream.end(); // with nothing left to write, this sends CopyDone at once
  // postgres.js 3.4 never settles the stream when the server rejects the COPY after CopyDone (the
  // error reaches an already-resolved query: porsager/postgres#1173). A statement queued behind the
  // COPY always settles: it succeeds after a good COPY and fails (25P02) after a failed one.
  await Promise.race([finished, driver.sql.unsafe("select 1")]);
}
