/**
 * Comments, mentions and the per-report event stream (docs/sharing.md). Reading comments and
 * following the stream work with a share link; writing needs the `comment` action (commenters,
 * editors, owners).
 */
import type { Request, Router } from "express";
import { z } from "zod";
import { createThread, deleteComment, editComment, listThreads, reply, setResolved } from "../services/comments";
import { resolveReportAccess, requireReportAccess, type ReportAccess } from "../services/reportAccess";
import type { ReportEvent } from "../services/ReportFeed";
import { mentionable } from "../services/reportSharing";
import type { Services } from "../services/Services";
import { parseInput } from "../services/ServiceError";
import { asyncHandler, baseUrl, requireCaller } from "./expressHelpers";
import { requirePrincipal } from "./principal";

const MentionQuery = z.object({ q: z.string().max(100).default("") });
const KEEPALIVE_MS = 20_000;

/** Mounts the comment routes on the API router; `track` registers event streams for shutdown. */
export function commentsRoutes(r: Router, services: Services, track: (close: () => void) => () => void): void {
  const { db } = services;
  const commenter = async (req: Request) => {
    const { user } = await requireCaller(services, req);
    const access = await requireReportAccess(db, { kind: "user", user }, req.params.id, "comment");
    return { user, access, deps: { mailer: services.mailer, baseUrl: baseUrl(services, req) } };
  };

  r.get("/reports/:id/comments", asyncHandler(async (req, res) => {
    const access = await requireReportAccess(db, await requirePrincipal(services, req), req.params.id, "read");
    res.json({ threads: await listThreads(db, access) });
  }));

  r.post("/reports/:id/threads", asyncHandler(async (req, res) => {
    const { user, access, deps } = await commenter(req);
    res.status(201).json(await createThread(db, access, user, req.body, deps));
  }));

  r.post("/reports/:id/threads/:threadId/comments", asyncHandler(async (req, res) => {
    const { user, access, deps } = await commenter(req);
    res.status(201).json(await reply(db, access, user, req.params.threadId, req.body, deps));
  }));

  r.post("/reports/:id/threads/:threadId/resolve", asyncHandler(async (req, res) => {
    const { user, access } = await commenter(req);
    res.json(await setResolved(db, access, user, req.params.threadId, true));
  }));

  r.post("/reports/:id/threads/:threadId/reopen", asyncHandler(async (req, res) => {
    const { user, access } = await commenter(req);
    res.json(await setResolved(db, access, user, req.params.threadId, false));
  }));

  r.patch("/reports/:id/comments/:commentId", asyncHandler(async (req, res) => {
    const { user, access, deps } = await commenter(req);
    res.json(await editComment(db, access, user, req.params.commentId, req.body, deps));
  }));

  r.delete("/reports/:id/comments/:commentId", asyncHandler(async (req, res) => {
    const { user, access } = await commenter(req);
    await deleteComment(db, access, user, req.params.commentId);
    res.status(204).end();
  }));

  r.get("/reports/:id/mentionable", asyncHandler(async (req, res) => {
    const { access } = await commenter(req);
    const { q } = parseInput(MentionQuery, req.query);
    res.json({ users: await mentionable(db, access, q) });
  }));

  /**
   * Server-Sent Events for one report: `thread` (a thread as `GET …/comments` shows it, after any
   * change to it) and `revoked` (the caller lost access; the stream ends). Share guests may pass the
   * token as `?share=`.
   */
  r.get("/reports/:id/events", asyncHandler(async (req, res) => {
    const principal = await requirePrincipal(services, req, { queryToken: true });
    let access: ReportAccess = await requireReportAccess(db, principal, req.params.id, "read");
    const reportId = access.report.row.id;
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ report: reportId })}\n\n`);
    // Events are handled one at a time, in order, so a thread's states arrive as they were committed.
    let chain = Promise.resolve();
    let ended = false;
    const handle = async (event: ReportEvent) => {
      if (ended) return;
      if (event.k === "access") {
        const now = await resolveReportAccess(db, principal, reportId);
        if (!now || !now.can("read")) {
          res.write(`event: revoked\ndata: {}\n\n`);
          end();
          return;
        }
        access = now;
      } else if (event.t) {
        const [thread] = await listThreads(db, access, event.t);
        if (thread && !ended) res.write(`event: thread\ndata: ${JSON.stringify(thread)}\n\n`);
      }
    };
    const unsubscribe = services.reportFeed.subscribe((event) => {
      if (event.r !== reportId && event.r !== null) return;
      chain = chain.then(() => handle(event)).catch((error) => console.error("[events] report event failed", { reportId, error: String(error) }));
    });
    const keepalive = setInterval(() => res.write(`: keepalive\n\n`), KEEPALIVE_MS);
    const cleanup = () => {
      ended = true;
      unsubscribe();
      clearInterval(keepalive);
      untrack();
    };
    const end = () => {
      cleanup();
      res.end();
    };
    const untrack = track(end);
    req.on("close", cleanup);
  }));
}
