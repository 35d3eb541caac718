/**
 * The parameter importance table: the answer of `POST /api/v1/analysis/importance` (importance and
 * correlation of each config parameter against the metric, computed on the server), sorted by the
 * column the reader clicked. Missing values sort last whichever the direction; ties go by name.
 */

/** One parameter of the answer. */
export interface ImportanceParam {
  param: string;
  correlation: number | null;
  importance: number | null;
  n: number;
  kind: "number" | "category";
}

/** The answer of the importance endpoint. */
export interface ImportanceAnswer {
  metric: string;
  runs: number;
  params: ImportanceParam[];
}

/** A sortable column. */
export type ImportanceSort = "param" | "importance" | "correlation";

const byName = new Intl.Collator("en", { numeric: true }).compare;

/** `params` sorted by `key` in `dir`; see the module comment. */
export function sortImportance(params: readonly ImportanceParam[], key: ImportanceSort, dir: "asc" | "desc"): ImportanceParam[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...params].sort((a, b) => {
    if (key === "param") return sign * byName(a.param, b.param);
    const va = a[key];
    const vb = b[key];
    const na = va === null || !Number.isFinite(va);
    const nb = vb === null || !Number.isFinite(vb);
    if (na || nb) return na === nb ? byName(a.param, b.param) : na ? 1 : -1;
    return sign * ((va as number) - (vb as number)) || byName(a.param, b.param);
  });
}

/** Bar widths in [0, 1]: importance relative to the largest, correlation by its magnitude. */
export function importanceBars(p: ImportanceParam, maxImportance: number): { importance: number; correlation: number; negative: boolean } {
  const imp = p.importance !== null && maxImportance > 0 ? Math.max(0, p.importance) / maxImportance : 0;
  const corr = p.correlation ?? 0;
  return { importance: Math.min(1, imp), correlation: Math.min(1, Math.abs(corr)), negative: corr < 0 };
}
