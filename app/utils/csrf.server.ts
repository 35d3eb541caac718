/**
 * CSRF protection for cookie-authenticated form posts. The token is HMAC(secret, session id)
 * (`server/auth/tokens.ts`), so it needs no storage and dies with the session. The root loader
 * exposes it; `<CsrfInput/>` puts it in every form and `<meta name="csrf-token">` serves the JSON
 * API's `X-CSRF-Token` header.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { csrfToken, safeEqual } from "../../server/auth/tokens";
import { requireSignedIn, type SignedIn } from "./auth.server";
import { fail } from "./errors.server";
import { getServices, type Services } from "./services.server";

/** The form field every signed-in form carries. */
export const CSRF_FIELD = "csrf";

/** The token for a session. */
export function csrfFor(services: Services, sessionId: string): string {
  return csrfToken(services.secret, sessionId);
}

/** A checked mutation: the caller and the submitted form. */
export interface Mutation extends SignedIn {
  services: Services;
  form: FormData;
}

/**
 * Every action of a signed-in user starts here: requires the session, reads the form, and refuses
 * (403) a submission whose `csrf` field is missing or wrong before anything else happens.
 */
export async function requireMutation({ request, context }: Pick<ActionFunctionArgs, "request" | "context">): Promise<Mutation> {
  const services = getServices(context);
  const signedIn = await requireSignedIn(services, request);
  // A body that is not a form (JSON, garbage) cannot carry the token either.
  const form = await request.formData().catch(() => null);
  const sent = form?.get(CSRF_FIELD);
  if (!form || typeof sent !== "string" || !safeEqual(sent, csrfFor(services, signedIn.sessionId))) {
    fail(403, "This form has expired or did not come from Folio. Reload the page and try again.");
  }
  return { ...signedIn, services, form };
}
