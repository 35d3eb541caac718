/**
 * Keeps a page's loader data current from the live feed. Each relevant event asks for a fresh
 * copy of this route's own loader data (a fetcher load: the root and parent loaders don't re-run),
 * throttled to at most one request in flight, one queued, and one per `minIntervalMs`. Reloading
 * the loader's data, rather than patching rows in place, keeps a single source of truth, and a
 * busy sweep costs one small request a second rather than one per event.
 */
import { useFetcher, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useRunFeed, type FeedEvent, type FeedStatus } from "./use-run-feed";

/** Options of `useLiveData`. */
export interface LiveDataOptions {
  /** Whether the route is an index route (its data URL needs `?index`). */
  index?: boolean;
  /** Which events matter to this page; all by default. */
  relevant?: (event: FeedEvent) => boolean;
  minIntervalMs?: number;
}

function dataHref(pathname: string, search: string, index: boolean): string {
  const params = new URLSearchParams(search);
  if (index) params.set("index", "");
  const query = params.toString().replace(/(^|&)index=(&|$)/, "$1index$2");
  return query ? `${pathname}?${query}` : pathname;
}

/** `loaderData`, replaced by fresher copies as `project`'s live feed reports changes. */
export function useLiveData<T>(loaderData: T, project: string | null, opts: LiveDataOptions = {}): { data: T; status: FeedStatus } {
  const minIntervalMs = opts.minIntervalMs ?? 1000;
  const location = useLocation();
  const href = dataHref(location.pathname, location.search, opts.index ?? false);
  const fetcher = useFetcher();

  const latest = useRef({ fetcher, href, relevant: opts.relevant });
  useEffect(() => {
    latest.current = { fetcher, href, relevant: opts.relevant };
  });

  // Fetched data counts only for the loader data (and URL) it was fetched over.
  const loadedFor = useRef<string | null>(null);
  const [live, setLive] = useState<{ data: T; base: T } | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data !== undefined && loadedFor.current === href) {
      setLive({ data: fetcher.data as T, base: loaderData });
    }
    // Only a newly arrived fetch result should replace the data, not a change of loader data.
  }, [fetcher.data, fetcher.state]);

  const timing = useRef<{ last: number; timer: number | undefined }>({ last: 0, timer: undefined });
  const request = useCallback(() => {
    const t = timing.current;
    if (t.timer !== undefined) return; // one is already queued and will see this change too
    const fire = () => {
      const { fetcher: f, href: target } = latest.current;
      if (f.state !== "idle") {
        t.timer = window.setTimeout(fire, 100);
        return;
      }
      t.timer = undefined;
      t.last = Date.now();
      loadedFor.current = target;
      f.load(target);
    };
    t.timer = window.setTimeout(fire, Math.max(0, t.last + minIntervalMs - Date.now()));
  }, [minIntervalMs]);
  useEffect(() => () => window.clearTimeout(timing.current.timer), []);

  const status = useRunFeed(project, (event) => {
    const { relevant } = latest.current;
    if (event.kind === "resync" || !relevant || relevant(event)) request();
  });

  return { data: live && live.base === loaderData ? live.data : loaderData, status };
}
