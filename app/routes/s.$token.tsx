/**
 * `/s/{token}`: a report opened through a view-only share link (docs/sharing.md), for people
 * without an account. Read-only and live: the document comes over the collab WebSocket with the
 * token (`?share=`); nothing else of Folio is reachable from here, and nothing is kept in the
 * browser. An unknown or revoked token is a plain 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { CommentsSidebar, CommentsToggle } from "~/components/comments/comments-sidebar";
import { useReportComments } from "~/components/comments/use-report-comments";
import { usePanelLive } from "~/components/panels/prefetch-panels";
import { ReportEditor } from "~/components/report-editor";
import { RouteError } from "~/components/route-error";
import { useCollabDoc } from "~/hooks/use-collab-doc";
import { loadSharedReport } from "~/data/reports.server";
import { orRespond } from "~/utils/errors.server";
import { getServices, publicOrigin } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.report.title} · Folio` : "Shared report · Folio" },
  // The token is in the URL: keep the page out of search engines.
  { name: "robots", content: "noindex, nofollow" },
  // Panel queries and the live feed read through the link (app/lib/panels/api-json.ts).
  ...(data ? [{ name: "folio-share", content: data.token }] : []),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const token = params.token ?? "";
  const shared = await orRespond(() => loadSharedReport(services, token, publicOrigin(services, request)));
  return { ...shared, token };
}

export default function SharedReportPage() {
  const { report, token, initialState, runSets } = useLoaderData<typeof loader>();
  const guest = useRef({ id: "guest", name: "Guest", color: "#888888" }).current;
  const { collab, state } = useCollabDoc(report.id, { readOnly: true, me: guest, share: token, initialState });
  const panels = usePanelLive(initialState, runSets);
  // Comments, read-only (anonymous links show no authors: the API leaves them out).
  const comments = useReportComments({ reportId: report.id, canComment: false, me: null, share: token, synced: state.synced });
  return (
    <div className={comments.open ? "page report-page has-comments" : "page report-page"}>
      <header className="report-header">
        <span className="badge" data-testid="shared-badge">Shared with you · read-only</span>
        <CommentsToggle comments={comments} />
      </header>
      {state.closed ? (
        <div className="banner banner-error" role="alert" data-testid="collab-closed">{state.closed.message}</div>
      ) : null}
      <article className="report-article">
        <h1 className="report-title" data-testid="report-title">{report.title}</h1>
        {collab ? (
          <ReportEditor panels={panels} collab={collab} readOnly project="" comments={comments.editorOptions} onEditor={comments.onEditor} />
        ) : (
          <div className="report-loading" aria-busy="true">Loading the report…</div>
        )}
      </article>
      <CommentsSidebar comments={comments} />
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="page">
      <RouteError />
    </div>
  );
}
