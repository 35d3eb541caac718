/**
 * One live feed per project for every panel of a report: the change feed's Server-Sent Events
 * (`GET /api/v1/events`) opened once per project however many panels read it, fanned out to the
 * panels that listen. While paused, events are held back (only which runs changed is kept) and
 * delivered as one batch on resume, so a paused report neither redraws nor loses updates.
 */
import { readerScope } from "./api-json";

/** What a panel hears: which runs changed, or `resync` after a (re)connection. */
export type LiveEvent = { kind: "points" | "state" | "created" | "resync"; runs: string[] };
/** A listener. */
export type LiveListener = (event: LiveEvent) => void;

interface Feed {
  source: EventSource | null;
  listeners: Set<LiveListener>;
  retry: number | undefined;
  delay: number;
}

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

/** The feeds of one report page. Create one per page; `close()` on leave. */
export class LiveHub {
  private readonly feeds = new Map<string, Feed>();
  private paused = false;
  private held = new Map<LiveListener, LiveEvent>();
  private readonly pauseListeners = new Set<(paused: boolean) => void>();

  /** `scope`: what the feed reads through (api-json's readerScope); read from the page when absent. */
  constructor(private readonly scope: { share: string; report: string } | null = null) {}

  /** Listens to `project` ("team/project"); returns the unsubscribe function. */
  subscribe(project: string, listener: LiveListener): () => void {
    let feed = this.feeds.get(project);
    if (!feed) {
      feed = { source: null, listeners: new Set(), retry: undefined, delay: FIRST_RETRY_MS };
      this.feeds.set(project, feed);
      this.open(project, feed);
    }
    feed.listeners.add(listener);
    return () => {
      feed.listeners.delete(listener);
      this.held.delete(listener);
      if (feed.listeners.size === 0) {
        feed.source?.close();
        window.clearTimeout(feed.retry);
        this.feeds.delete(project);
      }
    };
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
  }

  private deliver(feed: Feed, event: LiveEvent): void {
    for (const listener of feed.listeners) {
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
    const source = new EventSource(`/api/v1/events?${params}`);
    feed.source = source;
    source.addEventListener("ready", () => {
      feed.delay = FIRST_RETRY_MS;
      this.deliver(feed, { kind: "resync", runs: [] });
    });
    source.addEventListener("runs", (e) => {
      let data: { kind?: unknown; runs?: unknown };
      try {
        data = JSON.parse((e as MessageEvent<string>).data);
      } catch (error) {
        console.error("[folio] unreadable live event", error);
        return;
      }
      const kind = data.kind === "points" || data.kind === "state" || data.kind === "created" ? data.kind : "state";
      const runs = Array.isArray(data.runs) ? data.runs.filter((r): r is string => typeof r === "string") : [];
      this.deliver(feed, { kind, runs });
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      if (!this.feeds.has(project)) return;
      feed.retry = window.setTimeout(() => this.open(project, feed), feed.delay);
      feed.delay = Math.min(feed.delay * 2, MAX_RETRY_MS);
    };
  }
}
