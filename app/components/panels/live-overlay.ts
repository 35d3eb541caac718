/**
 * Live appends drawn without plotly (decision 016): a canvas over a drawn figure on which the new
 * points of its lines are drawn as they arrive, through the figure's own axes, clipped to its
 * plot area and in each trace's color, width, dash and opacity. Plotly redraws the whole figure
 * (tens of milliseconds for 20 lines) on every change of its data; a few new segments on a canvas
 * cost a fraction of a millisecond. The figure is redrawn by plotly, with the new points merged in,
 * when a point falls outside the drawn axes, and when the reader needs plotly's own drawing
 * (hover, download); plotly-figure.tsx decides.
 *
 * This reads plotly's laid-out axes (`_fullLayout.xaxis._offset`, `c2p`…): internal, but the
 * same fields plotly's own components use, and checked before use (anything missing: redraw).
 */
import { LINE_WIDTH } from "../../lib/panels/line-traces";
import { dashPattern } from "./line-canvas";

/** The parts of a laid-out plotly axis used here. */
interface Axis {
  _offset: number;
  _length: number;
  range: [number, number];
  type: string;
  c2l: (v: number) => number;
  l2p: (v: number) => number;
}

/** The parts of a drawn trace used here. */
interface FullTrace {
  visible?: boolean | string;
  opacity?: number;
  line?: { color?: string; width?: number; dash?: string };
}

/** The parts of a plotly graph div used here. */
export interface GraphDiv {
  _fullLayout?: { xaxis?: Axis; yaxis?: Axis };
  _fullData?: FullTrace[];
}

/** A trace's points to draw: `x`/`y` from `from` on, joined to the point before `from` (or `start`). */
export interface OverlayLine {
  trace: number;
  x: readonly number[];
  y: ReadonlyArray<number | null>;
  from: number;
  /** The trace's last point plotly drew, where the first new segment starts (null: none). */
  start: [number, number | null] | null;
}

function axesOf(gd: GraphDiv): { xa: Axis; ya: Axis } | null {
  const xa = gd._fullLayout?.xaxis;
  const ya = gd._fullLayout?.yaxis;
  const ok = (a: Axis | undefined): a is Axis =>
    !!a && typeof a._offset === "number" && typeof a._length === "number" && Array.isArray(a.range) && typeof a.c2l === "function" && typeof a.l2p === "function";
  return ok(xa) && ok(ya) && xa.type !== "date" && ya.type !== "date" ? { xa, ya } : null;
}

function inside(a: Axis, v: number): boolean {
  const l = a.c2l(v);
  const [lo, hi] = a.range[0] <= a.range[1] ? a.range : [a.range[1], a.range[0]];
  return Number.isFinite(l) && l >= lo && l <= hi;
}

/** Whether every new point of `lines` lies inside the drawn axes (a null y is a gap: always fits). */
export function fitsAxes(gd: GraphDiv, lines: readonly OverlayLine[]): boolean {
  const axes = axesOf(gd);
  if (!axes) return false;
  for (const l of lines) {
    for (let i = l.from; i < l.x.length; i++) {
      if (!inside(axes.xa, l.x[i])) return false;
      const y = l.y[i];
      if (y !== null && !inside(axes.ya, y)) return false;
    }
  }
  return true;
}

/** Draws `lines` (their points from `from` on) over the graph; false when its axes cannot be read. */
export function drawOverlay(canvas: HTMLCanvasElement, gd: GraphDiv, lines: readonly OverlayLine[]): boolean {
  const axes = axesOf(gd);
  const ctx = canvas.getContext("2d");
  if (!axes || !ctx) return false;
  const { xa, ya } = axes;
  const ratio = window.devicePixelRatio || 1;
  const px = (x: number) => xa._offset + xa.l2p(xa.c2l(x));
  const py = (y: number) => ya._offset + ya.l2p(ya.c2l(y));
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.beginPath();
  ctx.rect(xa._offset, ya._offset, xa._length, ya._length);
  ctx.clip();
  ctx.lineJoin = "round";
  for (const l of lines) {
    const trace = gd._fullData?.[l.trace];
    if (!trace || trace.visible !== true || l.from >= l.x.length) continue;
    const width = trace.line?.width ?? LINE_WIDTH;
    ctx.strokeStyle = trace.line?.color ?? "#888";
    ctx.lineWidth = width;
    ctx.globalAlpha = trace.opacity ?? 1;
    ctx.setLineDash(dashPattern(trace.line?.dash ?? "solid", width));
    ctx.beginPath();
    const pen = l.from > 0 ? [l.x[l.from - 1], l.y[l.from - 1]] as const : l.start;
    let down = false;
    if (pen && pen[1] !== null) {
      ctx.moveTo(px(pen[0]), py(pen[1]));
      down = true;
    }
    for (let i = l.from; i < l.x.length; i++) {
      const y = l.y[i];
      if (y === null) {
        down = false;
        continue;
      }
      if (down) ctx.lineTo(px(l.x[i]), py(y));
      else ctx.moveTo(px(l.x[i]), py(y));
      down = true;
    }
    ctx.stroke();
  }
  ctx.restore();
  return true;
}
