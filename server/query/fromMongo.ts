/**
 * W&B-style Mongo filters → the native filter tree, so users can bring the `filters=` they pass to
 * `wandb.Api().runs(...)`. Supported: `$and $or $nor $not`, `$eq $ne $gt $gte $lt $lte $in $nin
 * $exists $regex` (+ `$options: "i"`), and W&B's field names (`config.X.value`, `summary_metrics.X`,
 * `display_name`, `name` = the run id, `created_at`, `job_type`, ...). Errors name the path in the
 * Mongo document the user sent (`filter.$and.1.config.lr.$gt`).
 */
import { invalidInput } from "../services/ServiceError";
import { checkFilterSize, parseFilterLeaf, type FilterNode, type Op } from "./RunFilter";

const COMPARISONS: Record<string, Op> = {
  $eq: "=", $ne: "!=", $gt: ">", $gte: ">=", $lt: "<", $lte: "<=", $in: "in", $nin: "nin", $exists: "exists", $regex: "regex",
};

/** W&B's names for run fields → Folio's (docs/queries.md lists them). */
const FIELD_ALIASES: Record<string, string> = {
  name: "id",
  display_name: "displayName",
  created_at: "createdAt",
  heartbeat_at: "heartbeatAt",
  updated_at: "heartbeatAt",
  job_type: "jobType",
  group_name: "group",
  username: "user",
};

const MAX_DEPTH = 32;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Maps a W&B field name to a Folio one: `config.lr.value` → `config.lr`, `summary_metrics.x` → `summary.x`. */
export function mongoField(name: string): string {
  if (name.startsWith("summary_metrics.")) return `summary.${name.slice("summary_metrics.".length)}`;
  if (name.startsWith("config.")) {
    const parts = name.split(".");
    // W&B stores each config key as { value, desc }: `config.lr.value` is the value of lr.
    if (parts.length >= 3 && parts[2] === "value") parts.splice(2, 1);
    return parts.join(".");
  }
  return FIELD_ALIASES[name] ?? name;
}

/** Translates a Mongo-style filter to a validated native tree (throws a 400 naming the Mongo path). */
export function fromMongo(input: unknown, at = "filter"): FilterNode {
  return checkFilterSize(document(input, at, 0), at);
}

function document(input: unknown, at: string, depth: number): FilterNode {
  if (depth > MAX_DEPTH) throw invalidInput(at, `filters nest at most ${MAX_DEPTH} levels deep`);
  if (!isObject(input)) throw invalidInput(at, "must be an object such as { \"config.lr\": { \"$gt\": 0.01 } }");
  const parts: FilterNode[] = [];
  for (const [key, value] of Object.entries(input)) {
    const kAt = `${at}.${key}`;
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (!Array.isArray(value) || value.length === 0) throw invalidInput(kAt, "must be a non-empty array of filters");
      const children = value.map((v, i) => document(v, `${kAt}.${i}`, depth + 1));
      parts.push(key === "$and" ? { and: children } : key === "$or" ? { or: children } : { not: { or: children } });
    } else if (key.startsWith("$")) {
      throw invalidInput(kAt, "unknown top-level operator: use $and, $or or $nor (or a field name)");
    } else {
      parts.push(fieldCondition(key, value, kAt, depth));
    }
  }
  if (parts.length === 0) return { and: [] };
  return parts.length === 1 ? parts[0] : { and: parts };
}

function fieldCondition(key: string, value: unknown, at: string, depth: number): FilterNode {
  const field = mongoField(key);
  const leaf = (op: string, v: unknown, vAt: string, opAt = vAt) => parseFilterLeaf(field, op, v, { field: at, op: opAt, value: vAt });
  if (!isObject(value) || !Object.keys(value).some((k) => k.startsWith("$"))) {
    // Mongo's implicit equality; for tags (an array) it means membership, as `=` does natively.
    if (Array.isArray(value) || isObject(value)) throw invalidInput(at, "use an operator object ({ \"$in\": [...] }) or a scalar");
    return leaf("=", value, at);
  }
  const parts: FilterNode[] = [];
  for (const [opKey, v] of Object.entries(value)) {
    const opAt = `${at}.${opKey}`;
    if (opKey === "$options") {
      if (typeof value.$regex !== "string") throw invalidInput(opAt, "only goes with $regex");
      if (v !== "i" && v !== "") throw invalidInput(opAt, 'only "i" (case-insensitive) is supported');
      continue;
    }
    if (opKey === "$not") {
      if (depth > MAX_DEPTH) throw invalidInput(opAt, `filters nest at most ${MAX_DEPTH} levels deep`);
      parts.push({ not: fieldCondition(key, v, opAt, depth + 1) });
      continue;
    }
    const op = COMPARISONS[opKey];
    if (!op) throw invalidInput(opAt, `unsupported operator: use one of ${[...Object.keys(COMPARISONS), "$not", "$options"].join(" ")}`);
    if (op === "regex" && value.$options === "i" && typeof v === "string") {
      parts.push(leaf(op, `(?i)${v}`, opAt));
    } else {
      parts.push(leaf(op, v, opAt));
    }
  }
  if (parts.length === 0) throw invalidInput(at, "needs at least one operator");
  return parts.length === 1 ? parts[0] : { and: parts };
}
