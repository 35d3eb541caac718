/** `/api/v1/notifications` (docs/sharing.md "Notifications"): the signed-in caller's inbox. */
import type { Router } from "express";
import { listNotifications, markAllRead, markRead } from "../services/notifications";
import type { Services } from "../services/Services";
import { asyncHandler, requireCaller } from "./expressHelpers";

/** Mounts the notification routes on the API router. */
export function notificationsRoutes(r: Router, services: Services): void {
  r.get("/notifications", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    res.json(await listNotifications(services.db, user, req.query));
  }));

  r.post("/notifications/read-all", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    res.json({ marked: await markAllRead(services.db, user) });
  }));

  r.post("/notifications/:id/read", asyncHandler(async (req, res) => {
    const { user } = await requireCaller(services, req);
    await markRead(services.db, user, req.params.id);
    res.json({ ok: true });
  }));
}
