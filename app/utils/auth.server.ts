/**
 * Browser sign-in for Remix routes: the signed session cookie (the same one the JSON API reads),
 * sign-up / log-in / log-out, and the redirect to `/login?redirectTo=…` for anonymous visits.
 * API keys are for programs: pages only accept the cookie.
 */
import { redirect } from "@remix-run/node";
import { isSecureRequest, sessionCookie } from "../../server/auth/sessionCookie";
import { readSessionId } from "../../server/auth/requestAuth";
import { hasUsers, signIn, signUp, type User } from "../../server/services/accounts";
import { createSession, deleteSession, sessionUser } from "../../server/services/sessions";
import { loginPath } from "~/lib/safe-redirect";
import type { Services } from "./services.server";

export type { User };

/** A signed-in browser: who, and which session (the CSRF token is bound to it). */
export interface SignedIn {
  user: User;
  sessionId: string;
}

const cookieFor = (services: Services, request: Request) =>
  sessionCookie(services.secret, isSecureRequest(request.url, request.headers, services.config.secureCookies));

/** The signed-in user, or null (no cookie, a forged one, or an expired session). */
export async function getSignedIn(services: Services, request: Request): Promise<SignedIn | null> {
  const sessionId = await readSessionId(services, request.url, request.headers);
  if (!sessionId) return null;
  const user = await sessionUser(services.db, sessionId);
  return user ? { user, sessionId } : null;
}

/** The signed-in user; anonymous visitors are sent to log in and brought back afterwards. */
export async function requireSignedIn(services: Services, request: Request): Promise<SignedIn> {
  const signedIn = await getSignedIn(services, request);
  if (!signedIn) throw redirect(loginPath(new URL(request.url)));
  return signedIn;
}

/** Whether nobody has signed up yet (the first account becomes the instance admin). */
export async function isFirstRun(services: Services): Promise<boolean> {
  return !(await hasUsers(services.db));
}

/** Creates the account and a session; returns the `Set-Cookie` value. Throws `ServiceError` 400/409. */
export async function signUpWithSession(services: Services, request: Request, input: { email: string; password: string; name?: string }): Promise<string> {
  const user = await signUp(services.db, input);
  return cookieFor(services, request).serialize(await createSession(services.db, user.id));
}

/**
 * Checks credentials and starts a session: the `Set-Cookie` value, `null` for wrong credentials,
 * or `{ retryAfterMs }` while the email is locked after too many failures.
 */
export async function logInWithSession(
  services: Services,
  request: Request,
  email: string,
  password: string,
): Promise<string | null | { retryAfterMs: number }> {
  const retryAfterMs = services.loginThrottle.retryAfterMs(email);
  if (retryAfterMs > 0) return { retryAfterMs };
  const user = await signIn(services.db, email, password);
  if (!user) {
    services.loginThrottle.fail(email);
    return null;
  }
  services.loginThrottle.succeed(email);
  return cookieFor(services, request).serialize(await createSession(services.db, user.id));
}

/** Ends the session; returns the `Set-Cookie` value that clears the cookie. */
export async function endSession(services: Services, request: Request, sessionId: string | null): Promise<string> {
  if (sessionId) await deleteSession(services.db, sessionId);
  return cookieFor(services, request).serialize("", { maxAge: 0 });
}
