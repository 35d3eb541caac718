/**
 * The collab WebSocket's `authorize` callback: the same credentials as the HTTP API (session
 * cookie, or `Authorization: Bearer <API key>`), or a share link's token as `?share=<token>`
 * (read-only), resolved before any document byte is sent. The decision comes from
 * server/services/reportAccess.ts, like every other entry point, and carries a `recheck` that the
 * collab server calls when access may have changed (a socket whose access went away is closed).
 */
import type { IncomingMessage } from "node:http";
import type { Authorize } from "../../collab-server/createCollabServer";
import type { Services } from "../services/Services";
import type { Access } from "../../collab-server/Connection";
import { findShareLink, resolveReportAccess, type Principal, type ReportAccess } from "../services/reportAccess";
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
    const url = new URL(req.url ?? "/", `http://${headers.get("host") ?? "localhost"}`);
    const shareToken = url.searchParams.get("share");
    let principal: Principal;
    if (shareToken !== null) {
      // A share link is not a browser credential riding along: it is in the URL, so no Origin concern.
      const link = await findShareLink(services.db, shareToken);
      if (!link || link.reportId !== reportId) return { ok: false, reason: "notFound" };
      principal = { kind: "share", link };
    } else {
      let caller;
      try {
        caller = await resolveCaller(services as Services, url.href, headers);
      } catch (error) {
        if (error instanceof ServiceError && error.status === 401) return { ok: false, reason: "unauthorized" };
        throw error;
      }
      if (!caller) return { ok: false, reason: "unauthorized" };
      principal = { kind: "user", user: caller.user };
    }
    const access = socketAccess(await resolveReportAccess(services.db, principal, reportId));
    if (!access) return { ok: false, reason: "notFound" };
    // Asked again when access may have changed (a revoked link, a removed grant: reportAccess.ts).
    const recheck = async () => socketAccess(await resolveReportAccess(services.db, principal, reportId));
    const user = principal.kind === "user" ? { id: principal.user.id, name: principal.user.name } : { id: `share:${principal.link.id}`, name: "Guest" };
    return { ok: true, user, access, recheck, guest: principal.kind === "share" ? { anonymous: principal.link.anonymous } : undefined };
  };
}

/** What a socket may do with this access: edit holders write, everyone else who can see it reads. */
function socketAccess(access: ReportAccess | null): Access | null {
  if (!access) return null;
  return access.can("edit") ? "write" : "read";
}
