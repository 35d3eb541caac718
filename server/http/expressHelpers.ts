/** Small glue between Express and the framework-neutral services. */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { resolveCaller, type Caller } from "../auth/requestAuth";
import { csrfToken, safeEqual } from "../auth/tokens";
import type { Services } from "../services/Services";
import { forbidden, ServiceError, unauthorized } from "../services/ServiceError";

/** Express headers as a Fetch `Headers`. */
export function toHeaders(req: Request): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => h.append(k, x));
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}

/** The origin clients reach us at: FOLIO_PUBLIC_URL, else the request's own. */
export function baseUrl(services: Services, req: Request): string {
  return services.config.publicUrl ?? `${req.protocol}://${req.get("host")}`;
}

/** Wraps an async handler so rejections reach the error middleware. */
export const asyncHandler =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Authenticates an API request. Cookie-authenticated mutations must carry the session's CSRF
 * token in `X-CSRF-Token`; API keys are not sent by browsers automatically, so they need none.
 */
export async function requireCaller(services: Services, req: Request): Promise<Caller> {
  const caller = await resolveCaller(services, `${req.protocol}://${req.get("host")}${req.originalUrl}`, toHeaders(req));
  if (!caller) throw unauthorized("Missing credentials: send `Authorization: Bearer <API key>`");
  if (caller.via === "session" && MUTATING.has(req.method)) {
    const sent = req.get("x-csrf-token") ?? "";
    if (!safeEqual(sent, csrfToken(services.secret, caller.sessionId))) throw forbidden("Missing or invalid CSRF token");
  }
  return caller;
}

/**
 * Rejects cross-site state changes early: a mutating request whose Origin header names another
 * host never reaches a handler (defence in depth beside SameSite=Lax cookies and CSRF tokens).
 */
export const sameOriginMutations: RequestHandler = (req, res, next) => {
  const origin = req.get("origin");
  if (!MUTATING.has(req.method) || !origin || (origin === "null" && !req.get("cookie"))) return next();
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host === req.get("host")) return next();
  res.status(403).json(forbidden("Cross-origin request refused").toJSON());
};

/** Maps errors to the JSON error body; unexpected ones are logged and answered 500 without details. */
export function apiErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const e = err as { type?: string; status?: number; message?: string };
  let error: ServiceError;
  if (err instanceof ServiceError) error = err;
  else if (e?.type === "entity.too.large") error = new ServiceError(413, "payload_too_large", `The request body is over the limit of ${e["limit" as keyof typeof e] ?? "the configured"} bytes`);
  else if (e?.type === "entity.parse.failed") error = new ServiceError(400, "invalid_json", "The request body is not valid JSON");
  else if (e?.type === "encoding.unsupported" || e?.type === "charset.unsupported") error = new ServiceError(415 as number, "invalid_input", e.message ?? "Unsupported encoding");
  else if (isConnectionError(err)) error = new ServiceError(503, "unavailable", "The database is unavailable; retry later");
  else {
    console.error(`[api] ${req.method} ${req.originalUrl} failed:`, err);
    error = new ServiceError(500, "internal", "Internal server error");
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(error.status).json(error.toJSON());
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? "";
  return ["ECONNREFUSED", "ECONNRESET", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P03"].includes(code);
}
