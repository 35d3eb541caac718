/**
 * Draws a line scene (app/lib/panels/line-scene.ts) on a canvas: grid lines, tick labels, axis
 * titles, band fills and lines, clipped to the plot area; and live appends, the new segments of
 * some lines, on top of a drawn scene without drawing it again (decision 018). Text goes through
 * `fillText`, so run names and metric keys can never be markup here.
 */
import { insideAxis, pixelMap, unitPixels, type LineScene, type SceneTrace } from "../../lib/panels/line-scene";

/** Colors and font of the drawing (plotly's defaults, so the two renderers look alike). */
export interface CanvasStyle {
  font: string;
  text: string;
  grid: string;
  fontSize: number;
}

/** A canvas the renderer draws on: the page's, or one handed to the figure worker (figure-worker.ts). */
export type DrawCanvas = HTMLCanvasElement | OffscreenCanvas;
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The screen's device pixel ratio (1 where there is none, as in a worker, which is told it). */
const screenRatio = (): number => (typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1);

export const DEFAULT_CANVAS_STYLE: CanvasStyle = { font: "sans-serif", text: "#444", grid: "#eee", fontSize: 11 };

/** plotly's dash patterns (drawing.dashStyle), in pixels for a line of `width`. */
export function dashPattern(dash: string, width: number): number[] {
  const d = Math.max(width, 3);
  switch (dash) {
    case "dot": return [d, d];
    case "dash": return [3 * d, 3 * d];
    case "longdash": return [5 * d, 5 * d];
    case "dashdot": return [3 * d, d, d, d];
    case "longdashdot": return [5 * d, 2 * d, d, 2 * d];
    default: return [];
  }
}

/** Sizes the canvas's backing store for `width` × `height` CSS pixels and clears it; returns the 2D context, scaled to CSS pixels. */
export function fitCanvas(canvas: DrawCanvas, width: number, height: number, ratio = screenRatio()): Context2D | null {
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext("2d") as Context2D | null;
  if (!ctx) return null;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

function clipToArea(ctx: Context2D, scene: LineScene): void {
  const { area } = scene;
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.width, area.height);
  ctx.clip();
}

/** Traces a line's points from `from` on as a path, starting at `start` when given (null y: a gap). */
function linePath(ctx: Context2D, scene: LineScene, x: readonly number[], y: ReadonlyArray<number | null>, from: number, start: [number, number] | null): void {
  const px = pixelMap(scene.x, scene.area.left, scene.area.width, false);
  const py = pixelMap(scene.y, scene.area.top, scene.area.height, true);
  let down = false;
  if (start) {
    const sx = px(start[0]);
    const sy = py(start[1]);
    if (Number.isFinite(sx) && Number.isFinite(sy)) {
      ctx.moveTo(sx, sy);
      down = true;
    }
  }
  for (let i = from; i < x.length; i++) {
    const yi = y[i];
    const X = px(x[i]);
    const Y = yi === null ? Number.NaN : py(yi);
    if (!Number.isFinite(X) || !Number.isFinite(Y)) {
      down = false;
      continue;
    }
    if (down) ctx.lineTo(X, Y);
    else ctx.moveTo(X, Y);
    down = true;
  }
}

/** A line's drawable points in pixels. */
function pixels(scene: LineScene, x: readonly number[], y: ReadonlyArray<number | null>): Array<[number, number]> {
  const px = pixelMap(scene.x, scene.area.left, scene.area.width, false);
  const py = pixelMap(scene.y, scene.area.top, scene.area.height, true);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < x.length; i++) {
    const yi = y[i];
    if (yi === null) continue;
    const X = px(x[i]);
    const Y = py(yi);
    if (Number.isFinite(X) && Number.isFinite(Y)) out.push([X, Y]);
  }
  return out;
}

/** Draws `scene` on `canvas` (`width` × `height` CSS pixels). */
export function drawScene(canvas: DrawCanvas, scene: LineScene, width: number, height: number, style: CanvasStyle = DEFAULT_CANVAS_STYLE, ratio = screenRatio()): boolean {
  const ctx = fitCanvas(canvas, width, height, ratio);
  if (!ctx) return false;
  const { area } = scene;
  const bottom = area.top + area.height;
  const right = area.left + area.width;

  // Grid lines and tick labels.
  ctx.lineWidth = 1;
  ctx.strokeStyle = style.grid;
  ctx.fillStyle = style.text;
  ctx.font = `${style.fontSize}px ${style.font}`;
  const ux = unitPixels(scene.x, area.left, area.width, false);
  const uy = unitPixels(scene.y, area.top, area.height, true);
  ctx.beginPath();
  for (const t of scene.x.ticks) {
    const X = Math.round(ux(t.at)) + 0.5;
    ctx.moveTo(X, area.top);
    ctx.lineTo(X, bottom);
  }
  for (const t of scene.y.ticks) {
    const Y = Math.round(uy(t.at)) + 0.5;
    ctx.moveTo(area.left, Y);
    ctx.lineTo(right, Y);
  }
  ctx.stroke();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  // Labels wider than their spacing (a narrow panel, long numbers): every n-th one, as plotly thins them.
  const xTicks = scene.x.ticks;
  const spacing = xTicks.length > 1 ? Math.abs(ux(xTicks[1].at) - ux(xTicks[0].at)) : Infinity;
  const widest = xTicks.reduce((w, t) => Math.max(w, ctx.measureText(t.label).width), 0);
  const every = Math.max(1, Math.ceil((widest + 6) / spacing));
  xTicks.forEach((t, i) => {
    if (i % every === 0) ctx.fillText(t.label, ux(t.at), bottom + 4);
  });
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of scene.y.ticks) ctx.fillText(t.label, area.left - 4, uy(t.at));
  ctx.textAlign = "center";
  if (scene.x.title) {
    ctx.textBaseline = "bottom";
    ctx.fillText(scene.x.title, area.left + area.width / 2, height - 1, area.width);
  }
  if (scene.y.title) {
    ctx.save();
    ctx.translate(style.fontSize, area.top + area.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(scene.y.title, 0, 0, area.height);
    ctx.restore();
  }

  // Bands, then lines, inside the plot area.
  ctx.save();
  clipToArea(ctx, scene);
  // Bevel: as smooth as round at these widths, and cheaper to stroke.
  ctx.lineJoin = "bevel";
  scene.traces.forEach((t, i) => {
    const below = scene.traces[i - 1];
    if (!t.fill || !below || below.index !== t.index - 1) return;
    // Along this edge, then back along the one below (gaps are skipped: a band has none in practice).
    const points = [...pixels(scene, t.x, t.y), ...pixels(scene, below.x, below.y).reverse()];
    if (points.length < 3) return;
    ctx.beginPath();
    ctx.moveTo(points[0][0], points[0][1]);
    for (let k = 1; k < points.length; k++) ctx.lineTo(points[k][0], points[k][1]);
    ctx.closePath();
    ctx.fillStyle = t.fill;
    ctx.fill();
  });
  for (const t of scene.traces) strokeLine(ctx, scene, t, t.x, t.y, 0, null);
  ctx.restore();
  return true;
}

/** Strokes `x`/`y` from `from` on (from `start` when given) in trace `t`'s color, width, dash and opacity. */
function strokeLine(ctx: Context2D, scene: LineScene, t: SceneTrace, x: readonly number[], y: ReadonlyArray<number | null>, from: number, start: [number, number] | null): void {
  if (t.width <= 0) return;
  ctx.strokeStyle = t.color;
  ctx.lineWidth = t.width;
  ctx.globalAlpha = t.opacity;
  ctx.setLineDash(dashPattern(t.dash, t.width));
  ctx.beginPath();
  linePath(ctx, scene, x, y, from, start);
  ctx.stroke();
}

/** New points of one drawn trace: `x`/`y` from `from` on, joined to the point before `from`. */
export interface AppendLine {
  /** The trace's index in the figure's data. */
  trace: number;
  x: readonly number[];
  y: ReadonlyArray<number | null>;
  from: number;
  /** The point the first new segment starts from (the trace's last drawn point; null: none). */
  start: [number, number] | null;
}

/**
 * The undrawn points of a figure's extension as lines to append: per trace, its points from the
 * `drawn` count on, joined to the last point drawn before them (the extension's, else the trace's).
 */
export function undrawnLines(data: readonly unknown[], extension: Iterable<{ trace: number; x: readonly number[]; y: ReadonlyArray<number | null> }>, drawn: ReadonlyMap<number, number>): AppendLine[] {
  const lines: AppendLine[] = [];
  for (const e of extension) {
    const from = drawn.get(e.trace) ?? 0;
    if (from >= e.x.length) continue;
    let start: [number, number] | null = null;
    if (from > 0) {
      const y = e.y[from - 1];
      if (y !== null) start = [e.x[from - 1], y];
    } else {
      const t = data[e.trace] as { x?: number[]; y?: Array<number | null> } | undefined;
      const n = t?.x?.length ?? 0;
      const y = n > 0 ? t?.y?.[n - 1] : null;
      if (n > 0 && typeof y === "number") start = [t!.x![n - 1], y];
    }
    lines.push({ trace: e.trace, x: e.x, y: e.y, from, start });
  }
  return lines;
}

/** Whether every new point of `lines` falls inside the scene's axes (null y: a gap, always fits). */
export function fitsScene(scene: LineScene, lines: readonly AppendLine[]): boolean {
  for (const l of lines) {
    for (let i = l.from; i < l.x.length; i++) {
      if (!insideAxis(scene.x, l.x[i])) return false;
      const y = l.y[i];
      if (y !== null && !insideAxis(scene.y, y)) return false;
    }
  }
  return true;
}

/** Strokes the new segments of `lines` over the drawn scene, each in its trace's style. */
export function appendToScene(canvas: DrawCanvas, scene: LineScene, lines: readonly AppendLine[], ratio = screenRatio()): boolean {
  const ctx = canvas.getContext("2d") as Context2D | null;
  if (!ctx) return false;
  const byIndex = new Map(scene.traces.map((t) => [t.index, t]));
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  clipToArea(ctx, scene);
  ctx.lineJoin = "bevel";
  for (const l of lines) {
    const t = byIndex.get(l.trace);
    if (t && l.from < l.x.length) strokeLine(ctx, scene, t, l.x, l.y, l.from, l.start);
  }
  ctx.restore();
  return true;
}

/** New points after a trace's, as a figure's extension holds them. */
type Extra = { x: readonly number[]; y: ReadonlyArray<number | null> } | undefined;

/**
 * What a drawn figure shows, for tests' `folioTraces`: each trace as plotly's graph div lists it,
 * with the `drawn` count of its extension's points (`extra`) after its own.
 */
export function drawnTraces(data: readonly unknown[], extra: (trace: number) => Extra, drawn: ReadonlyMap<number, number>): unknown[] {
  return data.map((t, i) => {
    const d = t as { name?: unknown; type?: unknown; meta?: unknown; visible?: unknown; x?: unknown[]; y?: unknown[] };
    const e = extra(i);
    const n = drawn.get(i) ?? 0;
    return { name: d.name, type: d.type, meta: d.meta, visible: d.visible, x: [...(d.x ?? []), ...(e?.x.slice(0, n) ?? [])], y: [...(d.y ?? []), ...(e?.y.slice(0, n) ?? [])] };
  });
}

/** The canvas's RGBA values in `rect` (the whole canvas when absent), for tests' `folioPixels`. */
export function canvasPixels(canvas: DrawCanvas, rect?: readonly [number, number, number, number]): number[] | null {
  const ctx = canvas.getContext("2d") as Context2D | null;
  const [x, y, w, h] = rect ?? [0, 0, canvas.width, canvas.height];
  return ctx ? Array.from(ctx.getImageData(x, y, w, h).data) : null;
}
