/**
 * SQL expressions for query fields. JSON paths go through `#>` with the path bound as one text[]
 * parameter, so a key like `a'b` or `__proto__` is data, never SQL text.
 */
import { sql, type SQL } from "drizzle-orm";
import { runs } from "../../db/schema";
import { textArray } from "../services/pgArray";
import type { FieldRef, RunField } from "./FieldRef";

const COLUMN_SQL: Record<RunField, () => SQL> = {
  id: () => sql`${runs.id}`,
  name: () => sql`${runs.name}`,
  displayName: () => sql`coalesce(${runs.displayName}, ${runs.name})`,
  state: () => sql`${runs.state}`,
  group: () => sql`${runs.group}`,
  jobType: () => sql`${runs.jobType}`,
  host: () => sql`${runs.host}`,
  notes: () => sql`${runs.notes}`,
  // Sorting and grouping use the creator's email; filters match the email or the name.
  user: () => sql`(select u.email from users u where u.id = ${runs.createdBy})`,
  tags: () => sql`${runs.tags}`,
  createdAt: () => sql`${runs.createdAt}`,
  finishedAt: () => sql`${runs.finishedAt}`,
  heartbeatAt: () => sql`${runs.heartbeatAt}`,
  duration: () => sql`extract(epoch from (coalesce(${runs.finishedAt}, now()) - ${runs.createdAt}))::float8`,
  lastStep: () => sql`${runs.lastStep}::float8`,
};

/** The field's value: a column expression, or the jsonb at the path (SQL NULL when absent). */
export function fieldSql(field: FieldRef): SQL {
  if (field.kind !== "json") return COLUMN_SQL[field.column]();
  const root = field.root === "config" ? runs.config : runs.summary;
  return sql`(${root} #> ${textArray(field.path)}::text[])`;
}

/**
 * A jsonb value as float8 when it is a number, or one of the strings "Infinity" / "-Infinity" that
 * Folio stores for infinite metrics; NULL otherwise. "NaN" stays a string: PostgreSQL orders NaN
 * above every number, so `summary.loss > 1` would match diverged runs. CASE (not AND) guards the
 * cast: PostgreSQL does not promise to evaluate AND's operands in order.
 */
export function jsonNumber(x: SQL): SQL {
  return sql`(case jsonb_typeof(${x}) when 'number' then (${x})::float8
    when 'string' then case when (${x} #>> '{}') in ('Infinity', '-Infinity') then (${x} #>> '{}')::float8 end end)`;
}

/** A jsonb value as text when it is a string; NULL otherwise. */
export function jsonText(x: SQL): SQL {
  return sql`(case when jsonb_typeof(${x}) = 'string' then ${x} #>> '{}' end)`;
}

/** A jsonb value as float8 only when it is a finite JSON number (what aggregates use). */
export function jsonFiniteNumber(x: SQL): SQL {
  return sql`(case when jsonb_typeof(${x}) = 'number' then (${x})::float8 end)`;
}
