/**
 * One live feed per project for every panel of a report: the change feed's Server-Sent Events
 * (`GET /api/v1/events`) opened once per project however many panels read it, fanned out to the
 * panels that listen. While paused, events are held back (only which runs changed is kept) and
 * delivered as one batch on resume, so a paused report neither redraws nor loses updates.
 *
 * The metric names the page's line panels plot (`want`, and each subscription's `keys`) go with
 * the feed's URL (`key=…`, at most MAX_PUSHED_KEYS per project): the server then pushes their new
 * points with each message, kept in `pushed` for the panels' live ticks (pushed-tails.ts). A
 * name not yet sent reopens the feed with it. Only the points of metrics a panel on screen plots
 * (`show`) are read; the others are skipped unparsed.
 *
 * With a `FeedTransport` (the page's figure worker, figure-worker.ts) the feeds are opened there:
 * the worker keeps the pushed points and appends the line plots it draws by itself, and a feed's
 * "points" messages reach the page only while some listener here wants them (`subscribe`'s
 * `points`; a line plot the worker appends does not).
 */
import { readerScope } from "./api-json";
import { PushedTails } from "./pushed-tails";

/** What a panel hears: which runs changed, or `resync` after a (re)connection. */
export type LiveEvent = { kind: "points" | "state" | "created" | "resync"; runs: string[] };
/** A listener. */
export type LiveListener = (event: LiveEvent) => void;

/** Opens feeds elsewhere (the figure worker): the page hears their "ready", "runs" and closing. */
export interface FeedTransport {
  /** It could not start: feeds open on the page. */
  readonly failed: boolean;
  openFeed(url: string, callbacks: { ready(): void; runs(data: string): void; closed(): void }, points: boolean): number;
  closeFeed(feed: number): void;
  forward(feed: number, points: boolean): void;
  pause(paused: boolean): void;
  close(): void;
  /** The metrics plotted by the page's own panels on screen (their pushed points are kept there). */
  show(keys: string[]): void;
}

interface Feed {
  /** Closes the open connection (null: none open). */
  source: { close(): void } | null;
  /** The transport's id of the open feed. */
  transportId: number | null;
  /** Each listener, with whether it hears "points" messages. */
  listeners: Map<LiveListener, boolean>;
  retry: number | undefined;
  delay: number;
  /** The metric names the open feed pushes. */
  keys: string[];
}

/** Whether some listener of `feed` hears "points" messages. */
const wantsPoints = (feed: Feed): boolean => [...feed.listeners.values()].some(Boolean);

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;
/** Most metric names one feed pushes (the server's MAX_LIVE_TAIL_KEYS). */
export const MAX_PUSHED_KEYS = 50;

/** The feeds of one report page. Create one per page; `close()` on leave. */
export class LiveHub {
  private readonly feeds = new Map<string, Feed>();
  private paused = false;
  private held = new Map<LiveListener, LiveEvent>();
  private readonly pauseListeners = new Set<(paused: boolean) => void>();
  /** Metric names wanted per project (`want`). */
  private readonly wanted = new Map<string, Set<string>>();
  /** The points the feeds pushed. */
  readonly pushed = new PushedTails();
  /** Metric names plotted by panels on screen, with how many show each. */
  private readonly shown = new Map<string, number>();

  /** `scope`: what the feed reads through (api-json's readerScope); read from the page when absent. */
  constructor(private readonly scope: { share: string; report: string } | null = null, private readonly transport: FeedTransport | null = null) {}

  /** Asks the feed of `project` to push the new points of `keys` (reopening it when open without some). */
  want(project: string, keys: readonly string[]): void {
    const set = this.wanted.get(project) ?? new Set<string>();
    this.wanted.set(project, set);
    for (const k of keys) if (set.size < MAX_PUSHED_KEYS) set.add(k);
    const feed = this.feeds.get(project);
    if (feed?.source && [...set].some((k) => !feed.keys.includes(k))) {
      feed.source.close();
      this.open(project, feed);
    }
  }

  /** Says a panel on screen plots `keys` (their pushed points are read); returns the function that takes it back. */
  show(keys: readonly string[]): () => void {
    for (const k of keys) this.shown.set(k, (this.shown.get(k) ?? 0) + 1);
    this.transport?.show([...this.shown.keys()]);
    return () => {
      for (const k of keys) {
        const n = (this.shown.get(k) ?? 0) - 1;
        if (n > 0) this.shown.set(k, n);
        else this.shown.delete(k);
      }
      this.transport?.show([...this.shown.keys()]);
    };
  }

  /**
   * Listens to `project` ("team/project"), wanting `keys` pushed; returns the unsubscribe function.
   * `points` false: the listener hears no "points" messages (their runs' live points are appended
   * elsewhere: the figure worker).
   */
  subscribe(project: string, listener: LiveListener, keys: readonly string[] = [], points = true): () => void {
    let feed = this.feeds.get(project);
    if (keys.length) this.want(project, keys);
    const fresh = !feed;
    if (!feed) {
      feed = { source: null, transportId: null, listeners: new Map(), retry: undefined, delay: FIRST_RETRY_MS, keys: [] };
      this.feeds.set(project, feed);
    }
    feed.listeners.set(listener, points);
    if (fresh) this.open(project, feed);
    else this.forwardPoints(feed);
    return () => {
      feed.listeners.delete(listener);
      this.held.delete(listener);
      if (feed.listeners.size === 0) {
        feed.source?.close();
        window.clearTimeout(feed.retry);
        this.feeds.delete(project);
      } else {
        this.forwardPoints(feed);
      }
    };
  }

  /** Says whether `listener` hears "points" messages (see `subscribe`). */
  setPoints(listener: LiveListener, points: boolean): void {
    for (const feed of this.feeds.values()) {
      if (!feed.listeners.has(listener) || feed.listeners.get(listener) === points) continue;
      feed.listeners.set(listener, points);
      this.forwardPoints(feed);
    }
  }

  private forwardPoints(feed: Feed): void {
    if (this.transport && feed.transportId !== null) this.transport.forward(feed.transportId, wantsPoints(feed));
  }

  /** Whether updates are held back. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Holds back (true) or delivers held and future updates (false). */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.pauseListeners.forEach((l) => l(paused));
    this.transport?.pause(paused);
    if (paused) return;
    const held = this.held;
    this.held = new Map();
    held.forEach((event, listener) => listener(event));
  }

  /** Hears pause changes (for toggles); returns the unsubscribe function. */
  onPause(listener: (paused: boolean) => void): () => void {
    this.pauseListeners.add(listener);
    return () => this.pauseListeners.delete(listener);
  }

  /** Closes every feed. */
  close(): void {
    for (const feed of this.feeds.values()) {
      feed.source?.close();
      window.clearTimeout(feed.retry);
    }
    this.feeds.clear();
    this.transport?.close();
  }

  private deliver(feed: Feed, event: LiveEvent): void {
    for (const [listener, points] of feed.listeners) {
      if (event.kind === "points" && !points) continue;
      if (!this.paused) {
        listener(event);
        continue;
      }
      const before = this.held.get(listener);
      // Held events merge: a resync or a new run outranks points, and the run ids accumulate.
      const kind = before?.kind === "resync" || event.kind === "resync" ? "resync" : before?.kind === "created" || event.kind === "created" ? "created" : event.kind;
      this.held.set(listener, { kind, runs: [...new Set([...(before?.runs ?? []), ...event.runs])] });
    }
  }

  private open(project: string, feed: Feed): void {
    const params = new URLSearchParams({ project });
    const { share, report } = this.scope ?? readerScope();
    if (share) params.set("share", share);
    else if (report) params.set("report", report);
    feed.keys = [...(this.wanted.get(project) ?? [])].sort();
    for (const k of feed.keys) params.append("key", k);
    const url = `/api/v1/events?${params}`;
    const ready = () => {
      feed.delay = FIRST_RETRY_MS;
      // The server starts over on a new connection: what was pushed before may have gaps now.
      this.pushed.clear();
      this.deliver(feed, { kind: "resync", runs: [] });
    };
    const runs = (text: string) => {
      let data: { kind?: unknown; runs?: unknown };
      try {
        data = JSON.parse(text);
      } catch (error) {
        console.error("[folio] unreadable live event", error);
        return;
      }
      const kind = data.kind === "points" || data.kind === "state" || data.kind === "created" ? data.kind : "state";
      const ids = Array.isArray(data.runs) ? data.runs.filter((r): r is string => typeof r === "string") : [];
      this.deliver(feed, { kind, runs: ids });
    };
    const closed = () => {
      feed.source = null;
      feed.transportId = null;
      if (this.feeds.get(project) !== feed) return;
      feed.retry = window.setTimeout(() => this.open(project, feed), feed.delay);
      feed.delay = Math.min(feed.delay * 2, MAX_RETRY_MS);
    };
    const transport = this.transport && !this.transport.failed ? this.transport : null;
    if (transport) {
      const id = transport.openFeed(url, { ready, runs, closed }, wantsPoints(feed));
      feed.transportId = id;
      feed.source = { close: () => transport.closeFeed(id) };
      return;
    }
    const source = new EventSource(url);
    feed.source = source;
    source.addEventListener("ready", ready);
    source.addEventListener("tails", (e) => {
      try {
        this.pushed.addEvent((e as MessageEvent<string>).data, (key) => this.shown.has(key));
      } catch (error) {
        console.error("[folio] unreadable live points", error);
      }
    });
    source.addEventListener("runs", (e) => runs((e as MessageEvent<string>).data));
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      closed();
    };
  }
}
