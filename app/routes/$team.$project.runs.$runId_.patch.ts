/**
 * `/{team}/{project}/runs/{id}/patch`: the run's whole recorded git patch as text/plain (a resource
 * route: the run page shows a preview and fetches this for "Show all"). `nosniff` and the
 * `attachment`-free text type keep a browser from treating the patch as anything but text.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadRunPatch } from "~/data/run-page.server";
import { requireSignedIn } from "~/utils/auth.server";
import { orRespond } from "~/utils/errors.server";
import { getServices } from "~/utils/services.server";

/** The patch as text; 404 unless the user may see the run at this URL. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  const patch = await orRespond(() => loadRunPatch(services.db, user, params.team ?? "", params.project ?? "", params.runId ?? ""));
  return new Response(patch, {
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
  });
}
