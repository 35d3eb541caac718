/**
 * A runs-table view: which runs (filter, search), in what order, grouped how, which columns, and
 * the per-run display choices (hidden runs, colors). The whole view lives in the URL so a link
 * shares it exactly; `viewFromSearchParams` / `viewToSearchParams` are the two directions, and
 * `viewRunQuery` turns a view into the run query the server validates (docs/queries.md).
 *
 * URL parameters (all optional, all omitted at their defaults):
 *   filter=<JSON filter tree>   search=<text>   sort=-summary.loss (repeatable; "-" = descending)
 *   group=config.optimizer      cols=<JSON array of fields>   pin=<JSON array of fields>
 *   hide=<run id>,<run id>      colors=<JSON { runId: "#rrggbb" }>   agg=mean|min|max|std|stderr|count
 */

/** A filter leaf as the run query language spells it. */
export interface FilterLeafInput {
  field: string;
  op: string;
  value?: unknown;
}

/** A native filter tree (validated on the server). */
export type FilterInput = { and: FilterInput[] } | { or: FilterInput[] } | { not: FilterInput } | FilterLeafInput;

/** One sort key. */
export interface ViewSort {
  field: string;
  order: "asc" | "desc";
}

/** Which statistic group rows show in numeric columns. */
export const AGGREGATES = ["mean", "min", "max", "std", "stderr", "count"] as const;
/** A group-row statistic. */
export type Aggregate = (typeof AGGREGATES)[number];

/** The whole state of a runs table that a link carries. */
export interface RunView {
  filter: FilterInput | null;
  search: string;
  sort: ViewSort[];
  groupBy: string | null;
  /** Shown columns in order; null: the defaults the page picks from the data. */
  columns: string[] | null;
  pinned: string[];
  hidden: string[];
  colors: Record<string, string>;
  aggregate: Aggregate;
}

/** The view of a URL without parameters. */
export const DEFAULT_VIEW: RunView = { filter: null, search: "", sort: [], groupBy: null, columns: null, pinned: [], hidden: [], colors: {}, aggregate: "mean" };

const COLOR = /^#[0-9a-f]{6}$/i;
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LIST = 200;

function json(text: string | null): unknown {
  if (text === null || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && s.length > 0 && s.length <= 1024).slice(0, MAX_LIST) : []);

/**
 * Reads a view from URL parameters. Malformed display parameters fall back to their defaults; a
 * filter that is not JSON is kept as `{ invalid }` text so the page can say what is wrong rather
 * than silently dropping it. (Whether a well-formed filter is valid is the server's call.)
 */
export function viewFromSearchParams(params: URLSearchParams): RunView & { invalidFilter?: string } {
  const rawFilter = params.get("filter");
  const filter = json(rawFilter);
  const filterOk = typeof filter === "object" && filter !== null && !Array.isArray(filter);
  const sort = params.getAll("sort").filter(Boolean).slice(0, 8).map((s): ViewSort => (s.startsWith("-") ? { field: s.slice(1), order: "desc" } : { field: s.replace(/^\+/, ""), order: "asc" })).filter((s) => s.field);
  const colorsIn = json(params.get("colors"));
  const colors: Record<string, string> = {};
  if (typeof colorsIn === "object" && colorsIn !== null && !Array.isArray(colorsIn)) {
    for (const [id, c] of Object.entries(colorsIn).slice(0, 1000)) if (RUN_ID.test(id) && typeof c === "string" && COLOR.test(c)) colors[id] = c.toLowerCase();
  }
  const agg = params.get("agg");
  const cols = json(params.get("cols"));
  return {
    filter: filterOk ? (filter as FilterInput) : null,
    ...(rawFilter && !filterOk ? { invalidFilter: rawFilter } : {}),
    search: (params.get("search") ?? "").slice(0, 256),
    sort,
    groupBy: params.get("group") || null,
    columns: Array.isArray(cols) ? strings(cols) : null,
    pinned: strings(json(params.get("pin"))),
    hidden: (params.get("hide") ?? "").split(",").filter((id) => RUN_ID.test(id)).slice(0, 1000),
    colors,
    aggregate: (AGGREGATES as readonly string[]).includes(agg ?? "") ? (agg as Aggregate) : "mean",
  };
}

/** Writes a view as URL parameters (defaults omitted), the inverse of `viewFromSearchParams`. */
export function viewToSearchParams(view: RunView): URLSearchParams {
  const p = new URLSearchParams();
  if (view.filter && !isEmptyFilter(view.filter)) p.set("filter", JSON.stringify(view.filter));
  if (view.search.trim()) p.set("search", view.search);
  for (const s of view.sort) p.append("sort", `${s.order === "desc" ? "-" : ""}${s.field}`);
  if (view.groupBy) p.set("group", view.groupBy);
  if (view.columns) p.set("cols", JSON.stringify(view.columns));
  if (view.pinned.length) p.set("pin", JSON.stringify(view.pinned));
  if (view.hidden.length) p.set("hide", view.hidden.join(","));
  if (Object.keys(view.colors).length) p.set("colors", JSON.stringify(view.colors));
  if (view.aggregate !== "mean") p.set("agg", view.aggregate);
  return p;
}

/** True for a tree that selects everything (`{and: []}`). */
export function isEmptyFilter(filter: FilterInput): boolean {
  return "and" in filter && filter.and.length === 0;
}

/** `a ∧ b`, flattening top-level ands, null-tolerant. */
export function andFilters(...filters: (FilterInput | null)[]): FilterInput | null {
  const parts = filters.flatMap((f) => (f === null || isEmptyFilter(f) ? [] : "and" in f ? f.and : [f]));
  return parts.length === 0 ? null : parts.length === 1 ? parts[0] : { and: parts };
}

/**
 * The run query of a view over `project`. Grouped views sort by the group field first, so a
 * group's runs arrive together.
 */
export function viewRunQuery(view: RunView, project: string, extra: { filter?: FilterInput | null; limit?: number; cursor?: string | null } = {}): Record<string, unknown> {
  const filter = andFilters(view.filter, extra.filter ?? null);
  return {
    project,
    ...(filter ? { filter } : {}),
    ...(view.search.trim() ? { search: view.search.trim() } : {}),
    ...(view.sort.length ? { sort: view.sort } : {}),
    ...(extra.limit !== undefined ? { limit: extra.limit } : {}),
    ...(extra.cursor ? { cursor: extra.cursor } : {}),
  };
}

/**
 * The filter that selects the runs of one group: `field = key`, with "no value" meaning the field
 * is absent (for tags: no tags at all), mirroring how the server groups.
 */
export function groupFilter(field: string, key: unknown): FilterInput {
  if (key === null || key === undefined) return { field, op: "exists", value: false };
  if (typeof key === "object") return { field, op: "=", value: JSON.stringify(key) };
  return { field, op: "=", value: key };
}
