/**
 * The figure worker of a report page (decision 019). It draws every canvas line plot
 * of the page on the canvas the page handed over (`transferControlToOffscreen`: its frames reach the
 * screen without the page's main thread), holds the page's live feeds (`GET /api/v1/events`), and
 * appends the live ticks of the line plots the page registered (`live`) by itself: the feed's
 * pushed points (pushed-tails.ts) or one shared tail query (tail-batcher.ts), merged by
 * line-live.ts's rules and stroked on the canvas. The page hears of it only when something needs
 * it: a panel must refetch (a new line, a tail too long), a feed message other panels listen to,
 * and, batched, the figures' draw counts.
 *
 * What the page's panels did before (line-figure.tsx's canvas figure, use-panel-data.ts's live
 * ticks) is what this does; the page keeps that path where there is no worker, and for panels the
 * worker does not append (plotly, zoomed, grouped or smoothed lines).
 */
import type { PanelFigure } from "../../lib/panels/figure";
import { lineScene, type LineScene } from "../../lib/panels/line-scene";
import { seriesKey, type SeriesTail, type WorkerLiveSpec } from "../../lib/panels/line-live";
import type { LineAnswer, TraceExtension } from "../../lib/panels/line-traces";
import { finiteOrNull } from "../../lib/metric-series";
import { postApi } from "../../lib/panels/api-json";
import { PushedTails } from "../../lib/panels/pushed-tails";
import { TailBatcher } from "../../lib/panels/tail-batcher";
import { appendToScene, canvasPixels, drawnTraces, drawScene, fitsScene, undrawnLines, type CanvasStyle } from "./line-canvas";
import type { DrawnReport, FigureMessage, FromWorker, ToWorker } from "./figure-worker-protocol";

/** The worker's global scope, as far as this module uses it. */
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
};

const post = (message: FromWorker) => scope.postMessage(message);

/** At most one live tick a second per panel, as on the page (use-panel-data.ts). */
const LIVE_INTERVAL_MS = 1_000;

interface Live {
  spec: WorkerLiveSpec;
  last: Map<string, number>;
  traceOf: Map<string, number>;
  /** Points appended since the base answer (the spec's tail included). */
  tailPoints: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  lastTick: number;
  running: boolean;
  again: boolean;
  /** Points arrived while off screen or paused: catch up when back. */
  behind: boolean;
}

interface Figure {
  canvas: OffscreenCanvas;
  ratio: number;
  style: CanvasStyle;
  figure: PanelFigure | null;
  hidden: Set<string>;
  /** Points after each trace's, per trace index (the page's extension, then the worker's appends). */
  ext: Map<number, TraceExtension>;
  /** Of `ext`, how many are drawn, per trace. */
  drawn: Map<number, number>;
  scene: LineScene | null;
  width: number;
  height: number;
  draws: number;
  appends: number;
  newDraws: number;
  visible: boolean;
  live: Live | null;
}

const figures = new Map<number, Figure>();
const feeds = new Map<number, { source: EventSource; forward: boolean }>();
const pushed = new PushedTails();
let headers: Record<string, string> = { "content-type": "application/json" };
let paused = false;

const batcher = new TailBatcher((body, signal) => postApi<LineAnswer>("metrics/query", body, signal, headers), undefined, (ask) => pushed.answer(ask));

/** The metrics whose pushed points are read: those of live panels on screen, here and on the page. */
let shownKeys = new Set<string>();
let pageShown: string[] = [];
function updateShown(): void {
  const next = new Set<string>(pageShown);
  for (const f of figures.values()) if (f.live && f.visible) for (const k of f.live.spec.keys) next.add(k);
  shownKeys = next;
}

// Reports of draws and appends, posted together once the current task is done.
const reports = new Map<number, DrawnReport>();
let reportQueued = false;
function report(id: number, f: Figure): void {
  const before = reports.get(id);
  reports.set(id, { id, draws: f.draws, appends: f.appends, newDraws: (before?.newDraws ?? 0) + f.newDraws });
  f.newDraws = 0;
  if (reportQueued) return;
  reportQueued = true;
  setTimeout(() => {
    reportQueued = false;
    const list = [...reports.values()];
    reports.clear();
    post({ type: "drawn", reports: list });
  }, 0);
}

/** Draws the whole figure, extension included. */
function draw(id: number, f: Figure): void {
  if (!f.figure || !f.width || !f.height) return;
  const s = lineScene(f.figure, f.width, f.height, f.hidden, f.ext);
  if (!drawScene(f.canvas, s, f.width, f.height, f.style, f.ratio)) return;
  f.scene = s;
  f.drawn = new Map([...f.ext].map(([trace, e]) => [trace, e.x.length]));
  f.draws++;
  f.newDraws++;
  report(id, f);
}

/** Strokes the extension's undrawn points, or draws again when they leave the axes. */
function appendDrawn(id: number, f: Figure): void {
  const s = f.scene;
  if (!s || !f.figure) return;
  const lines = undrawnLines(f.figure.data, f.ext.values(), f.drawn);
  if (!lines.length) return;
  if (!fitsScene(s, lines) || !appendToScene(f.canvas, s, lines, f.ratio)) {
    draw(id, f);
    return;
  }
  for (const l of lines) f.drawn.set(l.trace, l.x.length);
  f.appends++;
  report(id, f);
}

function extend(f: Figure, extension: readonly TraceExtension[]): void {
  for (const e of extension) {
    const held = f.ext.get(e.trace);
    if (held) {
      held.x.push(...e.x);
      held.y.push(...e.y);
    } else {
      f.ext.set(e.trace, { trace: e.trace, x: [...e.x], y: [...e.y] });
    }
  }
}

// --- live appends -----------------------------------------------------------------------------

function startLive(f: Figure, spec: WorkerLiveSpec | null): void {
  if (f.live?.timer !== undefined) clearTimeout(f.live.timer);
  f.live = spec && {
    spec,
    last: new Map(spec.lines.map((l) => [l.series, l.last])),
    traceOf: new Map(spec.lines.map((l) => [l.series, l.trace])),
    tailPoints: spec.tailPoints,
    timer: undefined,
    lastTick: 0,
    running: false,
    again: false,
    behind: false,
  };
  updateShown();
}

/** Runs of the panel logged points (or the feed reconnected): a tick, spaced as on the page. */
function nudge(id: number, f: Figure): void {
  const live = f.live;
  if (!live) return;
  if (paused || !f.visible) {
    live.behind = true;
    return;
  }
  if (live.timer !== undefined) return;
  live.timer = setTimeout(() => tick(id, f, live), Math.max(0, live.lastTick + LIVE_INTERVAL_MS - Date.now()));
}

function tick(id: number, f: Figure, live: Live): void {
  live.timer = undefined;
  live.lastTick = Date.now();
  if (live.running) {
    live.again = true;
    return;
  }
  live.running = true;
  appendTail(id, f, live)
    .catch((error: unknown) => {
      // A failed tail (the server restarting, say): the page refetches the panel.
      if (f.live === live) refetch(id, f);
      console.error("[folio] live points failed", error);
    })
    .finally(() => {
      live.running = false;
      if (live.again && f.live === live) {
        live.again = false;
        nudge(id, f);
      }
    });
}

function refetch(id: number, f: Figure): void {
  startLive(f, null);
  post({ type: "refetch", id });
}

/** One tick: the lines' new points merged as line-live.ts's mergeTail does, then stroked. */
async function appendTail(id: number, f: Figure, live: Live): Promise<void> {
  const from = Math.min(...live.last.values()) + 1;
  const { answer, to } = await batcher.request({ runs: live.spec.runs, keys: live.spec.keys, from });
  if (f.live !== live) return;
  const extension: TraceExtension[] = [];
  for (const s of answer.series ?? []) {
    const k = seriesKey(s.run, s.key);
    const held = live.last.get(k);
    const trace = live.traceOf.get(k);
    if (held === undefined || trace === undefined) {
      if (s.step.length) return refetch(id, f);
      continue;
    }
    if (s.step.length && s.step[s.step.length - 1] >= to) return refetch(id, f);
    const x: number[] = [];
    const y: Array<number | null> = [];
    let lastStep = held;
    for (let i = 0; i < s.step.length; i++) {
      const step = s.step[i];
      if (step <= held) continue;
      x.push(s.x?.[i] ?? step);
      y.push(finiteOrNull(s.y[i]));
      if (step > lastStep) lastStep = step;
    }
    if (!x.length) continue;
    live.last.set(k, lastStep);
    live.tailPoints += x.length;
    extension.push({ trace, x, y });
  }
  if (!extension.length) return;
  if (live.tailPoints > live.spec.basePoints / 2) return refetch(id, f);
  extend(f, extension);
  appendDrawn(id, f);
}

// --- feeds ------------------------------------------------------------------------------------

function openFeed(feed: number, url: string): void {
  const source = new EventSource(url);
  const entry = { source, forward: feeds.get(feed)?.forward ?? true };
  feeds.set(feed, entry);
  source.addEventListener("ready", () => {
    // The server starts over on a new connection: what was pushed before may have gaps now.
    pushed.clear();
    post({ type: "feed", feed, event: "ready" });
    for (const [id, f] of figures) nudge(id, f);
  });
  source.addEventListener("tails", (e) => {
    try {
      pushed.addEvent((e as MessageEvent<string>).data, (key) => shownKeys.has(key));
    } catch (error) {
      console.error("[folio] unreadable live points", error);
    }
  });
  source.addEventListener("runs", (e) => {
    const data = (e as MessageEvent<string>).data;
    let parsed: { kind?: unknown; runs?: unknown };
    try {
      parsed = JSON.parse(data);
    } catch {
      parsed = {};
    }
    if (parsed.kind === "points" && Array.isArray(parsed.runs)) {
      const runs = new Set(parsed.runs);
      for (const [id, f] of figures) if (f.live?.spec.runs.some((r) => runs.has(r))) nudge(id, f);
      if (!entry.forward) return;
    }
    post({ type: "feed", feed, event: "runs", data });
  });
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) return;
    source.close();
    feeds.delete(feed);
    post({ type: "feed", feed, event: "closed" });
  };
}

// --- messages ---------------------------------------------------------------------------------

/**
 * Each live line's points after its trace's, per `seriesKey`, with the last step it holds: what the
 * page folds back into its data (foldWorkerTail keeps those past what it already has).
 */
function liveTails(f: Figure): Record<string, SeriesTail> {
  const out: Record<string, SeriesTail> = {};
  const live = f.live;
  if (!live) return out;
  for (const l of live.spec.lines) {
    const e = f.ext.get(l.trace);
    if (e) out[l.series] = { x: e.x, y: e.y, lastStep: live.last.get(l.series) ?? l.last };
  }
  return out;
}

function answerQuery(f: Figure | undefined, what: string, rect?: [number, number, number, number]): unknown {
  if (!f) return null;
  if (what === "traces") return drawnTraces(f.figure?.data ?? [], (i) => f.ext.get(i), f.drawn);
  if (what === "axes") return f.scene ? { x: f.scene.x.range, y: f.scene.y.range } : null;
  if (what === "tail") return liveTails(f);
  if (what === "pixels") return canvasPixels(f.canvas, rect);
  return null;
}

post({ type: "up" });

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  switch (m.type) {
    case "init":
      headers = m.headers;
      return;
    case "mount":
      figures.set(m.id, {
        canvas: m.canvas, ratio: m.ratio, style: m.style, figure: null, hidden: new Set(), ext: new Map(), drawn: new Map(), scene: null,
        width: 0, height: 0, draws: 0, appends: 0, newDraws: 0, visible: true, live: null,
      });
      return;
    case "unmount": {
      const f = figures.get(m.id);
      if (f) startLive(f, null);
      figures.delete(m.id);
      updateShown();
      return;
    }
    case "query":
      try {
        post({ type: "answer", ask: m.ask, value: answerQuery(figures.get(m.id), m.what, m.rect) });
      } catch (error) {
        post({ type: "answer", ask: m.ask, value: null, error: errorText(error) });
      }
      return;
    case "feed-open":
      openFeed(m.feed, m.url);
      return;
    case "feed-close":
      feeds.get(m.feed)?.source.close();
      feeds.delete(m.feed);
      return;
    case "feed-forward": {
      const entry = feeds.get(m.feed);
      if (entry) entry.forward = m.points;
      return;
    }
    case "shown":
      pageShown = m.keys;
      updateShown();
      return;
    case "tails":
      batcher.request(m.tail).then(
        (value) => post({ type: "answer", ask: m.ask, value }),
        (error: unknown) => post({ type: "answer", ask: m.ask, value: null, error: errorText(error) }),
      );
      return;
    case "pause":
      paused = m.paused;
      if (!paused) for (const [id, f] of figures) if (f.live?.behind) {
        f.live.behind = false;
        nudge(id, f);
      }
      return;
  }
  const f = figures.get(m.id);
  if (!f) return;
  try {
    onFigureMessage(m, f);
  } catch (error) {
    lose(m.id, f, error);
  }
};

/**
 * Drawing a figure threw (a canvas the worker cannot draw on, say): the figure is dropped here and
 * the page draws it itself (line-figure.tsx), where a second failure shows as the panel's error.
 */
function lose(id: number, f: Figure, error: unknown): void {
  startLive(f, null);
  figures.delete(id);
  updateShown();
  console.error("[folio] the figure worker could not draw a figure", error);
  post({ type: "lost", id, error: errorText(error) });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A message about one figure. */
function onFigureMessage(m: FigureMessage, f: Figure): void {
  switch (m.type) {
    case "figure":
      f.figure = m.figure;
      f.hidden = new Set(m.hidden);
      f.ext = new Map();
      extend(f, m.extension);
      startLive(f, m.live);
      draw(m.id, f);
      return;
    case "hidden":
      f.hidden = new Set(m.hidden);
      draw(m.id, f);
      return;
    case "extend":
      extend(f, m.extension);
      appendDrawn(m.id, f);
      return;
    case "size":
      if (f.width === m.width && f.height === m.height) return;
      f.width = m.width;
      f.height = m.height;
      draw(m.id, f);
      return;
    case "live":
      startLive(f, m.spec);
      return;
    case "visible":
      f.visible = m.visible;
      updateShown();
      if (m.visible && f.live?.behind) {
        f.live.behind = false;
        nudge(m.id, f);
      }
      return;
  }
}
