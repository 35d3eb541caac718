/**
 * `POST /api/v1/analysis/importance` (docs/api.md): which parameters matter for a metric across the
 * runs a run query finds. The run query goes through findRuns with the caller's access (a project
 * they cannot read is a 404, as for the runs query); values are read from the loaded runs and ranked
 * by rankParams (a seeded random forest and Pearson's r).
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import type { User } from "../services/accounts";
import type { LoadedRun } from "../services/runs";
import { invalidInput, parseInput } from "../services/ServiceError";
import { parseFieldRef, type FieldRef } from "../query/FieldRef";
import { rankParams, type ParamImportance } from "./rankParams";

/** Most runs one analysis reads (the run query's `limit` defaults to this and may not exceed it). */
export const MAX_IMPORTANCE_RUNS = 2000;
/** Most parameters ranked, named or found. */
export const MAX_PARAMS = 100;
const MAX_CONFIG_DEPTH = 32;

const FieldName = z.string().min(1, "is required").max(1024, "must be at most 1024 characters");

/** The request body. */
export const ImportanceInput = z
  .object({
    runQuery: z.record(z.unknown(), { invalid_type_error: "must be a run query object" }),
    metric: FieldName,
    params: z.array(FieldName).min(1, "needs at least one parameter").max(MAX_PARAMS, `at most ${MAX_PARAMS} parameters`).optional(),
  })
  .strict();

/** The response body. */
export interface ImportanceResult {
  metric: string;
  /** Runs used: found by the run query and having a finite value of the metric. */
  runs: number;
  /** The run query matched more than MAX_IMPORTANCE_RUNS (or its `limit`) runs; the first ones were used. */
  truncated: boolean;
  params: ParamImportance[];
}

/** Resolves a run query to runs with the caller's access: server/query/findRuns.ts, injected by the route. */
export type FindRuns = (db: Db, user: User, query: unknown) => Promise<{ runs: LoadedRun[]; nextCursor: string | null }>;

/** A parameter to read: its name in the answer and where its value is. */
interface ParamRef {
  name: string;
  ref: FieldRef;
}

/** Ranks parameters by importance for `metric` across the runs `runQuery` finds, for `user`. */
export async function paramImportance(db: Db, user: User, input: unknown, findRuns: FindRuns): Promise<ImportanceResult> {
  const q = parseInput(ImportanceInput, input);
  const metric = parseFieldRef(q.metric, "metric");
  if (metric.kind !== "json" && metric.kind !== "number") {
    throw invalidInput("metric", "must be a numeric run field: summary.<path>, config.<path>, duration or lastStep");
  }
  const named = q.params?.map((p, i) => ({ name: p, ref: checkParam(parseFieldRef(p, `params.${i}`), `params.${i}`) }));

  // `limit` may be a numeric string (as in a URL); anything else invalid is findRuns' to report.
  const asked = q.runQuery.limit;
  if (asked !== undefined && Number(asked) > MAX_IMPORTANCE_RUNS) throw invalidInput("runQuery.limit", `must be at most ${MAX_IMPORTANCE_RUNS} here`);
  const limit = asked ?? MAX_IMPORTANCE_RUNS;
  if (q.runQuery.groupBy !== undefined) throw invalidInput("runQuery.groupBy", "is not allowed here: the analysis reads runs, not groups");
  const found = await findRuns(db, user, { ...q.runQuery, limit });

  const used = found.runs.filter((run) => {
    const v = readField(run, metric);
    return typeof v === "number" && Number.isFinite(v);
  });
  const y = used.map((run) => readField(run, metric) as number);
  const params = named ?? configParams(used).filter((p) => p.name !== q.metric);
  const ranked = rankParams(y, params.map((p) => ({ param: p.name, values: used.map((run) => readField(run, p.ref)) })));
  return { metric: q.metric, runs: used.length, truncated: found.nextCursor !== null, params: ranked };
}

/** Parameters may be config / summary paths, numeric run fields, or text run fields (categories). */
function checkParam(ref: FieldRef, at: string): FieldRef {
  if (ref.kind === "json" || ref.kind === "number" || ref.kind === "text") return ref;
  throw invalidInput(at, `"${ref.name}" cannot be a parameter: use config.<path>, summary.<path>, a number or a text field`);
}

/**
 * Every leaf config path the runs have, flattened with dots (`config.model.layers`): the
 * MAX_PARAMS found in most runs, ties by name. Paths are kept as segments, so a key containing a
 * dot is still read exactly.
 */
function configParams(runList: readonly LoadedRun[]): ParamRef[] {
  const seen = new Map<string, { path: string[]; count: number }>();
  const walk = (value: unknown, path: string[]) => {
    if (isPlainObject(value) && path.length < MAX_CONFIG_DEPTH) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else if (path.length > 0) {
      const name = `config.${path.join(".")}`;
      const entry = seen.get(name) ?? { path, count: 0 };
      entry.count++;
      seen.set(name, entry);
    }
  };
  for (const run of runList) walk(run.row.config, []);
  return [...seen]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_PARAMS)
    .map(([name, { path }]) => ({ name, ref: { kind: "json", root: "config", path, name } }));
}

/** A run's value of `ref`: JSON as stored for config / summary; undefined when missing. */
function readField(run: LoadedRun, ref: FieldRef): unknown {
  const { row } = run;
  if (ref.kind === "json") {
    let v: unknown = ref.root === "config" ? row.config : row.summary;
    for (const seg of ref.path) {
      if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
      else if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
      else return undefined;
    }
    return v;
  }
  switch (ref.column) {
    case "duration": return ((row.finishedAt ?? new Date()).getTime() - row.createdAt.getTime()) / 1000;
    case "lastStep": return row.lastStep ?? undefined;
    case "displayName": return row.displayName ?? row.name;
    case "id": case "name": case "state": case "group": case "jobType": case "host": case "notes": return row[ref.column] ?? undefined;
    default: return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
