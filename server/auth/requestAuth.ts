/**
 * Who is calling: an API key (`Authorization: Bearer`) or the session cookie. Used by the Express
 * API, the SSE feed and Remix loaders alike, so every entry point applies the same rules.
 */
import type { Services } from "../services/Services";
import type { User } from "../services/accounts";
import { authenticateApiKey } from "../services/apiKeys";
import { sessionUser } from "../services/sessions";
import { unauthorized } from "../services/ServiceError";
import { isSecureRequest, sessionCookie } from "./sessionCookie";

/** A resolved caller. */
export type Caller = { user: User; via: "apiKey" } | { user: User; via: "session"; sessionId: string };

/** Reads the signed session id from a Cookie header, or null. */
export async function readSessionId(services: Services, url: string, headers: Headers): Promise<string | null> {
  const cookie = sessionCookie(services.secret, isSecureRequest(url, headers, services.config.secureCookies));
  const value = await cookie.parse(headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

/** Resolves the caller or null. An Authorization header, when present, must be valid (no fallback to the cookie). */
export async function resolveCaller(services: Services, url: string, headers: Headers): Promise<Caller | null> {
  const auth = headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const user = m ? await authenticateApiKey(services.db, m[1]) : null;
    if (!user) throw unauthorized("Invalid or revoked API key");
    return { user, via: "apiKey" };
  }
  const sessionId = await readSessionId(services, url, headers);
  if (!sessionId) return null;
  const user = await sessionUser(services.db, sessionId);
  return user ? { user, via: "session", sessionId } : null;
}
