/** The signed session cookie, shared by Remix routes and the Express API. */
import { createCookie, type Cookie } from "@remix-run/node";
import { SESSION_DAYS } from "../services/sessions";

export const SESSION_COOKIE = "folio_session";

/** Builds the cookie. `secure` is on behind HTTPS (see `isSecureRequest`). */
export function sessionCookie(secret: string, secure: boolean): Cookie {
  return createCookie(SESSION_COOKIE, {
    secrets: [secret],
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: SESSION_DAYS * 86400,
  });
}

/** The signed value of the session cookie for `sessionId` (for clients given a session directly: tests, benchmarks). */
export async function sessionCookieValue(secret: string, sessionId: string): Promise<string> {
  const header = await sessionCookie(secret, false).serialize(sessionId);
  return header.slice(`${SESSION_COOKIE}=`.length).split(";")[0];
}

/** Whether the request reached us over HTTPS (directly or via a proxy that says so). */
export function isSecureRequest(url: string, headers: Headers, setting: boolean | "auto"): boolean {
  if (setting !== "auto") return setting;
  return url.startsWith("https:") || headers.get("x-forwarded-proto") === "https";
}
