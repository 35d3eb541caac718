/**
 * The run query: which runs (projects + filter + search), in what order, how many, and optionally
 * grouped. `parseRunQuery` is the single edge where an untrusted query (a JSON body, or the
 * `query` URL parameter) becomes typed data; docs/queries.md is the user-facing reference.
 */
import { z } from "zod";
import { invalidInput, parseInput } from "../services/ServiceError";
import { parseFieldRef, type FieldRef } from "./FieldRef";
import { fromMongo } from "./fromMongo";
import { isNativeFilter, parseRunFilter, type FilterNode } from "./RunFilter";

/** Largest page. */
export const MAX_LIMIT = 10_000;
/** Page size when none is given. */
export const DEFAULT_LIMIT = 100;
const MAX_PROJECTS = 50;
const MAX_COLUMNS = 50;
const MAX_SORT_KEYS = 8;

const SortKeyInput = z.union([
  z.string(),
  z.object({ field: z.string(), order: z.enum(["asc", "desc"]).default("asc") }).strict(),
]);

/** The query as sent, before fields and the filter tree are parsed. */
export const RunQueryInput = z
  .object({
    project: z.string().optional(),
    projects: z.array(z.string()).min(1, "needs at least one project").max(MAX_PROJECTS, `at most ${MAX_PROJECTS} projects`).optional(),
    filter: z.unknown().optional(),
    search: z.string().max(256, "must be at most 256 characters").optional(),
    sort: z.union([SortKeyInput, z.array(SortKeyInput).max(MAX_SORT_KEYS, `at most ${MAX_SORT_KEYS} sort keys`)]).optional(),
    groupBy: z.string().optional(),
    columns: z.array(z.string()).max(MAX_COLUMNS, `at most ${MAX_COLUMNS} columns`).optional(),
    limit: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).default(DEFAULT_LIMIT),
    cursor: z.string().max(64).regex(/^(\d+|o\d+)$/, "is not a valid cursor").optional(),
  })
  .strict();

/** One sort key. */
export interface SortKey {
  field: FieldRef;
  order: "asc" | "desc";
}

/** A validated run query. */
export interface RunQuery {
  /** Project references as sent (`team/project` or `project`); each is access-checked when run. */
  projects: string[];
  /** Where each project reference came from, for error paths. */
  projectPaths: string[];
  filter: FilterNode | null;
  search: string | null;
  /** Empty: creation order, newest first, keyset-paged. */
  sort: SortKey[];
  groupBy: FieldRef | null;
  columns: FieldRef[];
  limit: number;
  cursor: string | null;
}

/** Validates a run query (native or Mongo filter); throws a 400 naming the bad path. */
export function parseRunQuery(input: unknown): RunQuery {
  const q = parseInput(RunQueryInput, input ?? {});
  if (q.project !== undefined && q.projects !== undefined) throw invalidInput("projects", 'give "project" or "projects", not both');
  const projects = q.projects ?? (q.project !== undefined ? [q.project] : []);
  if (projects.length === 0) throw invalidInput("project", "is required");
  const sortInput = q.sort === undefined ? [] : Array.isArray(q.sort) ? q.sort : [q.sort];
  const sort = sortInput.map((s, i): SortKey => {
    const at = Array.isArray(q.sort) ? `sort.${i}` : "sort";
    if (typeof s !== "string") return { field: parseFieldRef(s.field, `${at}.field`), order: s.order };
    return s.startsWith("-") ? { field: parseFieldRef(s.slice(1), at), order: "desc" } : { field: parseFieldRef(s.replace(/^\+/, ""), at), order: "asc" };
  });
  return {
    projects,
    projectPaths: q.projects ? projects.map((_, i) => `projects.${i}`) : ["project"],
    filter: q.filter === undefined || q.filter === null ? null : parseFilter(q.filter),
    search: q.search?.trim() ? q.search.trim() : null,
    sort,
    groupBy: q.groupBy === undefined ? null : parseFieldRef(q.groupBy, "groupBy"),
    columns: (q.columns ?? []).map((c, i) => parseFieldRef(c, `columns.${i}`)),
    limit: q.limit,
    cursor: q.cursor ?? null,
  };
}

/** A native tree, or a Mongo-style filter translated to one. */
function parseFilter(filter: unknown): FilterNode {
  return isNativeFilter(filter) ? parseRunFilter(filter, "filter") : fromMongo(filter, "filter");
}

/**
 * The query of `GET /runs?project=…&limit=…&cursor=…&query=<JSON>`: URL parameters fill what the
 * JSON leaves out.
 */
export function runQueryFromSearchParams(params: Record<string, unknown>): unknown {
  let fromJson: Record<string, unknown> = {};
  if (params.query !== undefined) {
    if (typeof params.query !== "string") throw invalidInput("query", "must be one URL-encoded JSON object");
    let parsed: unknown;
    try {
      parsed = JSON.parse(params.query);
    } catch {
      throw invalidInput("query", "is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalidInput("query", "must be a JSON object");
    fromJson = parsed as Record<string, unknown>;
  }
  const merged: Record<string, unknown> = { ...fromJson };
  const hasProjects = fromJson.project !== undefined || fromJson.projects !== undefined;
  if (params.project !== undefined && !hasProjects) merged.project = params.project;
  for (const key of ["limit", "cursor"] as const) {
    if (params[key] !== undefined && fromJson[key] === undefined) merged[key] = params[key];
  }
  return merged;
}
