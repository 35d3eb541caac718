/**
 * `/api/v1/reports` (docs/api.md "Reports"): reports as code. Each route names the action it needs
 * and asks server/services/reportAccess.ts (roles: docs/sharing.md); reading also works with a
 * share link (`X-Folio-Share`).
 */
import type { Request, Router } from "express";
import { z } from "zod";
import type { Services } from "../services/Services";
import {
  createReport, deleteReport, duplicateReport, listReports, listSharedWithMe, readReportContent, renameReport,
  replaceReportContent, reportView, restoreReport,
} from "../services/reports";
import { parseInput } from "../services/ServiceError";
import { requireReportAccess, type ReportAction } from "../services/reportAccess";
import { commentsRoutes } from "./commentsRouter";
import { asyncHandler, requireCaller } from "./expressHelpers";
import { requirePrincipal } from "./principal";
import { reportSharingRoutes } from "./reportSharingRouter";

const ReadQuery = z.object({ format: z.enum(["md", "json"]).default("json") });
const ListQuery = z.object({ project: z.string().optional(), deleted: z.enum(["true", "false"]).optional() });

/** Mounts the report routes on the API router. */
export function reportsRoutes(r: Router, services: Services, trackSse: (close: () => void) => () => void): void {
  const { db, collab } = services;
  /** A signed-in caller allowed `action` on the report. */
  const reportFor = async (req: Request, action: ReportAction = "edit", opts: { deleted?: boolean } = {}) => {
    const { user } = await requireCaller(services, req);
    const access = await requireReportAccess(db, { kind: "user", user }, req.params.id, action, opts);
    return { user, access, report: access.report };
  };

  r.post("/reports", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    const report = await createReport(db, user, req.body);
    res.status(201).json(reportView(report.row, report.project));
  }));

  r.get("/reports", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    const q = parseInput(ListQuery, req.query);
    // Without a project: the reports shared with the caller by an explicit grant (any project).
    if (q.project === undefined) res.json({ reports: await listSharedWithMe(db, user, collab) });
    else res.json({ reports: await listReports(db, user, q.project, collab, { deleted: q.deleted === "true" }) });
  }));

  r.get("/reports/:id", asyncHandler(async (req, res) => {
    const access = await requireReportAccess(db, await requirePrincipal(services, req), req.params.id, "read");
    const { format } = parseInput(ReadQuery, req.query);
    const content = await readReportContent(collab, access.report, format);
    if (format === "md") res.type("text/markdown; charset=utf-8").send(content);
    else res.json({ ...reportView(access.report.row, access.report.project), role: access.role, anonymous: access.anonymous, content });
  }));

  r.put("/reports/:id", asyncHandler(async (req, res) => {
    const { user, report } = await reportFor(req);
    await replaceReportContent(collab, user, report, req.body);
    res.json({ ...reportView(report.row, report.project), saved: true });
  }));

  r.patch("/reports/:id", asyncHandler(async (req, res) => {
    const { user, report } = await reportFor(req);
    const renamed = await renameReport(db, user, report, req.body);
    res.json(reportView(renamed.row, renamed.project));
  }));

  r.post("/reports/:id/duplicate", asyncHandler(async (req, res) => {
    const { user, report } = await reportFor(req);
    const copy = await duplicateReport(db, user, collab, report, req.body);
    res.status(201).json(reportView(copy.row, copy.project));
  }));

  r.delete("/reports/:id", asyncHandler(async (req, res) => {
    const { report } = await reportFor(req);
    await deleteReport(db, report);
    res.status(204).end();
  }));

  r.post("/reports/:id/restore", asyncHandler(async (req, res) => {
    const { report } = await reportFor(req, "edit", { deleted: true });
    const restored = await restoreReport(db, report);
    res.json(reportView(restored.row, restored.project));
  }));

  reportSharingRoutes(r, services);
  commentsRoutes(r, services, trackSse);
}
