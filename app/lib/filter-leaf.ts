/**
 * The filter builder's view of a filter leaf: which operators a field offers, how a typed value
 * becomes the JSON value the query language expects, and a one-line description for chips.
 * Pure; the server validates every tree again (server/query/RunFilter.ts).
 */
import { fieldKind, type ColumnKind } from "./run-columns";
import type { FilterInput, FilterLeafInput } from "./run-view";

/** Operators per kind of field, in the order the builder lists them (as the server accepts them). */
export const OPS_BY_KIND: Record<ColumnKind, readonly string[]> = {
  text: ["=", "!=", "contains", "regex", "in", "nin", "exists", "<", "<=", ">", ">="],
  user: ["=", "!=", "contains", "regex", "in", "nin", "exists"],
  number: ["=", "!=", "<", "<=", ">", ">=", "in", "nin", "exists"],
  time: ["withinLast", "<", "<=", ">", ">=", "=", "!=", "exists"],
  tags: ["=", "!=", "contains", "regex", "in", "nin", "exists"],
  json: ["=", "!=", "<", "<=", ">", ">=", "in", "nin", "contains", "regex", "exists"],
};

/** How an operator reads in the builder. */
export const OP_LABELS: Record<string, string> = {
  "=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥", in: "in", nin: "not in",
  contains: "contains", regex: "matches", exists: "exists", withinLast: "within last",
};

/** The operators `field` accepts. */
export function opsFor(field: string): readonly string[] {
  return OPS_BY_KIND[fieldKind(field)];
}

function scalar(text: string, kind: ColumnKind): unknown {
  const t = text.trim();
  if (kind === "number") return t === "" ? t : Number(t);
  if (kind !== "json") return t;
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  if (t === "true" || t === "false") return t === "true";
  if (t === "null") return null;
  // "quoted" keeps a number-looking string a string.
  if (/^".*"$/.test(t)) return t.slice(1, -1);
  return t;
}

/** The JSON value a typed value means for `field` and `op`. */
export function parseLeafValue(field: string, op: string, text: string): unknown {
  const kind = fieldKind(field);
  if (op === "exists") return text.trim() !== "false";
  if (op === "withinLast" || op === "regex") return text.trim();
  if (op === "in" || op === "nin") return text.split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => scalar(s, kind));
  if (op === "contains") return kind === "json" && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text.trim();
  return scalar(text, kind);
}

/** The text a leaf's value shows in its input (the inverse of `parseLeafValue`). */
export function formatLeafValue(leaf: FilterLeafInput): string {
  const show = (v: unknown) => (typeof v === "string" ? (fieldKind(leaf.field) === "json" && /^(-?[\d.]+|true|false|null)$/.test(v) ? `"${v}"` : v) : String(v));
  if (Array.isArray(leaf.value)) return leaf.value.map(show).join(", ");
  if (leaf.value === undefined) return "";
  return show(leaf.value);
}

/** "config.lr < 0.01", for a chip. */
export function describeLeaf(leaf: FilterLeafInput): string {
  if (leaf.op === "exists") return leaf.value === false ? `${leaf.field} is missing` : `${leaf.field} exists`;
  const value = Array.isArray(leaf.value) ? `[${formatLeafValue(leaf)}]` : formatLeafValue(leaf);
  return `${leaf.field} ${OP_LABELS[leaf.op] ?? leaf.op} ${value}`;
}

/** Whether a node is a leaf. */
export function isLeaf(node: FilterInput): node is FilterLeafInput {
  return "field" in node;
}

/**
 * A filter as the builder edits it: one level of leaves joined by "and" or "or". Deeper trees
 * (nested groups, `not`) return null and are edited as JSON instead.
 */
export function flatFilter(filter: FilterInput | null): { join: "and" | "or"; leaves: FilterLeafInput[] } | null {
  if (filter === null) return { join: "and", leaves: [] };
  if (isLeaf(filter)) return { join: "and", leaves: [filter] };
  if ("and" in filter && filter.and.every(isLeaf)) return { join: "and", leaves: filter.and as FilterLeafInput[] };
  if ("or" in filter && filter.or.every(isLeaf)) return { join: "or", leaves: filter.or as FilterLeafInput[] };
  return null;
}

/** The tree of a flat filter (null when it has no leaves). */
export function fromFlat(join: "and" | "or", leaves: FilterLeafInput[]): FilterInput | null {
  if (leaves.length === 0) return null;
  if (leaves.length === 1) return leaves[0];
  return join === "and" ? { and: leaves } : { or: leaves };
}
