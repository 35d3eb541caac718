/**
 * The page's side of its figure worker (figure-worker.ts): canvases handed over, figures and live
 * specs posted, draw reports and feed messages dispatched back. One per report page, created with
 * its LiveHub; null where the browser lacks workers or `transferControlToOffscreen` (the page then
 * draws and appends on its main thread, as line-figure.tsx always could).
 *
 * The worker is started on first use and ended when the page closes its hub and no figure is left;
 * a later use starts a new one (canvases are handed over once, at mount, so nothing is lost).
 *
 * Should the worker fail to start (its script not loading), the page takes everything back: each
 * figure is told (`failed`: it draws on a new canvas of its own), the feeds close (LiveHub reopens
 * them on the page, `failed` being set), and tail asks go to the page's own batcher (`fallback`).
 * A figure the worker could not draw (it says "lost") is taken back alone, the same way.
 */
import type { SeriesTail } from "../../lib/panels/line-live";
import type { TailAnswer, TailAsk, TailBatcher } from "../../lib/panels/tail-batcher";
import type { CanvasStyle } from "./line-canvas";
import type { DrawnReport, FromWorker, ToWorker } from "./figure-worker-protocol";

/** What a mounted figure hears back. */
export interface FigureCallbacks {
  drawn(report: DrawnReport): void;
  refetch(): void;
  /** The worker could not start, or could not draw this figure: draw it on the page. */
  failed(): void;
}

/** What an open feed hears back. */
export interface FeedCallbacks {
  ready(): void;
  runs(data: string): void;
  closed(): void;
}

/** Whether this browser can hand canvases to a worker. */
export function canUseFigureWorker(): boolean {
  return (
    typeof window !== "undefined" &&
    typeof Worker !== "undefined" &&
    typeof OffscreenCanvas !== "undefined" &&
    typeof HTMLCanvasElement !== "undefined" &&
    "transferControlToOffscreen" in HTMLCanvasElement.prototype &&
    // An escape hatch for comparing the two paths (bench, debugging).
    window.localStorage?.getItem("folio.figureWorker") !== "off"
  );
}

/** The page's figure worker; see the module comment. */
export class FigureWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private nextAsk = 1;
  private readonly figures = new Map<number, FigureCallbacks>();
  private readonly asks = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly feeds = new Map<number, FeedCallbacks>();
  private closed = false;
  /** The worker said it is up (errors before that: it could not start). */
  private heard = false;
  /** The worker could not start: the page does its work (see the module comment). */
  failed = false;
  /** Where tail asks go once the worker has failed. */
  fallback: Pick<TailBatcher, "request"> | null = null;

  /** `headers`: what the worker's API requests carry (CSRF token, share or report scope). */
  constructor(private readonly headers: () => Record<string, string>) {}

  /** The page's worker, or null where canvases cannot be handed to one. */
  static create(headers: () => Record<string, string>): FigureWorker | null {
    return canUseFigureWorker() ? new FigureWorker(headers) : null;
  }

  private get started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./figure-worker.ts", import.meta.url), { type: "module", name: "folio-figures" });
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    worker.onerror = (e) => {
      console.error("[folio] figure worker failed", e.message);
      if (!this.heard) this.fail();
    };
    worker.postMessage({ type: "init", headers: this.headers() } satisfies ToWorker);
    this.worker = worker;
    this.closed = false;
    return worker;
  }

  /** Starts the worker ahead of its first figure (its script loads while the panels' answers are on their way). */
  warm(): void {
    void this.started;
  }

  /** Posts `message` to the worker. */
  send(message: ToWorker): void {
    if (!this.failed) this.started.postMessage(message);
  }

  /** The worker could not start: everything goes back to the page. */
  private fail(): void {
    this.failed = true;
    this.worker?.terminate();
    this.worker = null;
    const figures = [...this.figures.values()];
    const feeds = [...this.feeds.values()];
    const asks = [...this.asks.values()];
    this.figures.clear();
    this.feeds.clear();
    this.asks.clear();
    for (const f of figures) f.failed();
    for (const f of feeds) f.closed();
    for (const a of asks) a.reject(new Error("The figure worker could not start."));
  }

  /** Hands `canvas` to the worker (once per canvas); returns the figure's id. */
  mount(canvas: HTMLCanvasElement, style: CanvasStyle, callbacks: FigureCallbacks): number {
    const id = this.nextId++;
    const offscreen = canvas.transferControlToOffscreen();
    this.figures.set(id, callbacks);
    this.started.postMessage({ type: "mount", id, canvas: offscreen, ratio: window.devicePixelRatio || 1, style } satisfies ToWorker, [offscreen]);
    return id;
  }

  /** Forgets a figure whose canvas left the page. */
  unmount(id: number): void {
    this.figures.delete(id);
    this.worker?.postMessage({ type: "unmount", id } satisfies ToWorker);
    this.endIfIdle();
  }

  /** Asks the worker about a figure (tests' hooks, the points it appended). */
  ask(id: number, what: "traces" | "axes" | "pixels" | "tail", rect?: [number, number, number, number]): Promise<unknown> {
    const ask = this.nextAsk++;
    return new Promise((resolve, reject) => {
      this.asks.set(ask, { resolve, reject });
      this.send({ type: "query", id, ask, what, rect });
    });
  }

  /** A line panel's live tail (tail-batcher.ts's `request`, done where the pushed points are). */
  request(tail: TailAsk, signal?: AbortSignal): Promise<TailAnswer> {
    if (this.failed && this.fallback) return this.fallback.request(tail, signal);
    const ask = this.nextAsk++;
    return new Promise((resolve, reject) => {
      this.asks.set(ask, { resolve: (v) => resolve(v as TailAnswer), reject });
      signal?.addEventListener("abort", () => {
        if (this.asks.delete(ask)) reject(signal.reason);
      }, { once: true });
      this.send({ type: "tails", ask, tail });
    });
  }

  /** The metrics plotted by the page's own live panels on screen. */
  show(keys: string[]): void {
    if (this.worker || keys.length) this.send({ type: "shown", keys });
  }

  /** Opens a live feed in the worker at `url`; returns its id. */
  openFeed(url: string, callbacks: FeedCallbacks, points: boolean): number {
    const feed = this.nextId++;
    this.feeds.set(feed, callbacks);
    this.send({ type: "feed-forward", feed, points });
    this.send({ type: "feed-open", feed, url });
    return feed;
  }

  closeFeed(feed: number): void {
    this.feeds.delete(feed);
    this.worker?.postMessage({ type: "feed-close", feed } satisfies ToWorker);
  }

  /** Whether the feed's "points" messages reach the page too. */
  forward(feed: number, points: boolean): void {
    if (this.feeds.has(feed)) this.send({ type: "feed-forward", feed, points });
  }

  pause(paused: boolean): void {
    this.worker?.postMessage({ type: "pause", paused } satisfies ToWorker);
  }

  /** The page is done with the worker: it ends once no figure is left. */
  close(): void {
    this.closed = true;
    this.endIfIdle();
  }

  private endIfIdle(): void {
    if (!this.closed || this.figures.size || this.feeds.size || !this.worker) return;
    this.worker.terminate();
    this.worker = null;
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case "up":
        this.heard = true;
        return;
      case "drawn":
        for (const r of m.reports) this.figures.get(r.id)?.drawn(r);
        return;
      case "refetch":
        this.figures.get(m.id)?.refetch();
        return;
      case "lost": {
        // The worker could not draw this figure: the page draws it (see line-figure.tsx).
        const figure = this.figures.get(m.id);
        this.figures.delete(m.id);
        console.error("[folio] the figure worker could not draw a figure; the page draws it", m.error);
        figure?.failed();
        return;
      }
      case "answer": {
        const ask = this.asks.get(m.ask);
        this.asks.delete(m.ask);
        if (m.error !== undefined) ask?.reject(new Error(m.error));
        else ask?.resolve(m.value);
        return;
      }
      case "feed": {
        const feed = this.feeds.get(m.feed);
        if (!feed) return;
        if (m.event === "ready") feed.ready();
        else if (m.event === "runs") feed.runs(m.data ?? "");
        else {
          this.feeds.delete(m.feed);
          feed.closed();
        }
        return;
      }
    }
  }
}

/** What a panel's figure needs to be drawn, and appended live, by the page's figure worker. */
export interface FigureLive {
  worker: FigureWorker;
  /** The panel is on screen (or near it). */
  visible: boolean;
  /** Says whether the worker appends this panel's live points (the page then does not). */
  owned(owned: boolean): void;
  /** The worker's appends cannot go on: the panel refetches. */
  refetch(): void;
  /** Puts the points the worker appended (per `seriesKey`) back into the panel's data. */
  fold(added: Record<string, SeriesTail>): void;
}
