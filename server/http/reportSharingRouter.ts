/**
 * Access to a report (docs/sharing.md): members and roles, the team default, ownership, share
 * links. Signed-in callers only: a share link never sees who else has access.
 */
import type { Request, Router } from "express";
import { requireReportAccess, type ReportAction } from "../services/reportAccess";
import {
  changeMemberRole, createShareLink, inviteMember, readAccessSettings, removeMember, revokeShareLink, setTeamRole, transferOwnership,
} from "../services/reportSharing";
import type { Services } from "../services/Services";
import { asyncHandler, requireCaller } from "./expressHelpers";

/** Mounts the access routes on the API router. */
export function reportSharingRoutes(r: Router, services: Services): void {
  const { db } = services;
  const accessFor = async (req: Request, action: ReportAction) => {
    const { user } = await requireCaller(services, req);
    return { user, access: await requireReportAccess(db, { kind: "user", user }, req.params.id, action) };
  };

  r.get("/reports/:id/access", asyncHandler(async (req, res) => {
    const { access } = await accessFor(req, "read");
    res.json(await readAccessSettings(db, access));
  }));

  r.patch("/reports/:id/access", asyncHandler(async (req, res) => {
    const { access } = await accessFor(req, "manage");
    await setTeamRole(db, access, req.body);
    res.json(await readAccessSettings(db, await requireReportAccess(db, access.principal, req.params.id, "manage")));
  }));

  r.post("/reports/:id/members", asyncHandler(async (req, res) => {
    const { user, access } = await accessFor(req, "manage");
    res.status(201).json(await inviteMember(db, access, user, req.body));
  }));

  r.patch("/reports/:id/members/:userId", asyncHandler(async (req, res) => {
    const { access } = await accessFor(req, "manage");
    await changeMemberRole(db, access, req.params.userId, req.body);
    res.json({ ok: true });
  }));

  r.delete("/reports/:id/members/:userId", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    // Anyone may leave a report; removing someone else is managing it.
    const action = req.params.userId === user.id ? "read" : "manage";
    const access = await requireReportAccess(db, { kind: "user", user }, req.params.id, action);
    await removeMember(db, access.report.row.id, req.params.userId);
    res.status(204).end();
  }));

  r.post("/reports/:id/transfer", asyncHandler(async (req, res) => {
    const { user, access } = await accessFor(req, "manage");
    await transferOwnership(db, access, user, req.body);
    res.json({ ok: true });
  }));

  r.post("/reports/:id/share-links", asyncHandler(async (req, res) => {
    const { user, access } = await accessFor(req, "manage");
    res.status(201).json(await createShareLink(db, access, user, req.body));
  }));

  r.delete("/reports/:id/share-links/:linkId", asyncHandler(async (req, res) => {
    const { access } = await accessFor(req, "manage");
    await revokeShareLink(db, access, req.params.linkId);
    res.status(204).end();
  }));
}
