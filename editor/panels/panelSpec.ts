/**
 * What a report's panel grid stores: run *queries* and panel settings, never run data (issue 5).
 *
 * A grid holds named run sets (project(s) + filter + search + sort + group-by + limit + per-run
 * overrides, optionally frozen) and panels laid out on a 12-column grid, each reading one run set.
 * The only run data a grid may carry is a frozen set's run ids and each run's last step at the
 * moment of freezing: that is still a query ("these runs, up to these steps").
 *
 * In the ProseMirror document a grid is a `panel_grid` node (attr `runSets`: this module's
 * `RunSet[]` as canonical JSON) holding `panel` atoms (attrs `id`, `type`, `title`, `runSet`,
 * `layout`, `config`, the last two as canonical JSON). Attributes are strings, not objects, so
 * y-prosemirror compares them by value, and each panel is its own Yjs element: two people editing
 * two panels of one grid never overwrite each other (last writer wins per attribute).
 *
 * Field names (`config.lr`, `summary.loss`, `name`, `state`…) are those of the run query
 * language (docs/queries.md); the server validates them when the panel's data is queried.
 */
import { z } from "zod";

/** Columns of the grid. */
export const GRID_COLUMNS = 12;
/** Largest number of run sets per grid and panels per grid. */
export const MAX_RUN_SETS = 10;
export const MAX_PANELS = 60;
/** Default and largest number of runs a run set draws. */
export const DEFAULT_RUN_LIMIT = 50;
export const MAX_RUN_LIMIT = 500;

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1–32 letters, digits, _ or -");
const Field = z.string().min(1, "is required").max(1024);
const MetricKey = z.string().min(1, "is required").max(256);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a #rrggbb color");

/** A sort key of a run set, as in the run query language. */
export const RunSetSort = z.object({ field: Field, order: z.enum(["asc", "desc"]).default("asc") }).strict();

/** Per-run display overrides, for this grid only. */
export const RunOverride = z
  .object({ hidden: z.boolean().optional(), color: Color.optional(), name: z.string().max(256).optional() })
  .strict();

/** A frozen run set: the run ids and each run's last step when it was frozen (-1: no points yet). */
export const FrozenRuns = z
  .object({
    at: z.string().datetime({ message: "must be an ISO 8601 time" }),
    runs: z.array(z.object({ id: z.string().min(1).max(64), step: z.number().int().min(-1) }).strict()).max(MAX_RUN_LIMIT),
  })
  .strict();

/** A named run set: a run query plus display overrides, optionally frozen. */
export const RunSet = z
  .object({
    id: Id,
    name: z.string().min(1, "is required").max(120),
    projects: z.array(z.string().min(1).max(200)).min(1, "needs at least one project").max(20),
    /** A filter in the run query language (validated by the server), or null. */
    filter: z.unknown().nullable().default(null),
    search: z.string().max(256).default(""),
    sort: z.array(RunSetSort).max(8).default([]),
    groupBy: Field.nullable().default(null),
    limit: z.number().int().min(1).max(MAX_RUN_LIMIT).default(DEFAULT_RUN_LIMIT),
    overrides: z.record(z.string().min(1).max(64), RunOverride).default({}),
    frozen: FrozenRuns.nullable().default(null),
  })
  .strict();

/** A panel's place on the grid, in columns (x, w) and rows (y, h). */
export const PanelLayout = z
  .object({
    x: z.number().int().min(0).max(GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(10_000),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(40),
  })
  .strict()
  .refine((l) => l.x + l.w <= GRID_COLUMNS, { message: `x + w must be at most ${GRID_COLUMNS}`, path: ["w"] });

const Aggregate = z.enum(["mean", "median", "min", "max"]);
const Band = z.enum(["none", "minmax", "std", "stderr"]);
const Range = z.tuple([z.number().finite(), z.number().finite()]).nullable().default(null);

/** Smoothing of line plots; the unsmoothed line is drawn faint behind when `showOriginal`. */
export const Smoothing = z
  .object({
    kind: z.enum(["none", "twema", "ema", "gaussian", "average"]).default("none"),
    /** ema / twema: weight 0 … 0.999; gaussian: sigma in x units (points for step-less axes); average: window in points. */
    amount: z.number().finite().min(0).max(10_000).default(0.6),
    showOriginal: z.boolean().default(true),
  })
  .strict();

/** Line plot: metrics (names or a regex) against step, time or another metric. */
export const LineConfig = z
  .object({
    metrics: z.array(MetricKey).max(20).default([]),
    metricRegex: z.string().max(1000).nullable().default(null),
    x: z.union([z.enum(["step", "wallTime", "relativeTime"]), z.object({ metric: MetricKey }).strict()]).default("step"),
    smoothing: Smoothing.default({}),
    logX: z.boolean().default(false),
    logY: z.boolean().default(false),
    xRange: Range,
    yRange: Range,
    groupBy: Field.nullable().default(null),
    aggregate: Aggregate.default("mean"),
    band: Band.default("minmax"),
    /** e.g. "${run:name} lr=${config:lr}"; empty: the run's (or group's) name. */
    legend: z.string().max(300).default(""),
    ignoreOutliers: z.boolean().default(false),
    maxRuns: z.number().int().min(1).max(MAX_RUN_LIMIT).default(DEFAULT_RUN_LIMIT),
    points: z.number().int().min(50).max(100_000).default(1000),
  })
  .strict();

/** Bar chart: a summary value per run, or per group with error bars. */
export const BarConfig = z
  .object({
    metric: Field.default("summary.loss"),
    groupBy: Field.nullable().default(null),
    aggregate: Aggregate.default("mean"),
    errorBars: Band.default("std"),
    horizontal: z.boolean().default(false),
  })
  .strict();

/** Scalar: a big number with its change against a baseline, and a sparkline. */
export const ScalarConfig = z
  .object({
    /** A metric key (for "latest") or a field such as summary.acc (for "summary"). */
    metric: z.string().min(1).max(1024).default("summary.loss"),
    source: z.enum(["summary", "latest"]).default("summary"),
    /** Which run of the set: the first of its sort order, or the aggregate over all. */
    reduce: z.enum(["first", "mean", "min", "max"]).default("first"),
    baseline: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("none") }).strict(),
        z.object({ kind: z.literal("run"), run: z.string().min(1).max(64) }).strict(),
        z.object({ kind: z.literal("ago"), seconds: z.number().int().min(1).max(366 * 86400) }).strict(),
      ])
      .default({ kind: "none" }),
    sparkline: z.boolean().default(true),
    higherIsBetter: z.boolean().default(false),
    decimals: z.number().int().min(0).max(10).nullable().default(null),
  })
  .strict();

/** Scatter: any two fields, colored by a third, with an optional least-squares line. */
export const ScatterConfig = z
  .object({
    x: Field.default("config.lr"),
    y: Field.default("summary.loss"),
    color: Field.nullable().default(null),
    regression: z.boolean().default(false),
    logX: z.boolean().default(false),
    logY: z.boolean().default(false),
  })
  .strict();

/** Parallel coordinates over chosen config and summary columns. */
export const ParallelConfig = z.object({ columns: z.array(Field).max(30).default([]), color: Field.nullable().default(null) }).strict();

/** Parameter importance of config parameters for a metric (computed on the server). */
export const ImportanceConfig = z
  .object({ metric: Field.default("summary.loss"), params: z.array(Field).max(100).nullable().default(null) })
  .strict();

/** Run comparer: config and summary side by side. */
export const ComparerConfig = z.object({ differencesOnly: z.boolean().default(false) }).strict();

/** Markdown text inside the grid. */
export const MarkdownConfig = z.object({ markdown: z.string().max(50_000).default("") }).strict();

/** Each panel type's configuration. */
export const PANEL_CONFIGS = {
  line: LineConfig,
  bar: BarConfig,
  scalar: ScalarConfig,
  scatter: ScatterConfig,
  parallel: ParallelConfig,
  importance: ImportanceConfig,
  comparer: ComparerConfig,
  markdown: MarkdownConfig,
} as const;

/** A panel type. */
export type PanelType = keyof typeof PANEL_CONFIGS;
/** Panel types in the order the "Add panel" menu offers them. */
export const PANEL_TYPES = Object.keys(PANEL_CONFIGS) as PanelType[];
/** What people call each panel type. */
export const PANEL_LABELS: Record<PanelType, string> = {
  line: "Line plot",
  bar: "Bar chart",
  scalar: "Scalar",
  scatter: "Scatter plot",
  parallel: "Parallel coordinates",
  importance: "Parameter importance",
  comparer: "Run comparer",
  markdown: "Markdown",
};

/** The configuration of a panel of type T. */
export type PanelConfig<T extends PanelType = PanelType> = z.infer<(typeof PANEL_CONFIGS)[T]>;

const panelBase = { id: Id, title: z.string().max(200).default(""), runSet: Id.nullable().default(null), layout: PanelLayout };

/** One panel: its type, title, run set (by id), layout and type-specific config. */
export const Panel = z.discriminatedUnion("type", [
  z.object({ ...panelBase, type: z.literal("line"), config: LineConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("bar"), config: BarConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("scalar"), config: ScalarConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("scatter"), config: ScatterConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("parallel"), config: ParallelConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("importance"), config: ImportanceConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("comparer"), config: ComparerConfig.default({}) }).strict(),
  z.object({ ...panelBase, type: z.literal("markdown"), config: MarkdownConfig.default({}) }).strict(),
]);

/** The whole grid as Folio Markdown's ```` ```folio-panels ```` fence holds it. */
export const PanelGrid = z
  .object({
    version: z.literal(1).default(1),
    runSets: z.array(RunSet).max(MAX_RUN_SETS).default([]),
    panels: z.array(Panel).max(MAX_PANELS).default([]),
  })
  .strict()
  .superRefine((g, ctx) => {
    const setIds = new Set<string>();
    g.runSets.forEach((s, i) => {
      if (setIds.has(s.id)) ctx.addIssue({ code: "custom", path: ["runSets", i, "id"], message: `duplicate run set id "${s.id}"` });
      setIds.add(s.id);
    });
    const panelIds = new Set<string>();
    g.panels.forEach((p, i) => {
      if (panelIds.has(p.id)) ctx.addIssue({ code: "custom", path: ["panels", i, "id"], message: `duplicate panel id "${p.id}"` });
      panelIds.add(p.id);
      if (p.runSet !== null && !setIds.has(p.runSet)) ctx.addIssue({ code: "custom", path: ["panels", i, "runSet"], message: `no run set "${p.runSet}"` });
    });
  });

/** Types as stored (defaults filled in). */
export type RunSet = z.infer<typeof RunSet>;
export type RunOverride = z.infer<typeof RunOverride>;
export type FrozenRuns = z.infer<typeof FrozenRuns>;
export type PanelLayout = z.infer<typeof PanelLayout>;
export type Panel = z.infer<typeof Panel>;
export type PanelGrid = z.infer<typeof PanelGrid>;
export type LineConfig = z.infer<typeof LineConfig>;
export type BarConfig = z.infer<typeof BarConfig>;
export type ScalarConfig = z.infer<typeof ScalarConfig>;
export type ScatterConfig = z.infer<typeof ScatterConfig>;
export type ParallelConfig = z.infer<typeof ParallelConfig>;
export type ImportanceConfig = z.infer<typeof ImportanceConfig>;
export type ComparerConfig = z.infer<typeof ComparerConfig>;
export type MarkdownConfig = z.infer<typeof MarkdownConfig>;

/**
 * JSON with object keys sorted, so equal values give equal strings (attributes compare by value
 * in y-prosemirror, and the Markdown fence is stable under round trips).
 */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** A fresh random id for a run set or panel (8 url-safe characters). */
export function newPanelId(random: () => number = Math.random): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let id = "";
  for (let i = 0; i < 8; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** A panel of `type` with default config, at `layout`. */
export function defaultPanel(type: PanelType, layout: PanelLayout, runSet: string | null, id = newPanelId()): Panel {
  return Panel.parse({ id, type, runSet, layout, title: "" });
}

/** A run set over `project` with every default (no filter, 50 runs, newest first). */
export function defaultRunSet(project: string, id = newPanelId(), name = "Run set"): RunSet {
  return RunSet.parse({ id, name, projects: [project] });
}
