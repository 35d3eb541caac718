/**
 * The native filter tree: `{ and: [...] } | { or: [...] } | { not: node }` over leaves
 * `{ field, op, value }`. `parseRunFilter` validates an untrusted tree and names the path of the
 * first bad node (`filter.and.2.op`), so users can fix what they sent.
 */
import { invalidInput } from "../services/ServiceError";
import { parseFieldRef, type FieldKind, type FieldRef } from "./FieldRef";

/** Filter operators. */
export const OPS = ["=", "!=", "<", "<=", ">", ">=", "in", "nin", "contains", "regex", "exists", "withinLast"] as const;
/** A filter operator. */
export type Op = (typeof OPS)[number];

/** A JSON scalar a leaf compares with. */
export type Scalar = string | number | boolean | null;

/** A validated leaf. `value` is typed by `op`: an array for in/nin, seconds for withinLast. */
export type FilterLeaf =
  | { field: FieldRef; op: Exclude<Op, "in" | "nin" | "exists" | "withinLast" | "regex">; value: Scalar }
  | { field: FieldRef; op: "in" | "nin"; value: Scalar[] }
  | { field: FieldRef; op: "exists"; value: boolean }
  | { field: FieldRef; op: "withinLast"; value: number }
  | { field: FieldRef; op: "regex"; value: string; path: string };

/** A validated filter tree. */
export type FilterNode = { and: FilterNode[] } | { or: FilterNode[] } | { not: FilterNode } | FilterLeaf;

const MAX_DEPTH = 32;
const MAX_NODES = 2000;
const MAX_LIST = 1000;
/** Values across all in / nin lists of a tree. */
const MAX_LIST_VALUES = 10_000;
const MAX_TEXT = 4096;
/** Longer patterns are refused: the regex compiler's cost grows with the pattern. */
export const MAX_REGEX_LENGTH = 512;

/** Which operators each kind of field accepts. */
const OPS_BY_KIND: Record<FieldKind, readonly Op[]> = {
  text: ["=", "!=", "<", "<=", ">", ">=", "in", "nin", "contains", "regex", "exists"],
  user: ["=", "!=", "in", "nin", "contains", "regex", "exists"],
  number: ["=", "!=", "<", "<=", ">", ">=", "in", "nin", "exists"],
  time: ["=", "!=", "<", "<=", ">", ">=", "exists", "withinLast"],
  tags: ["=", "!=", "in", "nin", "contains", "regex", "exists"],
  json: ["=", "!=", "<", "<=", ">", ">=", "in", "nin", "contains", "regex", "exists"],
};

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * True when `input` is meant as a native node: it uses one of the native keys (none of which is a
 * Mongo operator or a queryable field). Anything else is read as a Mongo-style filter.
 */
export function isNativeFilter(input: unknown): boolean {
  return isObject(input) && Object.keys(input).some((k) => NATIVE_KEYS.includes(k));
}

/** The keys of native nodes. */
export const NATIVE_KEYS: readonly string[] = ["and", "or", "not", "field", "op", "value"];

/** Validates a native filter tree; throws a 400 naming the path of the first bad node. */
export function parseRunFilter(input: unknown, at = "filter"): FilterNode {
  return parseNode(input, at, 0, { nodes: 0, values: 0 });
}

function parseNode(input: unknown, at: string, depth: number, budget: Budget): FilterNode {
  if (++budget.nodes > MAX_NODES) throw invalidInput(at, `a filter has at most ${MAX_NODES} nodes`);
  if (depth > MAX_DEPTH) throw invalidInput(at, `filters nest at most ${MAX_DEPTH} levels deep`);
  if (!isObject(input)) throw invalidInput(at, "must be an object: { and: [...] }, { or: [...] }, { not: {...} } or { field, op, value }");
  for (const combinator of ["and", "or"] as const) {
    if (!own(input, combinator)) continue;
    if (Object.keys(input).length !== 1) throw invalidInput(at, `"${combinator}" must be the node's only key`);
    const children = input[combinator];
    if (!Array.isArray(children)) throw invalidInput(`${at}.${combinator}`, "must be an array of filter nodes");
    const parsed = children.map((c, i) => parseNode(c, `${at}.${combinator}.${i}`, depth + 1, budget));
    return combinator === "and" ? { and: parsed } : { or: parsed };
  }
  if (own(input, "not")) {
    if (Object.keys(input).length !== 1) throw invalidInput(at, `"not" must be the node's only key`);
    return { not: parseNode(input.not, `${at}.not`, depth + 1, budget) };
  }
  const extra = Object.keys(input).find((k) => !["field", "op", "value"].includes(k));
  if (extra !== undefined) throw invalidInput(`${at}.${extra}`, "is not a filter key: use and, or, not, or field / op / value");
  const leaf = parseFilterLeaf(input.field, input.op, input.value, { field: `${at}.field`, op: `${at}.op`, value: `${at}.value` });
  if (Array.isArray(leaf.value) && (budget.values += leaf.value.length) > MAX_LIST_VALUES) {
    throw invalidInput(`${at}.value`, `a filter's in / nin lists hold at most ${MAX_LIST_VALUES} values in all`);
  }
  return leaf;
}

/**
 * Checks a tree built elsewhere (the Mongo translator) against the limits parseRunFilter applies
 * while parsing; throws a 400 at `at` when it is too large.
 */
export function checkFilterSize(node: FilterNode, at = "filter"): FilterNode {
  const budget: Budget = { nodes: 0, values: 0 };
  const walk = (n: FilterNode): void => {
    if (++budget.nodes > MAX_NODES) throw invalidInput(at, `a filter has at most ${MAX_NODES} nodes`);
    if ("and" in n) n.and.forEach(walk);
    else if ("or" in n) n.or.forEach(walk);
    else if ("not" in n) walk(n.not);
    else if (Array.isArray(n.value) && (budget.values += n.value.length) > MAX_LIST_VALUES) {
      throw invalidInput(at, `a filter's in / nin lists hold at most ${MAX_LIST_VALUES} values in all`);
    }
  };
  walk(node);
  return node;
}

/** What a tree may spend: nodes, and values across lists (each list is one bound parameter, but
 * the budget keeps requests and plans small). */
interface Budget {
  nodes: number;
  values: number;
}

/**
 * Validates one leaf; `at` names where each part came from in the user's input (the Mongo
 * translator passes its own paths, e.g. `filter.$and.1.config.lr.$gt`).
 */
export function parseFilterLeaf(fieldInput: unknown, op: unknown, value: unknown, at: { field: string; op: string; value: string }): FilterLeaf {
  const field = parseFieldRef(fieldInput, at.field);
  if (typeof op !== "string" || !(OPS as readonly string[]).includes(op)) throw invalidInput(at.op, `must be one of ${OPS.join(" ")}`);
  if (!OPS_BY_KIND[field.kind].includes(op as Op)) {
    throw invalidInput(at.op, `"${op}" does not apply to ${field.name}; use one of ${OPS_BY_KIND[field.kind].join(" ")}`);
  }
  const vAt = at.value;
  switch (op as Op) {
    case "exists":
      if (typeof value !== "boolean") throw invalidInput(vAt, "must be true or false");
      return { field, op: "exists", value };
    case "withinLast":
      return { field, op: "withinLast", value: parseInterval(value, vAt) };
    case "regex":
      if (typeof value !== "string" || value.length === 0) throw invalidInput(vAt, "must be a non-empty regular expression (PostgreSQL syntax)");
      if (value.length > MAX_REGEX_LENGTH) throw invalidInput(vAt, `must be at most ${MAX_REGEX_LENGTH} characters`);
      return { field, op: "regex", value, path: vAt };
    case "in":
    case "nin": {
      if (!Array.isArray(value)) throw invalidInput(vAt, "must be an array");
      if (value.length > MAX_LIST) throw invalidInput(vAt, `has at most ${MAX_LIST} entries`);
      return { field, op: op as "in" | "nin", value: value.map((v, i) => checkScalar(field, "=", v, `${vAt}.${i}`)) };
    }
    default:
      return { field, op: op as Exclude<Op, "in" | "nin" | "exists" | "withinLast" | "regex">, value: checkScalar(field, op as Op, value, vAt) };
  }
}

/** The value types each kind accepts for comparison operators. */
function checkScalar(field: FieldRef, op: Op, value: unknown, at: string): Scalar {
  if (typeof value === "string" && value.length > MAX_TEXT) throw invalidInput(at, `must be at most ${MAX_TEXT} characters`);
  const ordering = op === "<" || op === "<=" || op === ">" || op === ">=";
  const nullable = op === "=" || op === "!=";
  switch (field.kind) {
    case "text":
    case "user":
    case "tags":
      if (typeof value === "string" || (value === null && nullable && field.kind === "text")) return value;
      throw invalidInput(at, `must be a string for ${field.name}`);
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      throw invalidInput(at, `must be a number for ${field.name}`);
    case "time":
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
      if (value === null && nullable) return null;
      throw invalidInput(at, `must be an ISO 8601 date-time for ${field.name} (e.g. "2026-11-23T10:00:00Z")`);
    case "json":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string") return value;
      if (op === "contains") throw invalidInput(at, "must be a string or a number");
      if (ordering) throw invalidInput(at, "must be a number or a string to compare in order");
      if (typeof value === "boolean" || value === null) return value;
      throw invalidInput(at, "must be a JSON scalar: string, number, boolean or null");
  }
}

/** `"90s" | "15m" | "2h" | "7d" | "2w"` (or a number of seconds) → seconds. */
function parseInterval(value: unknown, at: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(value) : null;
  if (!m) throw invalidInput(at, 'must be a duration such as "30m", "2h", "7d" or "2w" (or a number of seconds)');
  const seconds = Number(m[1]) * UNITS[m[2]];
  if (!(seconds > 0) || seconds > 100 * 365 * 86_400) throw invalidInput(at, "must be between 1 second and 100 years");
  return seconds;
}
