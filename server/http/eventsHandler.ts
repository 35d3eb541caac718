/**
 * `GET /api/v1/events?project=team/project`: Server-Sent Events telling which runs advanced.
 * Access is checked once at subscription (the project must be readable, see reportAccess.ts); events are coalesced
 * per connection so a busy project costs each browser at most a few messages a second.
 *
 * With `key=<metric>` (repeated, at most MAX_LIVE_TAIL_KEYS), each "points" message is preceded by
 * a `tails` event per metric carrying its new points in the runs the message names
 * (server/metrics/LiveTails.ts), read with the subscriber's rights. The event's first data line is
 * the metric's name (as JSON), so a page can skip the metrics it does not show without parsing
 * their points.
 */
import type { RequestHandler } from "express";
import { z } from "zod";
import type { Services } from "../services/Services";
import type { FeedMessage } from "../services/feedMessages";
import { resolveProject } from "../services/projects";
import { parseInput } from "../services/ServiceError";
import { LiveTails, MAX_LIVE_TAIL_KEYS } from "../metrics/LiveTails";
import { asyncHandler } from "./expressHelpers";
import { requireReader } from "./principal";

const MetricKey = z.string().min(1, "is empty").max(1000, "is longer than 1000 characters");
const Query = z.object({
  project: z.string({ required_error: "is required" }),
  share: z.string().optional(),
  report: z.string().optional(),
  key: z.union([MetricKey, z.array(MetricKey).max(MAX_LIVE_TAIL_KEYS, `names more than ${MAX_LIVE_TAIL_KEYS} metrics`)]).optional(),
});
const COALESCE_MS = 250;
const KEEPALIVE_MS = 20_000;

/** Builds the SSE handler; `track` registers the stream so shutdown can end it. */
export function eventsHandler(services: Services, track: (close: () => void) => () => void): RequestHandler {
  return asyncHandler(async (req, res) => {
    // Share guests (X-Folio-Share) and report-scoped callers may follow the report's panel projects.
    const user = await requireReader(services, req, { queryToken: true });
    const { project: ref, key } = parseInput(Query, req.query);
    const project = await resolveProject(services.db, user, ref);
    const keys = [...new Set(key === undefined ? [] : Array.isArray(key) ? key : [key])];
    const tails = keys.length ? new LiveTails(services.db, user, keys, services.dbKind) : null;

    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ project: project.path })}\n\n`);

    const pending = new Map<FeedMessage["k"], Set<string>>();
    let timer: NodeJS.Timeout | null = null;
    let closed = false;
    /** The flush writing now (one at a time, so messages keep their order). */
    let writing: Promise<void> = Promise.resolve();
    const flush = () => {
      timer = null;
      const batch = [...pending];
      pending.clear();
      writing = writing.then(async () => {
        for (const [kind, ids] of batch) {
          if (tails && kind === "points") {
            try {
              const series = await tails.next([...ids]);
              // One event per metric, in the order asked: the series grouped once.
              const byKey = new Map<string, typeof series>(keys.map((k) => [k, []]));
              for (const s of series) byKey.get(s.key)?.push(s);
              for (const [key, mine] of byKey) {
                if (mine.length && !closed) res.write(`event: tails\ndata: ${JSON.stringify(key)}\ndata: ${JSON.stringify({ project: project.path, series: mine })}\n\n`);
              }
            } catch (error) {
              // The page asks for the points itself, as without tails.
              console.warn(`[events] could not read the new points of ${project.path}`, error);
            }
          }
          if (!closed) res.write(`event: runs\ndata: ${JSON.stringify({ project: project.path, runs: [...ids], kind })}\n\n`);
        }
      });
    };
    const unsubscribe = services.feed.subscribe([project.id], (msg) => {
      const set = pending.get(msg.k) ?? new Set<string>();
      msg.r.forEach((id) => set.add(id));
      pending.set(msg.k, set);
      timer ??= setTimeout(flush, COALESCE_MS);
    });
    const keepalive = setInterval(() => res.write(`: keepalive\n\n`), KEEPALIVE_MS);
    const cleanup = () => {
      closed = true;
      unsubscribe();
      clearInterval(keepalive);
      if (timer) clearTimeout(timer);
      untrack();
    };
    const untrack = track(() => {
      cleanup();
      res.end();
    });
    req.on("close", cleanup);
  });
}
