/**
 * The run comparer's table: every config and summary key of the compared runs as a row (nested
 * objects flattened to dot paths, as the run query language names them; arrays stay one value),
 * the runs as columns. A row differs when its values are not all equal as JSON; a run that lacks
 * the key differs from one that has it.
 */
import type { ApiRun } from "./run-set-cache";

/** One row of the comparer. */
export interface ComparerRow {
  /** `config.lr`, `summary.val.loss`. */
  field: string;
  section: "config" | "summary";
  /** One value per run, in column order (undefined: the run lacks it). */
  values: unknown[];
  different: boolean;
}

/** `value` flattened into dot paths under `prefix`. */
export function flatten(value: Record<string, unknown>, prefix: string, out: Map<string, unknown> = new Map()): Map<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) flatten(v as Record<string, unknown>, path, out);
    else out.set(path, v);
  }
  return out;
}

const byName = new Intl.Collator("en", { numeric: true }).compare;

/** The comparer's rows for `runs`; only differing rows when `differencesOnly`. */
export function comparerRows(runs: readonly ApiRun[], differencesOnly: boolean): ComparerRow[] {
  const rows: ComparerRow[] = [];
  for (const section of ["config", "summary"] as const) {
    const flat = runs.map((r) => flatten(r[section] ?? {}, section));
    const fields = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort(byName);
    for (const field of fields) {
      const values = flat.map((f) => f.get(field));
      const first = JSON.stringify(values[0]);
      const different = values.some((v) => JSON.stringify(v) !== first);
      if (!differencesOnly || different) rows.push({ field, section, values, different });
    }
  }
  return rows;
}
