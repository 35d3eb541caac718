/**
 * A panel's data: its run set resolved, then whatever its type needs beyond the runs (series from
 * the metrics engine, parameter importance), refetched when the panel's query changes, when the
 * reader zooms, and live: when the change feed says a run of the set moved (or a run appeared, for
 * sets that are not frozen), at most once a second. The previous data stays on screen while the
 * next arrives, so a live tick never flashes a skeleton. A panel off screen (`visible` false) notes
 * that it is behind instead, and refreshes once when it is back on screen.
 *
 * A tick that only says runs of the panel logged points goes to the type's `appendExtra` when it
 * has one (line plots: fetch and draw only the new points, app/lib/panels/line-live.ts), which
 * answers null when the panel must refetch after all. Runs are not re-resolved for an append.
 *
 * A mount's first load may take an answer the page prefetched (prefetch-panels.ts) or asked for a
 * moment before (RunSetCache's first-load reuse). The live feed's `resync` (on connecting, and
 * after a reconnection) catches up instead of refetching: the runs again, and when they are the
 * same runs an append; data still loading catches up once it has loaded, so the feed connecting
 * while the first answers are on their way does not throw them away.
 *
 * `workerLive`: the page's figure worker appends this panel's live points by itself
 * (figure-worker.ts); the panel then hears no "points" messages and appends nothing, but still
 * refetches when its runs change state or a run appears.
 */
import { useEffect, useRef, useState } from "react";
import type { Panel, RunSet } from "../../../editor/panels/panelSpec";
import type { LiveEvent, LiveHub } from "~/lib/panels/live-hub";
import { firstLoadKey, type ApiRun, type RunSetCache } from "~/lib/panels/run-set-cache";

/** What a panel type fetches beyond its runs. */
export type FetchExtra = (args: { panel: Panel; runSet: RunSet; runs: ApiRun[]; zoom: [number, number] | null; signal: AbortSignal }) => Promise<unknown>;

/** A live tick as an append: `extra` with the new data merged in, or null to refetch instead. */
export type AppendExtra = (args: { panel: Panel; runSet: RunSet; runs: ApiRun[]; zoom: [number, number] | null; extra: unknown; cache: RunSetCache; signal: AbortSignal }) => Promise<{ extra: unknown } | null>;

/**
 * A panel's first answer beyond its runs, shared with whoever asked the same query moments before
 * (the page's prefetch, an earlier mount: run-set-cache.ts). Asked with no caller's signal, since
 * others may wait on it; `signal` only stops this caller waiting.
 */
export function firstExtra(cache: RunSetCache, fetchExtra: FetchExtra, panel: Panel, runSet: RunSet, runs: ApiRun[], signal?: AbortSignal): Promise<unknown> {
  return cache.shared(firstLoadKey(panel, runSet, runs), () => fetchExtra({ panel, runSet, runs, zoom: null, signal: new AbortController().signal }), signal);
}

/** The metrics whose new points the live feed should push for `panel` (named metrics of a line plot: tail-batcher.ts). */
export function livePushKeys(panel: Panel): string[] {
  return panel.type === "line" ? panel.config.metrics : [];
}

/** Where a panel's data stands. */
export type PanelData =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; runs: ApiRun[]; total: number | null; extra: unknown; refreshing: boolean; at: number };

const LIVE_INTERVAL_MS = 1_000;

/** Loads and live-updates one panel's data; see the module comment. */
export function usePanelData(opts: {
  panel: Panel;
  runSet: RunSet | null;
  zoom: [number, number] | null;
  fetchExtra: FetchExtra | null;
  appendExtra?: AppendExtra | null;
  hub: LiveHub;
  cache: RunSetCache;
  visible?: boolean;
  workerLive?: boolean;
}): { data: PanelData; retry: () => void; patch: (change: (extra: unknown) => unknown) => void } {
  const { panel, runSet, zoom, fetchExtra, appendExtra = null, hub, cache, visible = true, workerLive = false } = opts;
  const [data, setData] = useState<PanelData>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const latest = useRef({ panel, runSet, zoom, fetchExtra, appendExtra, data });
  latest.current = { panel, runSet, zoom, fetchExtra, appendExtra, data };
  /** The append in flight, aborted by a refetch. */
  const appending = useRef<AbortController | null>(null);
  const runIds = useRef(new Set<string>());
  const onScreen = useRef(visible);
  onScreen.current = visible;
  /** A live tick arrived while off screen. */
  const behind = useRef(false);
  /** The next load is this mount's first (it may take a prefetched answer, run-set-cache.ts). */
  const firstLoad = useRef(true);
  /** The live feed (re)connected while the data was loading: catch up once it has loaded. */
  const resyncPending = useRef(false);
  const catchUp = useRef<() => void>(() => undefined);
  const workerLiveNow = useRef(workerLive);
  workerLiveNow.current = workerLive;
  /** The live subscription's listener (for `setPoints`). */
  const listener = useRef<((event: LiveEvent) => void) | null>(null);

  // What the data depends on, as one string (attributes arrive as new objects on every edit).
  const key = JSON.stringify([panel.type, panel.config, runSet && { ...runSet, name: "", overrides: {} }, zoom]);

  useEffect(() => {
    const { panel: p, runSet: rs, zoom: z, fetchExtra: extraFetch } = latest.current;
    if (!rs) return;
    const abort = new AbortController();
    appending.current?.abort();
    setData((d) => (d.status === "ready" ? { ...d, refreshing: true } : { status: "loading" }));
    const first = firstLoad.current && z === null;
    firstLoad.current = false;
    (async () => {
      const { runs, total } = await cache.resolve(rs, abort.signal, first);
      runIds.current = new Set(runs.map((r) => r.id));
      const extra = !extraFetch ? null : first
        ? await firstExtra(cache, extraFetch, p, rs, runs, abort.signal)
        : await extraFetch({ panel: p, runSet: rs, runs, zoom: z, signal: abort.signal });
      if (abort.signal.aborted) return;
      setData({ status: "ready", runs, total: total ?? null, extra, refreshing: false, at: Date.now() });
      if (resyncPending.current) {
        resyncPending.current = false;
        catchUp.current();
      }
    })().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      setData({ status: "error", message: error instanceof Error ? error.message : String(error) });
    });
    return () => abort.abort();
  }, [key, generation, cache]);

  // Live: a tick asks for a refetch, spaced at least LIVE_INTERVAL_MS apart (trailing).
  const projects = runSet?.projects.join("\n") ?? "";
  const frozen = runSet?.frozen !== null && runSet?.frozen !== undefined;
  const pushKeys = JSON.stringify(livePushKeys(panel));
  useEffect(() => {
    if (!projects || frozen) return;
    let last = 0;
    let timer: number | undefined;
    /** Whether every event since the last tick only said the panel's runs logged points. */
    let onlyPoints = true;
    /** Whether the feed (re)connected since the last tick: events may have been missed. */
    let resynced = false;
    const refetch = () => setGeneration((g) => g + 1);
    const append = async () => {
      // The figure worker catches up by itself (it reopened the feed too).
      if (workerLiveNow.current) return;
      const { panel: p, runSet: rs, zoom: z, appendExtra: appendFn, data: d } = latest.current;
      if (!appendFn || !rs || d.status !== "ready" || d.refreshing) return refetch();
      const abort = new AbortController();
      appending.current = abort;
      try {
        const merged = await appendFn({ panel: p, runSet: rs, runs: d.runs, zoom: z, extra: d.extra, cache, signal: abort.signal });
        if (abort.signal.aborted || latest.current.data !== d) return;
        if (!merged) return refetch();
        if (merged.extra !== d.extra) setData({ ...d, extra: merged.extra, at: Date.now() });
      } catch {
        if (!abort.signal.aborted) refetch();
      }
    };
    /**
     * After the feed (re)connected: the runs again (one request for the page's panels); when they
     * are the same runs, what was missed is points, which an append brings; otherwise refetch.
     * Data still loading catches up once loaded (a first load may have taken a prefetched answer).
     */
    catchUp.current = () => {
      const { runSet: rs, data: d } = latest.current;
      if (d.status === "loading" || (d.status === "ready" && d.refreshing)) {
        resyncPending.current = true;
        return;
      }
      if (!rs || d.status !== "ready") return refetch();
      cache.resolve(rs).then(({ runs }) => {
        if (latest.current.data !== d) return;
        const same = runs.length === d.runs.length && runs.every((r, i) => r.id === d.runs[i].id);
        if (same) void append();
        else refetch();
      }, refetch);
    };
    const tick = () => {
      timer = undefined;
      last = Date.now();
      const points = onlyPoints;
      const resync = resynced;
      onlyPoints = true;
      resynced = false;
      if (!points) refetch();
      else if (resync) catchUp.current();
      else void append();
    };
    const onEvent = (event: LiveEvent) => {
      const relevant = event.kind === "resync" || event.kind === "created" || event.runs.some((id) => runIds.current.has(id));
      if (!relevant) return;
      if (!onScreen.current) {
        behind.current = true;
        return;
      }
      if (event.kind === "resync") resynced = true;
      else if (event.kind !== "points") onlyPoints = false;
      if (timer !== undefined) return;
      timer = window.setTimeout(tick, Math.max(0, last + LIVE_INTERVAL_MS - Date.now()));
    };
    const keys = JSON.parse(pushKeys) as string[];
    listener.current = onEvent;
    const offs = projects.split("\n").map((p) => hub.subscribe(p, onEvent, keys, !workerLiveNow.current));
    return () => {
      offs.forEach((off) => off());
      window.clearTimeout(timer);
    };
  }, [projects, frozen, pushKeys, hub, cache]);

  // The figure worker took this panel's appends over (or gave them back): "points" messages stop (or resume).
  useEffect(() => {
    if (listener.current) hub.setPoints(listener.current, !workerLive);
  }, [workerLive, hub]);

  // On screen: the feed's pushed points of the panel's metrics are read (live-hub.ts).
  useEffect(() => {
    if (!visible || frozen) return;
    return hub.show(JSON.parse(pushKeys) as string[]);
  }, [visible, frozen, pushKeys, hub]);

  // Back on screen after missing live ticks: catch up once.
  useEffect(() => {
    if (!visible || !behind.current) return;
    behind.current = false;
    setGeneration((g) => g + 1);
  }, [visible]);

  return {
    data,
    retry: () => setGeneration((g) => g + 1),
    patch: (change) => setData((d) => (d.status === "ready" ? { ...d, extra: change(d.extra) } : d)),
  };
}
