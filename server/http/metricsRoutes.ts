/** `POST /api/v1/metrics/query`: the metrics query engine over HTTP (docs/metrics-query.md). */
import type { Router } from "express";
import { queryMetrics } from "../metrics/queryMetrics";
import { findRuns } from "../query/findRuns";
import type { Services } from "../services/Services";
import { asyncHandler } from "./expressHelpers";
import { requireReader } from "./principal";

/**
 * Registers the metrics routes on the API router. Read-only, but a POST: a cookie-authenticated
 * call needs the CSRF header like any other (`requireCaller`). A `runQuery` is answered by the run
 * query language (server/query/findRuns.ts), its errors reported under `runQuery.…`.
 */
export function metricsRoutes(r: Router, services: Services): void {
  const deps = {
    dbKind: services.dbKind,
    findRuns: (db: Services["db"], user: Parameters<typeof findRuns>[1], query: unknown) =>
      findRuns(db, user, query, { dbKind: services.dbKind, pathPrefix: "runQuery" }),
  };
  r.post("/metrics/query", asyncHandler(async (req, res) => {
    // Share guests and report-scoped callers read only what the report's panels query (principal.ts).
    const user = await requireReader(services, req);
    res.json(await queryMetrics(services.db, user, req.body, deps));
  }));
}
