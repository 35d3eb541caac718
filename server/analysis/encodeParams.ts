/**
 * Turns parameter values as runs stored them (any JSON, or missing) into the all-finite numeric
 * columns a random forest needs, remembering which parameter each column came from.
 *
 * A parameter whose every present value is a finite JSON number is a `number`: one column, with
 * missing values filled in with the mean of the present ones, plus a 0/1 "missing" column when any
 * run lacks it (so "was it set at all" can matter too). Anything else is a `category`: one 0/1
 * column per distinct value (compared as JSON text), the MAX_LEVELS most frequent kept and the rest
 * pooled in one "other" column; a missing value is the row with every column 0.
 */

/** Distinct category values given their own column; the rest share one. */
export const MAX_LEVELS = 32;

/** How a parameter was read. */
export type ParamKind = "number" | "category";

/** One parameter's values, aligned with the rows (undefined or null: missing). */
export interface ParamValues {
  param: string;
  values: readonly unknown[];
}

/** The encoded parameter. */
export interface EncodedParam {
  param: string;
  kind: ParamKind;
  /** Rows where the value is present. */
  present: boolean[];
  /** The numeric value per row (numbers only; NaN where missing). */
  numbers: number[];
  /** Columns, each a value per row, all finite. */
  columns: number[][];
}

/** Encodes one parameter (see the module comment). */
export function encodeParam({ param, values }: ParamValues): EncodedParam {
  const present = values.map((v) => v !== undefined && v !== null);
  const isNumber = values.every((v, i) => !present[i] || (typeof v === "number" && Number.isFinite(v)));
  if (isNumber) {
    const numbers = values.map((v, i) => (present[i] ? (v as number) : NaN));
    const known = numbers.filter((v, i) => present[i]);
    const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    const columns = [numbers.map((v, i) => (present[i] ? v : mean))];
    if (known.length < values.length) columns.push(present.map((p) => (p ? 0 : 1)));
    return { param, kind: "number", present, numbers, columns };
  }
  const labels = values.map((v, i) => (!present[i] ? null : typeof v === "string" ? `s:${v}` : `j:${JSON.stringify(v)}`));
  const counts = new Map<string, number>();
  for (const l of labels) if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
  // Most frequent first; ties in label order, so the encoding does not depend on row order.
  const levels = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
  const kept = new Map(levels.slice(0, MAX_LEVELS).map((l, i) => [l, i]));
  const width = kept.size + (levels.length > MAX_LEVELS ? 1 : 0);
  const columns = Array.from({ length: width }, () => new Array<number>(values.length).fill(0));
  labels.forEach((l, row) => {
    if (l !== null) columns[kept.get(l) ?? MAX_LEVELS][row] = 1;
  });
  return { param, kind: "category", present, numbers: values.map(() => NaN), columns };
}
