/**
 * Compiles a validated filter tree to a parameterised SQL condition over `runs`. Every value,
 * field path and pattern is a bound parameter; only fixed operator text comes from this file.
 *
 * Null rule: positive operators (`=`, `<`, `in`, `contains`, `regex`...) never match a missing
 * value; their negations (`!=`, `nin`) are `NOT coalesce(positive, false)`, so they do match runs
 * that lack the field, as in Mongo.
 */
import { sql, type SQL } from "drizzle-orm";
import { runs } from "../../db/schema";
import { numberArray, textArray } from "../services/pgArray";
import type { FieldKind } from "./FieldRef";
import type { FilterLeaf, FilterNode, Scalar } from "./RunFilter";
import { fieldSql, jsonNumber, jsonText } from "./fieldSql";

const CMP = { "=": sql`=`, "<": sql`<`, "<=": sql`<=`, ">": sql`>`, ">=": sql`>=` } as const;
type Cmp = keyof typeof CMP;

/** The SQL condition for a filter tree (`true` for an empty `and`). */
export function compileRunFilter(node: FilterNode): SQL {
  if ("and" in node) return node.and.length === 0 ? sql`true` : sql`(${sql.join(node.and.map(compileRunFilter), sql` and `)})`;
  if ("or" in node) return node.or.length === 0 ? sql`false` : sql`(${sql.join(node.or.map(compileRunFilter), sql` or `)})`;
  if ("not" in node) return sql`(not coalesce(${compileRunFilter(node.not)}, false))`;
  return compileLeaf(node);
}

/** Every regex leaf of a tree, with where it came from (so each can be checked on its own). */
export function regexLeaves(node: FilterNode): { value: string; path: string }[] {
  if ("and" in node) return node.and.flatMap(regexLeaves);
  if ("or" in node) return node.or.flatMap(regexLeaves);
  if ("not" in node) return regexLeaves(node.not);
  return node.op === "regex" ? [{ value: node.value, path: node.path }] : [];
}

const negate = (positive: SQL) => sql`(not coalesce(${positive}, false))`;

function compileLeaf(leaf: FilterLeaf): SQL {
  switch (leaf.op) {
    case "!=":
      return negate(compileLeaf({ ...leaf, op: "=" }));
    case "nin":
      return negate(compileLeaf({ ...leaf, op: "in" }));
    case "exists":
      return leaf.field.kind === "tags"
        ? sql`(cardinality(${runs.tags}) ${leaf.value ? sql`>` : sql`=`} 0)`
        : sql`(${fieldSql(leaf.field)} is ${leaf.value ? sql`not null` : sql`null`})`;
    case "withinLast":
      return sql`(${fieldSql(leaf.field)} >= now() - make_interval(secs => ${leaf.value}::float8))`;
    default:
      break;
  }
  if (leaf.field.kind === "user") {
    // A person is matched by email or by name.
    return sql`exists (select 1 from users u where u.id = ${runs.createdBy}
      and (${positive(leaf, sql`u.email`, "text")} or ${positive(leaf, sql`u.name`, "text")}))`;
  }
  return positive(leaf, fieldSql(leaf.field), leaf.field.kind);
}

/** `=`, ordering, `in`, `contains`, `regex` over an expression `e` compared as `kind`. */
function positive(leaf: FilterLeaf, e: SQL, kind: FieldKind): SQL {
  if (leaf.op === "in") return anyOf(kind, e, leaf.value);
  if (leaf.op === "contains") {
    if (kind === "tags") return sql`(${e} @> array[${String(leaf.value)}::text])`;
    if (kind === "json") {
      // Arrays: membership of the value as sent (2 matches [1, 2], "2" does not). Strings: substring, for string values only.
      const inString = typeof leaf.value === "string" ? sql`when 'string' then strpos(${e} #>> '{}', ${leaf.value}) > 0` : sql``;
      return sql`(case jsonb_typeof(${e}) when 'array' then ${e} @> jsonb_build_array(${JSON.stringify(leaf.value)}::jsonb) ${inString} end)`;
    }
    return sql`(strpos(${e}, ${String(leaf.value)}) > 0)`;
  }
  if (leaf.op === "regex") {
    if (kind === "tags") return sql`exists (select 1 from unnest(${e}) as t(tag) where t.tag ~ ${leaf.value})`;
    if (kind === "json") return sql`(${jsonText(e)} ~ ${leaf.value})`;
    return sql`(${e} ~ ${leaf.value})`;
  }
  if (leaf.op === "=" || leaf.op === "<" || leaf.op === "<=" || leaf.op === ">" || leaf.op === ">=") {
    if (kind === "tags") return sql`(${e} @> array[${String(leaf.value)}::text])`;
    return compare(kind, e, leaf.op, leaf.value);
  }
  throw new Error(`unreachable op ${leaf.op}`);
}

/**
 * Membership in a list, with one bound array per value type (not one comparison per value), so a
 * long list stays a handful of parameters.
 */
function anyOf(kind: FieldKind, e: SQL, values: Scalar[]): SQL {
  const numbers = values.filter((v): v is number => typeof v === "number");
  const strings = values.filter((v): v is string => typeof v === "string");
  const parts: SQL[] = [];
  if (kind === "tags") {
    parts.push(sql`(${e} && ${textArray(strings)}::text[])`);
  } else if (kind === "json") {
    if (numbers.length) parts.push(sql`(${jsonNumber(e)} = any(${numberArray(numbers)}::float8[]))`);
    if (strings.length) parts.push(sql`(${jsonText(e)} = any(${textArray(strings)}::text[]))`);
    for (const v of values) if (typeof v === "boolean" || v === null) parts.push(compare(kind, e, "=", v));
  } else if (kind === "number") {
    parts.push(sql`(${e} = any(${numberArray(numbers)}::float8[]))`);
  } else {
    parts.push(sql`(${e} = any(${textArray(strings)}::text[]))`);
    if (values.includes(null)) parts.push(sql`(${e} is null)`);
  }
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** One typed comparison. JSON: numbers compare numerically, strings as text, booleans/null by equality. */
function compare(kind: FieldKind, e: SQL, op: Cmp, value: Scalar): SQL {
  if (value === null) return kind === "json" ? sql`(${e} is null or ${e} = 'null'::jsonb)` : sql`(${e} is null)`;
  switch (kind) {
    case "json":
      if (typeof value === "number") return sql`(${jsonNumber(e)} ${CMP[op]} ${value}::float8)`;
      if (typeof value === "string") return sql`(${jsonText(e)} ${CMP[op]} ${value}::text)`;
      return sql`(${e} = ${JSON.stringify(value)}::jsonb)`;
    case "number":
      return sql`(${e} ${CMP[op]} ${value}::float8)`;
    case "time":
      return sql`(${e} ${CMP[op]} ${String(value)}::timestamptz)`;
    default:
      return sql`(${e} ${CMP[op]} ${String(value)}::text)`;
  }
}
