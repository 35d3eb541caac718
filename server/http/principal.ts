/**
 * Who is calling, for routes that share links may reach (docs/sharing.md): a share token in
 * `X-Folio-Share` makes the caller that link's guest (whatever else the request carries); anything
 * else is the ordinary API caller (`requireCaller`). Routes not built on these helpers never look
 * at the header, so a share link opens nothing but what is listed in docs/sharing.md.
 */
import type { Request } from "express";
import { z } from "zod";
import type { User } from "../services/accounts";
import { findShareLink, panelProjectPathsOfDoc, reportScopedUser, type Principal } from "../services/reportAccess";
import type { Services } from "../services/Services";
import { notFound, parseInput } from "../services/ServiceError";
import { requireCaller } from "./expressHelpers";

const ReportHeader = z.string().regex(/^[a-z0-9]{1,64}$/, "is not a report id");

/**
 * The caller as a user or share-link guest; 404 for a share token that is unknown or revoked.
 * Event streams also take the token as `?share=` (a browser EventSource cannot send headers).
 */
export async function requirePrincipal(services: Services, req: Request, opts: { queryToken?: boolean } = {}): Promise<Principal> {
  const fromQuery = opts.queryToken && typeof req.query.share === "string" ? req.query.share : undefined;
  const token = req.get("x-folio-share") ?? fromQuery;
  if (token !== undefined) {
    const link = await findShareLink(services.db, token);
    if (!link) throw notFound("Share link");
    return { kind: "share", link };
  }
  const { user } = await requireCaller(services, req);
  return { kind: "user", user };
}

/**
 * The caller of a run / metrics / run-feed query. A share guest reads only the projects its
 * report's panels query; a user sending `X-Folio-Report: <id>` (a report they can open) reads
 * those too, besides their own teams' projects (how people invited from outside the team see a
 * report's charts). Everyone else is checked as usual.
 */
export async function requireReader(services: Services, req: Request, opts: { queryToken?: boolean } = {}): Promise<User> {
  const principal = await requirePrincipal(services, req, opts);
  // The stored copy lags the live document until compaction: a grid added while the report is
  // open counts at once (the room is loaded while anyone views it).
  const live = (id: string) => services.collab.readIfLoaded(id, panelProjectPathsOfDoc);
  if (principal.kind === "share") return reportScopedUser(services.db, principal, principal.link.reportId, live);
  const reportId = req.get("x-folio-report") ?? (opts.queryToken && typeof req.query.report === "string" ? req.query.report : undefined);
  if (reportId === undefined) return principal.user;
  return reportScopedUser(services.db, principal, parseInput(ReportHeader, reportId, "X-Folio-Report"), live);
}
