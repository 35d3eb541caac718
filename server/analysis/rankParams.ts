/**
 * Parameter importance for one metric: each parameter's Pearson correlation with the metric and its
 * share of a random forest's impurity decrease (docs/api.md, docs/decisions/011-panel-data.md).
 * Pure: the same rows give the same answer.
 */
import { encodeParam, type ParamKind, type ParamValues } from "./encodeParams";
import { pearson } from "./pearson";
import { DEFAULT_FOREST, forestImportances, type ForestOptions } from "./randomForest";

/** One parameter's row of the answer. */
export interface ParamImportance {
  param: string;
  /** Pearson's r against the metric over the rows having both; null for categories or when undefined. */
  correlation: number | null;
  /** Share of the forest's impurity decrease, 0…1; the parameters' importances sum to 1 (or all 0). */
  importance: number;
  /** Rows having both the parameter and the metric. */
  n: number;
  kind: ParamKind;
}

/**
 * Ranks `params` (values aligned with `y`, which must be finite) by importance, highest first; ties
 * by |correlation|, then name.
 */
export function rankParams(y: readonly number[], params: readonly ParamValues[], forest: ForestOptions = DEFAULT_FOREST): ParamImportance[] {
  const encoded = params.map(encodeParam);
  const owner: number[] = [];
  const columns: number[][] = [];
  encoded.forEach((e, p) => {
    for (const c of e.columns) {
      owner.push(p);
      columns.push(c);
    }
  });
  const rows = y.map((_, r) => columns.map((c) => c[r]));
  const perColumn = columns.length > 0 ? forestImportances(rows, y, forest) : [];
  const importance = new Array<number>(params.length).fill(0);
  perColumn.forEach((v, c) => (importance[owner[c]] += v));

  const out = encoded.map((e, p): ParamImportance => {
    const rowsWith = y.map((_, r) => r).filter((r) => e.present[r]);
    const correlation = e.kind === "number" ? pearson(rowsWith.map((r) => e.numbers[r]), rowsWith.map((r) => y[r])) : null;
    return { param: e.param, correlation, importance: importance[p], n: rowsWith.length, kind: e.kind };
  });
  return out.sort((a, b) =>
    b.importance - a.importance || Math.abs(b.correlation ?? 0) - Math.abs(a.correlation ?? 0) || (a.param < b.param ? -1 : a.param > b.param ? 1 : 0));
}
