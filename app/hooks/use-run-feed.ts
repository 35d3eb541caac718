/**
 * Subscribes to a project's live feed (`GET /api/v1/events`, docs/api.md) with the session cookie.
 * EventSource reconnects by itself after network errors; when the server refuses outright (the
 * stream is CLOSED) we retry with backoff. Every (re)connection reports a `resync`, since events
 * sent while we were away are gone.
 */
import { useEffect, useRef, useState } from "react";

/** `runs` tells which runs changed; `resync` asks for a full reload after a (re)connect. */
export type FeedEvent = { kind: "points" | "state" | "created"; runs: string[] } | { kind: "resync"; runs: string[] };

/** What the live indicator shows. */
export type FeedStatus = "connecting" | "live" | "reconnecting" | "offline";

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

/** Listens to `project` ("team/project"; null: nothing to follow yet) and calls `onEvent`. */
export function useRunFeed(project: string | null, onEvent: (event: FeedEvent) => void): FeedStatus {
  const [status, setStatus] = useState<FeedStatus>("connecting");
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (!project) return;
    let source: EventSource | null = null;
    let retry: number | undefined;
    let delay = FIRST_RETRY_MS;
    const open = () => {
      setStatus("connecting");
      source = new EventSource(`/api/v1/events?project=${encodeURIComponent(project)}`);
      source.addEventListener("ready", () => {
        setStatus("live");
        delay = FIRST_RETRY_MS;
        handler.current({ kind: "resync", runs: [] });
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
        handler.current({ kind, runs });
      });
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) {
          setStatus("reconnecting");
          return;
        }
        source.close();
        setStatus("offline");
        retry = window.setTimeout(open, delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      };
    };
    open();
    return () => {
      source?.close();
      window.clearTimeout(retry);
    };
  }, [project]);

  return status;
}
