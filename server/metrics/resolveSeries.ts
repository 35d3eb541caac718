/** Which (run, key) series a metrics query reads, and what each needs for its x-axis. */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import type { LoadedRun } from "../services/runs";
import { checkRegex, hasBackReference, readOnlyQuery } from "../query/readOnlyQuery";
import { invalidInput } from "../services/ServiceError";
import { numberArray, textArray } from "../services/pgArray";
import type { XAxis } from "./MetricsQueryInput";
import { NO_CUT } from "./seriesSql";

/** One series to read: a run's metric, with the key ids and offsets its x-axis needs. */
export interface SeriesRef {
  run: LoadedRun;
  keyId: number;
  keyName: string;
  /** The x metric's key id in the run's project (-1: the project has no such metric, or x is not a metric). */
  xKeyId: number;
  /** relativeTime: wall time of the run's first point (at or before its cut); otherwise 0. */
  t0: number;
  /** The last step this run's series may read: its `until`, or NO_CUT. */
  maxStep: number;
}

/** Keys are named, or matched by a regular expression evaluated by PostgreSQL. */
export type KeySelector = { names: string[] } | { regex: string };

/** How long PostgreSQL may spend matching `keysRegex` against a project's key names. */
const REGEX_TIMEOUT_MS = 2000;

/**
 * The series for `runs` × the selected keys, restricted to keys each run has logged (run_metrics),
 * in the order runs were given, then key name. The regex runs in PostgreSQL (its regex engine has
 * no catastrophic backtracking without back-references, and a statement timeout bounds the rest),
 * never in Node where a hostile pattern would block the event loop. `dbKind` unknown counts as PGlite.
 *
 * `until` (run id → last step) freezes runs: a frozen run's series are the keys it had logged by
 * its cut (a key first logged after it is left out), so a frozen answer never changes. The check
 * costs nothing when the key's last step is within the cut, else one primary-key probe.
 */
export async function resolveSeries(
  db: Db, runList: readonly LoadedRun[], keys: KeySelector, x: XAxis, dbKind?: "postgres" | "pglite",
  until: ReadonlyMap<string, number> = new Map(),
): Promise<SeriesRef[]> {
  if (runList.length === 0) return [];
  const seqs = runList.map((r) => r.row.seq);
  const cuts = runList.map((r) => until.get(r.row.id) ?? NO_CUT);
  const runCuts = sql`unnest(${numberArray(seqs)}::text[]::int8[], ${numberArray(cuts)}::text[]::int8[]) as c(run_seq, max_step)`;
  const select = (tx: Db, filter: SQL) => rows<{ run_seq: string | number; key_id: number; name: string }>(
    tx,
    sql`select rm.run_seq, rm.key_id, k.name from ${runCuts} join run_metrics rm on rm.run_seq = c.run_seq
        join metric_keys k on k.id = rm.key_id
        where ${filter} and (rm.last_step <= c.max_step or exists (select 1 from metric_points p
          where p.run_seq = rm.run_seq and p.key_id = rm.key_id and p.step <= c.max_step))
        order by k.name`,
  );
  // Names need no transaction (one round trip). A regex runs read-only under a statement timeout;
  // PGlite cannot interrupt a statement, so there the one exponential feature is refused up front.
  if ("regex" in keys && dbKind !== "postgres" && hasBackReference(keys.regex)) {
    throw invalidInput("keysRegex", "back-references (\\1…\\9) are not supported on the embedded database: it cannot time out a runaway match");
  }
  const found = "names" in keys
    ? await select(db, sql`k.name = any(${textArray(keys.names)}::text[])`)
    : await readOnlyQuery(db, { timeoutMs: REGEX_TIMEOUT_MS, timeoutPath: "keysRegex" }, async (tx) => {
      await checkRegex(tx, keys.regex, "keysRegex");
      return select(tx, sql`k.name ~ ${keys.regex}`);
    });
  const xKeys = typeof x === "object" ? await metricKeyIds(db, runList, x.metric) : new Map<number, number>();
  const t0 = x === "relativeTime" ? await firstWallTimes(db, runCuts) : new Map<number, number>();
  const bySeq = new Map<number, typeof found>();
  for (const f of found) {
    const seq = Number(f.run_seq);
    bySeq.set(seq, [...(bySeq.get(seq) ?? []), f]);
  }
  return runList.flatMap((run) =>
    (bySeq.get(run.row.seq) ?? []).map((f) => ({
      run, keyId: f.key_id, keyName: f.name, xKeyId: xKeys.get(run.project.id) ?? -1, t0: t0.get(run.row.seq) ?? 0,
      maxStep: until.get(run.row.id) ?? NO_CUT,
    })),
  );
}

/** The id of metric `name` in each of the runs' projects. */
async function metricKeyIds(db: Db, runList: readonly LoadedRun[], name: string): Promise<Map<number, number>> {
  const projectIds = [...new Set(runList.map((r) => r.project.id))];
  const found = await rows<{ project_id: number; id: number }>(
    db,
    sql`select project_id, id from metric_keys where project_id = any(${numberArray(projectIds)}::text[]::int4[]) and name = ${name}`,
  );
  return new Map(found.map((k) => [k.project_id, k.id]));
}

/**
 * Per run, the wall time of its first point: the earliest wall time among the first points (by step)
 * of each of its keys, at or before the run's cut (`runCuts`: c(run_seq, max_step)). One
 * primary-key probe per key, never a scan.
 */
async function firstWallTimes(db: Db, runCuts: SQL): Promise<Map<number, number>> {
  const found = await rows<{ run_seq: string | number; t0: number | null }>(
    db,
    sql`select rm.run_seq, min(fp.wall_time) as t0 from ${runCuts} join run_metrics rm on rm.run_seq = c.run_seq
        cross join lateral (select p.wall_time from metric_points p where p.run_seq = rm.run_seq and p.key_id = rm.key_id
                            and p.step <= c.max_step order by p.step limit 1) fp
        group by rm.run_seq`,
  );
  return new Map(found.map((r) => [Number(r.run_seq), Number(r.t0 ?? 0)]));
}
