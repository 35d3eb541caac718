/**
 * The collab WebSocket's `authorize` callback: the same credentials as the HTTP API (session
 * cookie, or `Authorization: Bearer <API key>`), resolved before any document byte is sent.
 */
import type { IncomingMessage } from "node:http";
import type { Authorize } from "../../collab-server/createCollabServer";
import type { Services } from "../services/Services";
import { reportAccess } from "../services/reports";
import { ServiceError } from "../services/ServiceError";
import { resolveCaller } from "./requestAuth";

/** Node request headers as a Fetch `Headers`. */
export function incomingHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => h.append(k, x));
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}

/** Builds the authorizer over the services (late-bound: services own the collab server). */
export function collabAuthorizer(services: Pick<Services, "db" | "secret" | "config">): Authorize {
  return async (req, reportId) => {
    const headers = incomingHeaders(req);
    const url = `http://${headers.get("host") ?? "localhost"}${req.url ?? "/"}`;
    let caller;
    try {
      caller = await resolveCaller(services as Services, url, headers);
    } catch (error) {
      if (error instanceof ServiceError && error.status === 401) return { ok: false, reason: "unauthorized" };
      throw error;
    }
    if (!caller) return { ok: false, reason: "unauthorized" };
    const access = await reportAccess(services.db, caller.user, reportId);
    if (!access) return { ok: false, reason: "notFound" };
    return { ok: true, user: { id: caller.user.id, name: caller.user.name }, access };
  };
}
