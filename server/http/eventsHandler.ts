/**
 * `GET /api/v1/events?project=team/project`: Server-Sent Events telling which runs advanced.
 * Access is checked once at subscription (the project must be readable, see reportAccess.ts); events are coalesced
 * per connection so a busy project costs each browser at most a few messages a second.
 */
import type { RequestHandler } from "express";
import { z } from "zod";
import type { Services } from "../services/Services";
import type { FeedMessage } from "../services/feedMessages";
import { resolveProject } from "../services/projects";
import { parseInput } from "../services/ServiceError";
import { asyncHandler } from "./expressHelpers";
import { requireReader } from "./principal";

const Query = z.object({ project: z.string({ required_error: "is required" }), share: z.string().optional(), report: z.string().optional() });
const COALESCE_MS = 250;
const KEEPALIVE_MS = 20_000;

/** Builds the SSE handler; `track` registers the stream so shutdown can end it. */
export function eventsHandler(services: Services, track: (close: () => void) => () => void): RequestHandler {
  return asyncHandler(async (req, res) => {
    // Share guests (X-Folio-Share) and report-scoped callers may follow the report's panel projects.
    const user = await requireReader(services, req, { queryToken: true });
    const { project: ref } = parseInput(Query, req.query);
    const project = await resolveProject(services.db, user, ref);

    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ project: project.path })}\n\n`);

    const pending = new Map<FeedMessage["k"], Set<string>>();
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      timer = null;
      for (const [kind, ids] of pending) {
        res.write(`event: runs\ndata: ${JSON.stringify({ project: project.path, runs: [...ids], kind })}\n\n`);
      }
      pending.clear();
    };
    const unsubscribe = services.feed.subscribe([project.id], (msg) => {
      const set = pending.get(msg.k) ?? new Set<string>();
      msg.r.forEach((id) => set.add(id));
      pending.set(msg.k, set);
      timer ??= setTimeout(flush, COALESCE_MS);
    });
    const keepalive = setInterval(() => res.write(`: keepalive\n\n`), KEEPALIVE_MS);
    const cleanup = () => {
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
