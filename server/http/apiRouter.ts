/** The HTTP API v1 (docs/api.md): JSON in and out, API-key or session authenticated. */
import express, { Router, type Request } from "express";
import type { Services } from "../services/Services";
import { listTeams } from "../services/teams";
import {
  createOrResumeRun, finishRun, heartbeat, loadRun, patchRun, readHistory, runView,
} from "../services/runs";
import { parseHistory } from "../services/parseHistory";
import { answerRunQuery } from "../query/answerRunQuery";
import { runQueryFromSearchParams } from "../query/RunQuery";
import { notFound } from "../services/ServiceError";
import { adminRouter } from "./adminRouter";
import { analysisRoutes } from "./analysisRoutes";
import { eventsHandler } from "./eventsHandler";
import { metricsRoutes } from "./metricsRoutes";
import { notificationsRoutes } from "./notificationsRouter";
import { requireReader } from "./principal";
import { reportsRoutes } from "./reportsRouter";
import { apiErrorHandler, asyncHandler, baseUrl, requireCaller } from "./expressHelpers";

/** Builds the `/api/v1` router. */
export function apiRouter(services: Services, hooks: { trackSse: (close: () => void) => () => void }): Router {
  const r = Router();
  const { db } = services;
  r.use(express.json({ limit: services.config.maxBodyBytes, strict: true }));

  const runFor = async (req: Request) => {
    const caller = await requireCaller(services, req);
    return { caller, run: await loadRun(db, caller.user, req.params.id) };
  };

  r.get("/me", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    const teams = await listTeams(db, user.id);
    res.json({ user, teams: teams.map((t) => ({ slug: t.slug, name: t.name, role: t.role, personal: t.personal })) });
  }));

  r.post("/runs", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    const { run, resumed } = await createOrResumeRun(db, user, req.body);
    const view = runView(run, baseUrl(services, req));
    res.status(resumed ? 200 : 201).json({ id: view.id, url: view.url, resumed });
  }));

  // Run queries: also for share guests and report-scoped callers, limited to the report's panel projects.
  r.get("/runs", asyncHandler(async (req, res) => {
    const user = await requireReader(services, req);
    res.json(await answerRunQuery(db, user, runQueryFromSearchParams(req.query), baseUrl(services, req), { dbKind: services.dbKind }));
  }));

  r.post("/runs/query", asyncHandler(async (req, res) => {
    const user = await requireReader(services, req);
    res.json(await answerRunQuery(db, user, req.body, baseUrl(services, req), { dbKind: services.dbKind }));
  }));

  r.get("/runs/:id", asyncHandler(async (req, res) => {
    const { run } = await runFor(req);
    res.json(runView(run, baseUrl(services, req)));
  }));

  r.patch("/runs/:id", asyncHandler(async (req, res) => {
    const { run } = await runFor(req);
    res.json(runView(await patchRun(db, run, req.body), baseUrl(services, req)));
  }));

  r.post("/runs/:id/history", asyncHandler(async (req, res) => {
    const { run } = await runFor(req);
    const points = parseHistory(req.body);
    const target = { seq: run.row.seq, id: run.row.id, projectId: run.project.id, lastStep: run.row.lastStep };
    const accepted = await services.writer.write(target, points);
    res.json({ accepted });
  }));

  r.get("/runs/:id/history", asyncHandler(async (req, res) => {
    const { run } = await runFor(req);
    res.json(await readHistory(db, run, req.query));
  }));

  r.post("/runs/:id/finish", asyncHandler(async (req, res) => {
    const { run } = await runFor(req);
    res.json(runView(await finishRun(db, run, req.body), baseUrl(services, req)));
  }));

  r.post("/runs/:id/heartbeat", asyncHandler(async (req, res) => {
    const { run } = await runFor(req);
    await heartbeat(db, run);
    res.json({ ok: true });
  }));

  metricsRoutes(r, services);
  analysisRoutes(r, services);
  reportsRoutes(r, services, hooks.trackSse);
  notificationsRoutes(r, services);
  r.get("/events", eventsHandler(services, hooks.trackSse));
  r.use("/admin", adminRouter(services));

  r.use((req, _res, next) => next(notFound(`No API route ${req.method} ${req.baseUrl}${req.path}`)));
  r.use(apiErrorHandler);
  return r;
}
