/** `POST /api/v1/analysis/importance`: parameter importance over HTTP (docs/api.md). */
import type { Router } from "express";
import { paramImportance } from "../analysis/paramImportance";
import { findRuns } from "../query/findRuns";
import type { Services } from "../services/Services";
import { asyncHandler } from "./expressHelpers";
import { requireReader } from "./principal";

/**
 * Registers the analysis routes on the API router. Read-only, but a POST: a cookie-authenticated
 * call needs the CSRF header; a share link's guest (or `X-Folio-Report`) reads what the report's panels query (`requireReader`, docs/sharing.md). The run query runs with the caller's access, its
 * errors reported under `runQuery.…`, exactly as in the metrics query.
 */
export function analysisRoutes(r: Router, services: Services): void {
  const find = (db: Services["db"], user: Parameters<typeof findRuns>[1], query: unknown) =>
    findRuns(db, user, query, { dbKind: services.dbKind, pathPrefix: "runQuery" });
  r.post("/analysis/importance", asyncHandler(async (req, res) => {
    const user = await requireReader(services, req);
    res.json(await paramImportance(services.db, user, req.body, find));
  }));
}
