/**
 * The fields a run query can name: run columns by their API name, or a dot path into a run's
 * `config` / `summary` JSON. Every field has a kind that decides which operators and value types
 * apply (see docs/queries.md).
 */
import { invalidInput } from "../services/ServiceError";

/** How a field's values compare. */
export type FieldKind = "text" | "user" | "number" | "time" | "tags" | "json";

/** Run columns a query may name, with their kind. */
export const RUN_FIELDS = {
  id: "text",
  name: "text",
  displayName: "text",
  state: "text",
  group: "text",
  jobType: "text",
  host: "text",
  notes: "text",
  user: "user",
  tags: "tags",
  createdAt: "time",
  finishedAt: "time",
  heartbeatAt: "time",
  duration: "number",
  lastStep: "number",
} as const satisfies Record<string, FieldKind>;

/** A run column's API name. */
export type RunField = keyof typeof RUN_FIELDS;

/** A parsed field: a run column, or a path into config / summary (each segment stays data). */
export type FieldRef =
  | { kind: Exclude<FieldKind, "json">; column: RunField; name: string }
  | { kind: "json"; root: "config" | "summary"; path: string[]; name: string };

const MAX_DEPTH = 32;
const MAX_FIELD_LENGTH = 1024;

/**
 * Parses `name`, `config.a.b` or `summary.loss`. Path segments split on "."; each must be
 * non-empty. Throws a 400 at `at` otherwise.
 */
export function parseFieldRef(input: unknown, at: string): FieldRef {
  if (typeof input !== "string" || input.length === 0) throw invalidInput(at, "must be a field name such as \"state\" or \"config.lr\"");
  if (input.length > MAX_FIELD_LENGTH) throw invalidInput(at, `must be at most ${MAX_FIELD_LENGTH} characters`);
  if (Object.prototype.hasOwnProperty.call(RUN_FIELDS, input)) {
    const column = input as RunField;
    return { kind: RUN_FIELDS[column], column, name: input };
  }
  const dot = input.indexOf(".");
  const root = dot < 0 ? input : input.slice(0, dot);
  if (root !== "config" && root !== "summary") {
    throw invalidInput(at, `unknown field "${input}": use a run field (${Object.keys(RUN_FIELDS).join(", ")}), config.<path> or summary.<path>`);
  }
  const path = input.slice(dot + 1).split(".");
  if (dot < 0 || path.some((s) => s.length === 0)) throw invalidInput(at, `"${input}" needs a non-empty path after "${root}." (e.g. ${root}.lr)`);
  if (path.length > MAX_DEPTH) throw invalidInput(at, `paths are at most ${MAX_DEPTH} segments deep`);
  return { kind: "json", root, path, name: input };
}
