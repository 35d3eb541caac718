/** Hashing of bearer secrets (API keys, invite tokens) and HMAC-derived CSRF tokens. */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** SHA-256 of a high-entropy secret; fine for tokens (not for passwords). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** The CSRF token bound to a session: HMAC(secret, session id). */
export function csrfToken(secret: string, sessionId: string): string {
  return createHmac("sha256", secret).update(`csrf:${sessionId}`).digest("base64url");
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
