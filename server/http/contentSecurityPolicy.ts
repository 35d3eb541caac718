/**
 * The Content-Security-Policy of the web app: scripts only from our origin or inline with this
 * response's nonce (Remix's hydration and streaming scripts carry it), no plugins, no framing, no
 * foreign form targets or connections. Styles allow inline attributes because KaTeX and plotly
 * position things with them; images may come from any https URL because reports embed them by URL.
 * A stored string that slips past escaping still cannot run script. Only production responses get
 * it: Vite's dev server injects inline scripts of its own.
 */
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** The policy for one response. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Express middleware: a fresh nonce in `res.locals.cspNonce` and the policy header. */
export function withContentSecurityPolicy(_req: Request, res: Response, next: NextFunction): void {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  next();
}
