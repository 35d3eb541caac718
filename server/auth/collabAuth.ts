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

/**
 * True when the handshake has no Origin (not a browser), or one naming this host or the public URL
 * (FOLIO_PUBLIC_URL, for proxies that rewrite Host).
 */
function sameOrigin(headers: Headers, publicUrl: string | undefined): boolean {
  const origin = headers.get("origin");
  if (!origin) return true;
  try {
    const host = new URL(origin).host;
    return host === headers.get("host") || (publicUrl !== undefined && host === new URL(publicUrl).host);
  } catch {
    return false;
  }
}

/** Builds the authorizer over the services (late-bound: services own the collab server). */
export function collabAuthorizer(services: Pick<Services, "db" | "secret" | "config">): Authorize {
  return async (req, reportId) => {
    const headers = incomingHeaders(req);
    // Cross-site WebSocket hijacking: a page elsewhere must not ride the browser's cookie. SameSite
    // keeps the cookie off most such handshakes already; the Origin check covers the rest. Bearer
    // clients (scripts) are not browsers riding a cookie, whatever Origin they send.
    if (!headers.get("authorization") && !sameOrigin(headers, services.config.publicUrl)) return { ok: false, reason: "forbidden" };
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
