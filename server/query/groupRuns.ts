/**
 * Runs of a query grouped by one field, with a count and, per requested numeric column, mean, min,
 * max, sample standard deviation (n − 1) and standard error (std / √n), all computed in SQL.
 * Grouping by `tags` puts a run in one group per tag (runs without tags in the `null` group).
 * Aggregates use finite JSON numbers only: missing values, strings and the "NaN" / "Infinity"
 * markers of non-finite metrics are left out (each column reports its own `count`).
 */
import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import { runs } from "../../db/schema";
import type { User } from "../services/accounts";
import { invalidInput } from "../services/ServiceError";
import type { FieldRef } from "./FieldRef";
import { fieldSql, jsonFiniteNumber } from "./fieldSql";
import { DEFAULT_STATEMENT_TIMEOUT_MS, readOnlyQuery } from "./readOnlyQuery";
import { resolveQueryProjects } from "./resolveQueryProjects";
import { prefixInputErrors } from "./prefixInputErrors";
import { parseRunQuery } from "./RunQuery";
import { checkQueryRegexes, runQueryWhere, type RunQueryOptions } from "./runQueryWhere";

/** Statistics of one numeric column within a group. */
export interface ColumnStats {
  /** Runs in the group with a finite number for this column. */
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Sample standard deviation; null below two values. */
  std: number | null;
  /** std / √count; null below two values. */
  stderr: number | null;
}

/** One group. `key` is the field's value (JSON as stored for config / summary; null when absent). */
export interface RunGroup {
  key: unknown;
  count: number;
  columns: Record<string, ColumnStats>;
}

/** Groups, in key order (absent last); `truncated` when more than `limit` groups exist. */
export interface GroupedRuns {
  groupBy: string;
  groups: RunGroup[];
  truncated: boolean;
}

function numericColumn(field: FieldRef, at: string): SQL {
  if (field.kind === "json") return jsonFiniteNumber(fieldSql(field));
  if (field.kind === "number") return fieldSql(field);
  throw invalidInput(at, `${field.name} is not numeric: aggregate config.*, summary.*, duration or lastStep`);
}

function groupKey(field: FieldRef): SQL {
  if (field.kind === "tags") return sql`to_jsonb(unnest(case when cardinality(${runs.tags}) = 0 then array[null]::text[] else ${runs.tags} end))`;
  // JSON null and a missing key are one group: "no value".
  if (field.kind === "json") return sql`nullif(${fieldSql(field)}, 'null'::jsonb)`;
  return sql`to_jsonb(${fieldSql(field)})`;
}

/**
 * Groups the runs a query selects by `query.groupBy`, aggregating `columns` (default: the query's
 * `columns`). At most `query.limit` groups are returned.
 */
export async function groupRuns(db: Db, user: User, input: unknown, columns?: readonly string[], opts: RunQueryOptions = {}): Promise<GroupedRuns> {
  return prefixInputErrors(opts.pathPrefix, () => group(db, user, input, columns, opts));
}

async function group(db: Db, user: User, input: unknown, columns: readonly string[] | undefined, opts: RunQueryOptions): Promise<GroupedRuns> {
  const query = parseRunQuery(columns ? { ...(input as object), columns } : input);
  if (!query.groupBy) throw invalidInput("groupBy", "is required to group runs");
  const groupBy = query.groupBy;
  const projects = await resolveQueryProjects(db, user, query);
  const where = runQueryWhere(query, [...projects.keys()]);
  const cols = query.columns.map((c, i) => numericColumn(c, `columns.${i}`));
  const inner = sql`select ${groupKey(groupBy)} as k${sql.join(cols.map((c, i) => sql`, ${c} as ${sql.identifier(`c${i}`)}`), sql``)} from ${runs} where ${where}`;
  const aggregates = cols.map((_, i) => {
    const c = sql.identifier(`c${i}`);
    return sql`, count(${c})::int as ${sql.identifier(`n${i}`)}, avg(${c}) as ${sql.identifier(`mean${i}`)},
      min(${c}) as ${sql.identifier(`min${i}`)}, max(${c}) as ${sql.identifier(`max${i}`)},
      stddev_samp(${c}) as ${sql.identifier(`std${i}`)}, stddev_samp(${c}) / sqrt(count(${c})) as ${sql.identifier(`se${i}`)}`;
  });
  return readOnlyQuery(db, { timeoutMs: opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, timeoutPath: query.filter ? "filter" : undefined }, async (tx) => {
    await checkQueryRegexes(tx, query, opts);
    const found = await rows<Record<string, unknown>>(
      tx,
      sql`select k::text as key, count(*)::int as count${sql.join(aggregates, sql``)}
          from (${inner}) g group by k order by k asc nulls last limit ${query.limit + 1}`,
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const groups = found.slice(0, query.limit).map((r): RunGroup => ({
      key: r.key === null ? null : JSON.parse(String(r.key)),
      count: Number(r.count),
      columns: Object.fromEntries(query.columns.map((c, i) => {
        const n = Number(r[`n${i}`]);
        return [c.name, { count: n, mean: num(r[`mean${i}`]), min: num(r[`min${i}`]), max: num(r[`max${i}`]), std: num(r[`std${i}`]), stderr: num(r[`se${i}`]) }];
      })),
    }));
    return { groupBy: groupBy.name, groups, truncated: found.length > query.limit };
  });
}
