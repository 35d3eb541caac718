import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** The hidden CSRF field every signed-in form carries (checked by `requireMutation`). */
export function CsrfInput() {
  const csrf = useRouteLoaderData<typeof rootLoader>("root")?.csrf ?? "";
  return <input type="hidden" name="csrf" value={csrf} />;
}
