/** `/api/v1/reports` (docs/api.md "Reports"): reports as code, same permissions as runs. */
import type { Request, Router } from "express";
import { z } from "zod";
import type { Services } from "../services/Services";
import {
  createReport, deleteReport, duplicateReport, listReports, loadReport, readReportContent, renameReport,
  replaceReportContent, reportView, restoreReport,
} from "../services/reports";
import { parseInput } from "../services/ServiceError";
import { asyncHandler, requireCaller } from "./expressHelpers";

const ReadQuery = z.object({ format: z.enum(["md", "json"]).default("json") });
const ListQuery = z.object({ project: z.string({ required_error: "is required" }), deleted: z.enum(["true", "false"]).optional() });

/** Mounts the report routes on the API router. */
export function reportsRoutes(r: Router, services: Services): void {
  const { db, collab } = services;
  const reportFor = async (req: Request, opts: { deleted?: boolean } = {}) => {
    const { user } = await requireCaller(services, req);
    return { user, report: await loadReport(db, user, req.params.id, opts) };
  };

  r.post("/reports", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    const report = await createReport(db, user, req.body);
    res.status(201).json(reportView(report.row, report.project));
  }));

  r.get("/reports", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    const q = parseInput(ListQuery, req.query);
    res.json({ reports: await listReports(db, user, q.project, collab, { deleted: q.deleted === "true" }) });
  }));

  r.get("/reports/:id", asyncHandler(async (req, res) => {
    const { report } = await reportFor(req);
    const { format } = parseInput(ReadQuery, req.query);
    const content = await readReportContent(collab, report, format);
    if (format === "md") res.type("text/markdown; charset=utf-8").send(content);
    else res.json({ ...reportView(report.row, report.project), content });
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
    const { report } = await reportFor(req, { deleted: true });
    const restored = await restoreReport(db, report);
    res.json(reportView(restored.row, restored.project));
  }));
}
