/**
 * Parallel coordinates drawn with plain scatter traces (the basic plotly bundle has no parcoords).
 * Column i sits at x = i; each run's value on it is normalized to [0, 1]: numbers by the column's
 * min and max (a constant column sits at 0.5), text by the rank of its value among the column's
 * sorted values. A run is one polyline through its columns, with a gap where it lacks a value.
 * Axis lines are layout shapes and tick labels annotations, all escaped.
 *
 * Brushing: a brush is a [lo, hi] range in normalized units on one column; a run is highlighted
 * when every brushed column holds a value inside its range. The brushes live in the view's React
 * state; this module only computes from them.
 */
import type { ParallelConfig, RunOverride } from "../../../editor/panels/panelSpec";
import { formatValue } from "../format";
import { runColor } from "../run-colors";
import { baseLayout, withAlpha, type PanelFigure } from "./figure";
import { fieldLabel, getField, runLabel, toFiniteNumber } from "./get-field";
import { groupName } from "./group-runs";
import { plotlyText } from "./plotly-text";
import type { ApiRun } from "./run-set-cache";

/** One column. */
export interface ParallelAxis {
  field: string;
  kind: "number" | "category";
  min: number;
  max: number;
  categories: string[];
  /** Tick positions in [0, 1] and their (unescaped) labels. */
  ticks: { at: number; text: string }[];
}

/** One run's normalized values, one per column (null: missing). */
export interface ParallelRow {
  run: ApiRun;
  values: (number | null)[];
}

/** Columns and rows. */
export interface ParallelModel {
  axes: ParallelAxis[];
  rows: ParallelRow[];
}

/** Brushes by column index, in normalized units. */
export type Brushes = Record<number, [number, number]>;

const TICKS = 5;

function axisOf(field: string, raw: unknown[]): ParallelAxis {
  const present = raw.filter((v) => v !== undefined && v !== null);
  const numbers = present.map(toFiniteNumber);
  if (present.length && numbers.every((n) => n !== null)) {
    const ns = numbers as number[];
    const min = Math.min(...ns);
    const max = Math.max(...ns);
    const ticks = min === max ? [{ at: 0.5, text: formatValue(min) }] : Array.from({ length: TICKS }, (_, i) => ({ at: i / (TICKS - 1), text: formatValue(min + ((max - min) * i) / (TICKS - 1)) }));
    return { field, kind: "number", min, max, categories: [], ticks };
  }
  const categories = [...new Set(present.map(groupName))].sort();
  const at = (i: number) => (categories.length > 1 ? i / (categories.length - 1) : 0.5);
  return { field, kind: "category", min: 0, max: 0, categories, ticks: categories.map((c, i) => ({ at: at(i), text: c })) };
}

function normalize(axis: ParallelAxis, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (axis.kind === "number") {
    const n = toFiniteNumber(v);
    if (n === null) return null;
    return axis.max === axis.min ? 0.5 : (n - axis.min) / (axis.max - axis.min);
  }
  const i = axis.categories.indexOf(groupName(v));
  if (i < 0) return null;
  return axis.categories.length > 1 ? i / (axis.categories.length - 1) : 0.5;
}

/** The columns and normalized rows of `columns` over the visible `runs`. */
export function parallelModel(columns: readonly string[], runs: readonly ApiRun[], overrides: Record<string, RunOverride>): ParallelModel {
  const visible = runs.filter((r) => !overrides[r.id]?.hidden);
  const axes = columns.map((field) => axisOf(field, visible.map((r) => getField(r, field))));
  const rows = visible.map((run) => ({ run, values: axes.map((a) => normalize(a, getField(run, a.field))) }));
  return { axes, rows };
}

/** The ids of the rows inside every brush (every row when there is none). */
export function highlighted(rows: readonly ParallelRow[], brushes: Brushes): Set<string> {
  const active = Object.entries(brushes).map(([i, r]) => [Number(i), Math.min(...r), Math.max(...r)] as const);
  return new Set(
    rows
      .filter((row) => active.every(([i, lo, hi]) => {
        const v = row.values[i];
        return v !== null && v !== undefined && v >= lo && v <= hi;
      }))
      .map((row) => row.run.id),
  );
}

/**
 * A box-select (plotly's `plotly_selected` range, in data units) as a brush on the column nearest
 * the box's middle, or null when the box is not near a column.
 */
export function brushFromSelection(range: { x: number[]; y: number[] } | undefined, columns: number): { column: number; range: [number, number] } | null {
  if (!range || range.x.length < 2 || range.y.length < 2 || columns < 1) return null;
  const mid = (range.x[0] + range.x[1]) / 2;
  const column = Math.round(mid);
  if (column < 0 || column >= columns || Math.abs(mid - column) > 0.5) return null;
  const lo = Math.max(0, Math.min(range.y[0], range.y[1]));
  const hi = Math.min(1, Math.max(range.y[0], range.y[1]));
  return lo <= hi ? { column, range: [lo, hi] } : null;
}

const LOW = "#4c6ef5";
const HIGH = "#f76707";

function mix(a: string, b: string, t: number): string {
  const c = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const ch = (i: number) => Math.round(c(a, i) + (c(b, i) - c(a, i)) * t).toString(16).padStart(2, "0");
  return `#${ch(0)}${ch(1)}${ch(2)}`;
}

/** Each run's line color: by the color field (a gradient for numbers), else its run color. */
export function parallelColors(config: ParallelConfig, model: ParallelModel, overrides: Record<string, RunOverride>): Map<string, string> {
  const colors = new Map<string, string>();
  const field = config.color;
  const axis = field ? axisOf(field, model.rows.map((r) => getField(r.run, field))) : null;
  for (const { run } of model.rows) {
    const own = overrides[run.id]?.color;
    if (!axis || !field) colors.set(run.id, runColor(run.id, own ? { [run.id]: own } : {}));
    else if (axis.kind === "number") colors.set(run.id, mix(LOW, HIGH, normalize(axis, getField(run, field)) ?? 0));
    else colors.set(run.id, runColor(`group:${groupName(getField(run, field))}`));
  }
  return colors;
}

/** The figure: one polyline per run, dimmed unless highlighted, brushes as boxes. */
export function parallelFigure(config: ParallelConfig, model: ParallelModel, brushes: Brushes, overrides: Record<string, RunOverride>): PanelFigure {
  const lit = highlighted(model.rows, brushes);
  const colors = parallelColors(config, model, overrides);
  const xs = model.axes.map((_, i) => i);
  // Dimmed lines first, so highlighted ones draw on top.
  const ordered = [...model.rows].sort((a, b) => Number(lit.has(a.run.id)) - Number(lit.has(b.run.id)));
  const data = ordered.map(({ run, values }) => {
    const on = lit.has(run.id);
    const color = on ? (colors.get(run.id) as string) : "#adb5bd";
    const name = plotlyText(overrides[run.id]?.name || runLabel(run));
    return {
      type: "scatter",
      mode: "lines+markers",
      x: xs,
      y: values,
      name,
      line: { color: on ? color : withAlpha(color, 0.35), width: on ? 1.6 : 1 },
      marker: { size: 4, color },
      // Plotly's own selection styling would dim markers outside its box: the brushes do that.
      unselected: { marker: { opacity: 1 } },
      hovertemplate: `${name}<extra></extra>`,
      showlegend: false,
      connectgaps: false,
    };
  });
  const inData = { xref: "x", yref: "y" };
  const axisLines = xs.map((x) => ({ ...inData, type: "line", x0: x, x1: x, y0: 0, y1: 1, line: { color: "#868e96", width: 1 }, layer: "below" }));
  const brushBoxes = Object.entries(brushes).map(([i, [lo, hi]]) => ({
    ...inData,
    type: "rect",
    x0: Number(i) - 0.06,
    x1: Number(i) + 0.06,
    y0: lo,
    y1: hi,
    fillcolor: "rgba(76,110,245,0.25)",
    line: { color: "#4c6ef5", width: 1 },
  }));
  const annotations = model.axes.flatMap((axis, i) => [
    { ...inData, x: i, y: 1.04, text: plotlyText(fieldLabel(axis.field)), showarrow: false, yanchor: "bottom", font: { size: 11 } },
    ...axis.ticks.map((t) => ({ ...inData, x: i, y: t.at, text: plotlyText(t.text), showarrow: false, xanchor: "right", xshift: -4, font: { size: 9, color: "#868e96" } })),
  ]);
  const shapes = [...axisLines, ...brushBoxes];
  return {
    data,
    layout: {
      ...baseLayout(),
      showlegend: false,
      dragmode: "select",
      // A new brush set drops plotly's own selection box (the brush boxes are drawn as shapes).
      selectionrevision: JSON.stringify(brushes),
      margin: { l: 56, r: 16, t: 24, b: 8 },
      xaxis: { visible: false, range: [-0.4, Math.max(0, xs.length - 1) + 0.2], fixedrange: true },
      yaxis: { visible: false, range: [-0.04, 1.12], fixedrange: true },
      shapes,
      annotations,
    },
  };
}
