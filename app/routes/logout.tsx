/** `POST /logout`: ends the session (CSRF-checked like every signed-in form). GET goes home. */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { RouteError } from "~/components/route-error";
import { endSession } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";

export async function loader() {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const { services, sessionId } = await requireMutation(args);
  throw redirect("/login", { headers: { "Set-Cookie": await endSession(services, args.request, sessionId) } });
}

/** Never shown on success (the action redirects); a refused log-out renders the ErrorBoundary. */
export default function Logout() {
  return null;
}

export function ErrorBoundary() {
  return <RouteError />;
}
