/**
 * `/api/v1/admin/*`: user and key creation for automation. Callers are instance admins (API key or
 * session) or the local `folio admin` CLI, which proves it runs on this machine by sending the
 * per-start token the server writes into its data directory (mode 0600). This is how the CLI works
 * while the server holds the embedded database, which only one process may open.
 */
import { Router, type Request } from "express";
import { z } from "zod";
import { safeEqual } from "../auth/tokens";
import type { Services } from "../services/Services";
import { findUser, signUp } from "../services/accounts";
import { createApiKey } from "../services/apiKeys";
import { forbidden, notFound, parseInput } from "../services/ServiceError";
import { asyncHandler, requireCaller } from "./expressHelpers";

/** Builds the admin router. */
export function adminRouter(services: Services): Router {
  const r = Router();
  const authorize = async (req: Request) => {
    const token = req.get("x-folio-admin-token");
    if (token) {
      if (!safeEqual(token, services.adminToken)) throw forbidden("Invalid admin token");
      return;
    }
    const caller = await requireCaller(services, req);
    if (!caller.user.isAdmin) throw forbidden("Instance admins only");
  };

  r.post("/users", asyncHandler(async (req, res) => {
    await authorize(req);
    const user = await signUp(services.db, req.body);
    res.status(201).json({ user });
  }));

  r.post("/api-keys", asyncHandler(async (req, res) => {
    await authorize(req);
    const body = parseInput(z.object({ email: z.string().email(), name: z.string().optional() }), req.body);
    const user = await findUser(services.db, { email: body.email });
    if (!user) throw notFound(`User ${body.email}`);
    const { key } = await createApiKey(services.db, user.id, { name: body.name ?? "cli" });
    res.status(201).json({ key });
  }));
  return r;
}
