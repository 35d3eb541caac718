/**
 * The document and the signed-in frame. The root loader answers "who is this" for every page:
 * the user, their teams and projects (sidebar), and the session's CSRF token, which forms carry
 * as a hidden field and the JSON API reads from `<meta name="csrf-token">`.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData,
} from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { RouteError } from "~/components/route-error";
import { loadWorkspace } from "~/data/workspace.server";
import { useHotkeys } from "~/hooks/use-hotkeys";
import baseHref from "~/styles/base.css?url";
import componentsHref from "~/styles/components.css?url";
import dataHref from "~/styles/data.css?url";
import formsHref from "~/styles/forms.css?url";
import responsiveHref from "~/styles/responsive.css?url";
import runsBrowserHref from "~/styles/runs-browser.css?url";
import reportsHref from "~/styles/reports.css?url";
import editorHref from "~/styles/editor.css?url";
import panelsHref from "~/styles/panels.css?url";
import panelGridHref from "~/styles/panel-grid.css?url";
import katexHref from "katex/dist/katex.min.css?url";
import shellHref from "~/styles/shell.css?url";
import { getSignedIn } from "~/utils/auth.server";
import { csrfFor } from "~/utils/csrf.server";
import { getServices } from "~/utils/services.server";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  // Order matters: tokens first, then layout, the pieces inside it, and small-screen overrides last.
  ...[baseHref, shellHref, formsHref, componentsHref, dataHref, runsBrowserHref, reportsHref, katexHref, editorHref, panelGridHref, panelsHref, responsiveHref].map((href) => ({ rel: "stylesheet", href })),
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Folio" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const services = getServices(context);
  const signedIn = await getSignedIn(services, request);
  if (!signedIn) return { user: null, csrf: null, teams: [] };
  const { user, sessionId } = signedIn;
  return {
    user: { name: user.name, email: user.email, isAdmin: user.isAdmin },
    csrf: csrfFor(services, sessionId),
    teams: await loadWorkspace(services.db, user),
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {data?.csrf ? <meta name="csrf-token" content={data.csrf} /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce || undefined} />
        <Scripts nonce={nonce || undefined} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, teams } = useLoaderData<typeof loader>();
  useHotkeys();
  if (!user) return <Outlet />;
  return (
    <AppShell user={user} teams={teams}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return (
    <div className="centered-page">
      <RouteError />
    </div>
  );
}
