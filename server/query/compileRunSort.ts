/**
 * ORDER BY for a run query. Every key sorts nulls (and missing JSON values) last in both
 * directions, and the run's internal sequence breaks ties, so pages are stable.
 */
import { sql, type SQL } from "drizzle-orm";
import { runs } from "../../db/schema";
import type { SortKey } from "./RunQuery";
import { fieldSql, jsonNumber } from "./fieldSql";

/**
 * ORDER BY terms. A JSON key sorts numbers numerically first ("Infinity" / "-Infinity" summary
 * strings included), then every other value in jsonb order (strings such as "NaN", booleans...),
 * then absent values.
 */
export function compileRunSort(sort: readonly SortKey[]): SQL[] {
  const terms: SQL[] = [];
  for (const { field, order } of sort) {
    const dir = order === "desc" ? sql`desc` : sql`asc`;
    const e = fieldSql(field);
    if (field.kind === "json") terms.push(sql`${jsonNumber(e)} ${dir} nulls last`);
    terms.push(sql`${e} ${dir} nulls last`);
  }
  terms.push(sql`${runs.seq} desc`);
  return terms;
}
