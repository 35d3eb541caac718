/**
 * The one way route modules reach the server's long-lived services: the instance `server/app.ts`
 * built at start-up and passes through Remix's `getLoadContext`. Nothing here opens a database.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { Services } from "../../server/services/Services";

export type { Services };

/** The request's services; fails loudly when the app runs outside Folio's server (e.g. `remix dev`). */
export function getServices(context: AppLoadContext): Services {
  const services = (context as Partial<AppLoadContext>).services;
  if (!services) throw new Error("Folio services missing from the load context: start the app with `npm run dev` or `npm start`.");
  return services;
}

/** The origin users reach us at: FOLIO_PUBLIC_URL when set, else the request's own. */
export function publicOrigin(services: Services, request: Request): string {
  return services.config.publicUrl ?? new URL(request.url).origin;
}
