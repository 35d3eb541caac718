/** `/settings`: API keys are the only settings so far. */
import { redirect } from "@remix-run/node";
import { RouteError } from "~/components/route-error";

export function loader() {
  return redirect("/settings/api-keys");
}

export function ErrorBoundary() {
  return <RouteError />;
}
