/**
 * A line panel's figure laid out for Folio's own canvas renderer (decision 018): the plot area, each
 * axis's range, ticks and labels, and the traces to stroke and fill, from the same traces and layout
 * plotly would be given (line-traces.ts). Pure: no DOM, so ranges and ticks are unit-tested.
 *
 * The layout follows plotly's own rules closely enough that the figure does not jump when plotly
 * takes over for hover, zoom or export (app/components/panels/line-figure.tsx): x fits the lines
 * exactly, y is padded by 5% of the plot's height on each side, an explicit range wins, ticks are
 * 1, 2 or 5 × 10ⁿ apart (about one per 80 px on x and 40 px on y), labels shorten thousands and
 * millions to k, M, B, and negative numbers use the minus sign.
 */
import type { PanelFigure } from "./figure";

/** Only these axis types are drawn on canvas; a date axis (wall time) stays plotly's. */
export type SceneAxisType = "linear" | "log";

/** A tick: its position in axis units (log10 on a log axis) and its label. */
export interface SceneTick {
  at: number;
  label: string;
}

/** An axis laid out: range in axis units (log10 of the values on a log axis). */
export interface SceneAxis {
  type: SceneAxisType;
  range: [number, number];
  ticks: SceneTick[];
  title: string;
}

/** A trace to draw, with what the legend needs. */
export interface SceneTrace {
  /** Index in the figure's data (what live appends and tests name). */
  index: number;
  x: readonly number[];
  y: ReadonlyArray<number | null>;
  color: string;
  width: number;
  dash: string;
  opacity: number;
  /** Fill down to the previous trace ("tonexty"), in this color. */
  fill: string | null;
  name: string;
  showLegend: boolean;
  legendGroup: string;
}

/** The plot area inside the canvas, in CSS pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A figure ready to draw. */
export interface LineScene {
  area: PlotArea;
  x: SceneAxis;
  y: SceneAxis;
  traces: SceneTrace[];
}

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

function axisLayout(layout: Dict, name: "xaxis" | "yaxis"): Dict {
  const a = layout[name];
  return isDict(a) ? a : {};
}

/** The axis type when the canvas can draw it, else null (date, category…). */
function canvasType(axis: Dict): SceneAxisType | null {
  const t = axis.type ?? "linear";
  return t === "linear" || t === "log" ? t : null;
}

/** Whether the canvas renderer can draw `figure` (linear or log axes, scatter lines only). */
export function canDrawOnCanvas(figure: PanelFigure): boolean {
  const { layout, data } = figure;
  if (!canvasType(axisLayout(layout, "xaxis")) || !canvasType(axisLayout(layout, "yaxis"))) return false;
  return data.every((t) => (t.type ?? "scatter") === "scatter" && (t.mode ?? "lines") === "lines" && (t.fill === undefined || t.fill === "tonexty") && !t.xaxis && !t.yaxis);
}

/** plotly text (entities for `&<>%$`, plotly-text.ts) back to what the reader typed. */
export function plainText(text: string): string {
  return text.replace(/&(amp|lt|gt|#37|#36);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", "#37": "%", "#36": "$" })[e] ?? "");
}

function titleOf(axis: Dict): string {
  const t = axis.title;
  const text = isDict(t) ? t.text : t;
  return typeof text === "string" ? plainText(text) : "";
}

/** Values in axis units: log10 on a log axis (non-positive values dropped). */
function toAxis(type: SceneAxisType, v: number): number {
  return type === "log" ? (v > 0 ? Math.log10(v) : Number.NaN) : v;
}

/** The data extent of `values` in axis units, or null when none is finite. */
function extentOf(type: SceneAxisType, lists: Iterable<ReadonlyArray<number | null>>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const list of lists) {
    for (const raw of list) {
      if (raw === null) continue;
      const v = toAxis(type, raw);
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The automatic range over `extent`: exact (x of lines) or with 5% of the axis on each side (y),
 * as plotly does; a single value gets a unit range around it.
 */
export function autoRange(extent: [number, number] | null, padded: boolean): [number, number] {
  if (!extent) return [-1, 1];
  const [lo, hi] = extent;
  if (lo === hi) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) / 2 : 1;
    return [lo - d, hi + d];
  }
  if (!padded) return [lo, hi];
  const pad = ((hi - lo) * 0.05) / 0.9;
  return [lo - pad, hi + pad];
}

/** The smallest of 2, 5, 10 × 10ⁿ at least `rough` (plotly's rounding of a tick spacing). */
export function roundDTick(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const base = 10 ** Math.floor(Math.log10(rough));
  const r = rough / base;
  return base * (r <= 1 + 1e-9 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10);
}

const SI: Record<number, string> = { [-12]: "p", [-9]: "n", [-6]: "μ", [-3]: "m", 3: "k", 6: "M", 9: "B", 12: "T" };

/** The power of ten labels are divided by (0: plain), from the axis's largest end. */
export function tickExponent(range: [number, number]): number {
  const end = Math.max(Math.abs(range[0]), Math.abs(range[1]));
  if (!(end > 0)) return 0;
  const e = Math.floor(Math.log10(end));
  if (e >= 4 || e <= -4) return Math.max(-12, Math.min(12, 3 * Math.round((e - 1) / 3)));
  return 0;
}

/** A tick label: `v` divided by 10^exp with as many decimals as the spacing needs, SI suffix, minus sign. */
export function formatTick(v: number, dtick: number, exp: number): string {
  const scaled = v / 10 ** exp;
  const step = dtick / 10 ** exp;
  const decimals = Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
  let text = Math.abs(scaled) < step / 1e6 ? "0" : scaled.toFixed(decimals);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  if (text === "-0") text = "0";
  if (text === "0") return text;
  return `${text.replace(/^-/, "\u2212")}${exp ? SI[exp] ?? `e${exp}` : ""}`;
}

/** Linear ticks over `range` for an axis `length` px long (`perPx`: px per tick wanted). */
export function linearTicks(range: [number, number], length: number, perPx: number): SceneTick[] {
  const [lo, hi] = range[0] <= range[1] ? range : [range[1], range[0]];
  const count = Math.min(9, Math.max(4, length / perPx)) + 1;
  const dtick = roundDTick((hi - lo) / count);
  const exp = tickExponent(range);
  const ticks: SceneTick[] = [];
  for (let k = Math.ceil(lo / dtick - 1e-9); k * dtick <= hi + dtick * 1e-9 && ticks.length < 50; k++) {
    const at = k * dtick;
    ticks.push({ at, label: formatTick(at, dtick, exp) });
  }
  return ticks;
}

/** Ticks of a log axis (`range` in decades): every n-th decade, or 1-2-5 within decades when few. */
export function logTicks(range: [number, number], length: number, perPx: number): SceneTick[] {
  const [lo, hi] = range[0] <= range[1] ? range : [range[1], range[0]];
  const count = Math.min(9, Math.max(4, length / perPx)) + 1;
  const rough = (hi - lo) / count;
  const ticks: SceneTick[] = [];
  const label = (v: number) => {
    const exp = Math.abs(Math.log10(v)) >= 4 ? 3 * Math.round((Math.floor(Math.log10(v) + 1e-9) - 1) / 3) : 0;
    return formatTick(v, v / 10, Math.max(-12, Math.min(12, exp)));
  };
  if (rough > 0.7) {
    const every = Math.max(1, Math.ceil(rough));
    for (let d = Math.ceil(lo / every) * every; d <= hi + 1e-9 && ticks.length < 50; d += every) ticks.push({ at: d, label: label(10 ** d) });
    return ticks;
  }
  const steps = rough > 0.3 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let d = Math.floor(lo); d <= Math.ceil(hi) && ticks.length < 60; d++) {
    for (const m of steps) {
      const at = d + Math.log10(m);
      if (at >= lo - 1e-9 && at <= hi + 1e-9) ticks.push({ at, label: label(m * 10 ** d) });
    }
  }
  return ticks;
}

/** `v` as numbers (NaN for anything else): `v` itself when it already is (a figure's own arrays, the common case: no copy). */
function numberList(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  const list = v as unknown[];
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== "number") return list.map((n) => (typeof n === "number" ? n : Number.NaN));
  }
  return list as number[];
}

/** `v` as finite numbers or null: `v` itself when it already is (no copy). */
function yList(v: unknown): Array<number | null> {
  if (!Array.isArray(v)) return [];
  const list = v as unknown[];
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (n !== null && !(typeof n === "number" && Number.isFinite(n))) return list.map((m) => (typeof m === "number" && Number.isFinite(m) ? m : null));
  }
  return list as Array<number | null>;
}

function explicitRange(axis: Dict): [number, number] | null {
  const r = axis.range;
  if (axis.autorange === true || !Array.isArray(r) || r.length !== 2) return null;
  const [a, b] = r as unknown[];
  return typeof a === "number" && typeof b === "number" && Number.isFinite(a) && Number.isFinite(b) && a !== b ? [a, b] : null;
}

/** The margins of the plot area, as the panels' shared layout gives them (figure.ts baseLayout). */
function marginsOf(layout: Dict): { l: number; r: number; t: number; b: number } {
  const m = isDict(layout.margin) ? layout.margin : {};
  const n = (v: unknown, d: number) => (typeof v === "number" ? v : d);
  return { l: n(m.l, 80), r: n(m.r, 80), t: n(m.t, 100), b: n(m.b, 80) };
}

/** A figure trace as the canvas reads it, with `more` points appended (plotly's defaults where unset). */
function readTrace(t: Dict, index: number, more?: { x: readonly number[]; y: ReadonlyArray<number | null> }): SceneTrace {
  const line = isDict(t.line) ? t.line : {};
  const x = numberList(t.x);
  const y = yList(t.y);
  return {
    index,
    x: more ? [...x, ...more.x] : x,
    y: more ? [...y, ...more.y] : y,
    color: typeof line.color === "string" ? line.color : "#888",
    width: typeof line.width === "number" ? line.width : 2,
    dash: typeof line.dash === "string" ? line.dash : "solid",
    opacity: typeof t.opacity === "number" ? t.opacity : 1,
    fill: t.fill === "tonexty" && typeof t.fillcolor === "string" ? t.fillcolor : null,
    name: typeof t.name === "string" ? plainText(t.name) : "",
    showLegend: t.showlegend !== false,
    legendGroup: typeof t.legendgroup === "string" ? t.legendgroup : `trace:${index}`,
  };
}

/** The legend of `figure`: one entry per legend group with a trace shown in the legend, in trace order. */
export function legendOf(figure: PanelFigure): Array<Pick<SceneTrace, "legendGroup" | "name" | "color" | "dash">> {
  const seen = new Set<string>();
  return figure.data
    .map((t, i) => readTrace(t, i))
    .filter((t) => t.showLegend && !seen.has(t.legendGroup) && !!seen.add(t.legendGroup));
}

/**
 * The scene of `figure` in a `width` × `height` canvas, with `hidden` legend groups left out;
 * `extra` holds points appended per trace since the figure was built (live appends), which the
 * axes' automatic ranges take in. Call `canDrawOnCanvas` first.
 */
export function lineScene(
  figure: PanelFigure,
  width: number,
  height: number,
  hidden: ReadonlySet<string> = new Set(),
  extra: ReadonlyMap<number, { x: readonly number[]; y: ReadonlyArray<number | null> }> = new Map(),
): LineScene {
  const { layout, data } = figure;
  const xl = axisLayout(layout, "xaxis");
  const yl = axisLayout(layout, "yaxis");
  const xType = canvasType(xl) ?? "linear";
  const yType = canvasType(yl) ?? "linear";
  const m = marginsOf(layout);
  const area: PlotArea = { left: m.l, top: m.t, width: Math.max(1, width - m.l - m.r), height: Math.max(1, height - m.t - m.b) };

  const traces = data.map((t, index) => readTrace(t, index, extra.get(index)));
  const shown = traces.filter((t) => !hidden.has(t.legendGroup) && data[t.index].visible !== false && data[t.index].visible !== "legendonly");
  const xRange = explicitRange(xl) ?? autoRange(extentOf(xType, shown.map((t) => t.x)), false);
  const yRange = explicitRange(yl) ?? autoRange(extentOf(yType, shown.map((t) => t.y)), true);
  const ticks = (type: SceneAxisType, range: [number, number], length: number, perPx: number) =>
    type === "log" ? logTicks(range, length, perPx) : linearTicks(range, length, perPx);
  return {
    area,
    x: { type: xType, range: xRange, ticks: ticks(xType, xRange, area.width, 80), title: titleOf(xl) },
    y: { type: yType, range: yRange, ticks: ticks(yType, yRange, area.height, 40), title: titleOf(yl) },
    traces: shown,
  };
}

/** Maps axis units (log10 of the value on a log axis) to pixels along `offset`…`offset + length` (`flip`: larger values up). */
export function unitPixels(axis: SceneAxis, offset: number, length: number, flip: boolean): (u: number) => number {
  const [lo, hi] = axis.range;
  const k = (flip ? -length : length) / (hi - lo);
  const base = flip ? offset + length : offset;
  return (u) => base + (u - lo) * k;
}

/** Maps values to pixels along `axis` (NaN when not drawable), its constants folded: called per point. */
export function pixelMap(axis: SceneAxis, offset: number, length: number, flip: boolean): (v: number) => number {
  const u = unitPixels(axis, offset, length, flip);
  return axis.type === "log" ? (v) => (v > 0 ? u(Math.log10(v)) : Number.NaN) : u;
}

/** Maps a value to a pixel along `axis` laid over `offset`…`offset + length` (NaN when not drawable). */
export function toPixel(axis: SceneAxis, offset: number, length: number, value: number, flip: boolean): number {
  return pixelMap(axis, offset, length, flip)(value);
}

/** Whether `value` lies inside `axis`'s range. */
export function insideAxis(axis: SceneAxis, value: number): boolean {
  const v = toAxis(axis.type, value);
  const [lo, hi] = axis.range[0] <= axis.range[1] ? axis.range : [axis.range[1], axis.range[0]];
  return Number.isFinite(v) && v >= lo && v <= hi;
}
