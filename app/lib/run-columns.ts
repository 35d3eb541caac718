/**
 * The columns a runs table can show: the run fields of the query language (docs/queries.md) plus
 * any `config.<path>` or `summary.<key>`. Pure, shared by the loader (which fills each row's
 * `values` for the chosen columns) and the table.
 */

/** The run fields offered as columns and filter fields, with labels and kinds. */
export const RUN_FIELD_COLUMNS = [
  { field: "state", label: "State", kind: "text" },
  { field: "createdAt", label: "Created", kind: "time" },
  { field: "duration", label: "Duration", kind: "number" },
  { field: "lastStep", label: "Step", kind: "number" },
  { field: "tags", label: "Tags", kind: "tags" },
  { field: "group", label: "Group", kind: "text" },
  { field: "jobType", label: "Job type", kind: "text" },
  { field: "host", label: "Host", kind: "text" },
  { field: "notes", label: "Notes", kind: "text" },
  { field: "id", label: "Run id", kind: "text" },
  { field: "finishedAt", label: "Finished", kind: "time" },
  { field: "heartbeatAt", label: "Last heartbeat", kind: "time" },
] as const;

/** Fields the filter builder offers beyond the columns. */
export const FILTER_ONLY_FIELDS = [
  { field: "name", label: "Name", kind: "text" },
  { field: "displayName", label: "Display name", kind: "text" },
  { field: "user", label: "User (email or name)", kind: "user" },
] as const;

/** Which kind of value a field holds (decides operators and alignment). */
export type ColumnKind = "text" | "number" | "time" | "tags" | "user" | "json";

/** Columns shown when a view names none and the project has no config or summary yet. */
export const BASE_COLUMNS = ["state", "createdAt", "duration", "lastStep"];

/** The kind of any field name. */
export function fieldKind(field: string): ColumnKind {
  const known = [...RUN_FIELD_COLUMNS, ...FILTER_ONLY_FIELDS].find((c) => c.field === field);
  if (known) return known.kind;
  return "json";
}

/** Whether a column aggregates numerically in group rows (config / summary, duration, step). */
export function isNumericField(field: string): boolean {
  return field.startsWith("config.") || field.startsWith("summary.") || field === "duration" || field === "lastStep";
}

/** Header text: the run field's label, or the path without its root (`lr` for `config.lr`). */
export function columnLabel(field: string): string {
  const known = RUN_FIELD_COLUMNS.find((c) => c.field === field) ?? FILTER_ONLY_FIELDS.find((c) => c.field === field);
  if (known) return known.label;
  const dot = field.indexOf(".");
  return dot < 0 ? field : field.slice(dot + 1);
}

/** Which root a field belongs to, for the chooser's sections and the header's hint. */
export function columnRoot(field: string): "run" | "config" | "summary" {
  return field.startsWith("config.") ? "config" : field.startsWith("summary.") ? "summary" : "run";
}

/** The subset of a run a column reads. */
export interface ColumnSource {
  id: string;
  state: string;
  createdAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  lastStep: number | null;
  tags: string[];
  group: string | null;
  jobType: string | null;
  host?: string | null;
  notes?: string | null;
  config?: Record<string, unknown>;
  summary: Record<string, unknown>;
}

function atPath(root: unknown, path: string[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * A column's value for one run (undefined when the run lacks it). `duration` is left to the table,
 * which ticks it for running runs.
 */
export function columnValue(run: ColumnSource, field: string): unknown {
  if (field.startsWith("config.")) return atPath(run.config, field.slice(7).split("."));
  if (field.startsWith("summary.")) return atPath(run.summary, field.slice(8).split("."));
  switch (field) {
    case "host": return run.host ?? undefined;
    case "notes": return run.notes ?? undefined;
    default: return undefined;
  }
}

/** Metric names that usually matter most: shown first among equally common keys. */
const HEADLINE = /(^|[_./-])(loss|acc|accuracy|f1|auc|score|reward|return|perplexity|ppl|bleu|error|mse|mae)($|[_./-])/i;

/**
 * Default columns for a project: base run fields, then the config keys whose values differ across
 * runs (what a sweep varies), then the most common summary metrics (headline metrics such as loss
 * and accuracy first among equally common ones).
 */
export function defaultColumns(fields: { config: { field: string; examples: string[] }[]; summary: { field: string; count: number }[] }): string[] {
  const varying = fields.config.filter((f) => f.examples.length > 1).slice(0, 4).map((f) => f.field);
  const headline = (f: string) => (HEADLINE.test(f.slice(8)) ? 0 : 1);
  const summary = [...fields.summary].sort((a, b) => b.count - a.count || headline(a.field) - headline(b.field) || a.field.localeCompare(b.field)).slice(0, 5).map((f) => f.field);
  return [...BASE_COLUMNS, ...varying, ...summary];
}
