/**
 * `/reports/{id}`: a report, co-edited live. The page loads the report's metadata, the user's
 * access and the document as the server has it (shown before the WebSocket has synced, so panels
 * start fetching at once); the live document comes over the collab WebSocket
 * (app/hooks/use-collab-doc.ts), kept in IndexedDB while offline. The header shows who is here
 * and whether every edit is saved; closing the tab with unsaved edits asks first. A report in the trash opens read-only with a way back.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { CommentsSidebar, CommentsToggle } from "~/components/comments/comments-sidebar";
import { useReportComments } from "~/components/comments/use-report-comments";
import { CsrfInput } from "~/components/csrf-input";
import { PresenceAvatars } from "~/components/presence-avatars";
import { usePanelLive } from "~/components/panels/prefetch-panels";
import { ReportEditor } from "~/components/report-editor";
import { RouteError } from "~/components/route-error";
import { SaveIndicator } from "~/components/save-indicator";
import { ShareButton } from "~/components/share-dialog";
import { duplicateReportById, loadReportPage, renameReportById, restoreReportById, trashReport } from "~/data/reports.server";
import { useCollabDoc } from "~/hooks/use-collab-doc";
import { requireSignedIn } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { formError, orRespond } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices, publicOrigin } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.report.title} · Folio` : "Report · Folio" },
  // Panel queries read through this report (app/lib/panels/api-json.ts, docs/sharing.md).
  ...(data ? [{ name: "folio-report", content: data.report.id }] : []),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  const page = await orRespond(() => loadReportPage(services, user, params.reportId ?? "", publicOrigin(services, request)));
  return { ...page, me: { id: user.id, name: user.name ?? user.email } };
}

const ReportAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), title: z.string().trim().min(1, "A report needs a title").max(200, "At most 200 characters") }),
  z.object({ intent: z.literal("duplicate") }),
  z.object({ intent: z.literal("delete") }),
  z.object({ intent: z.literal("restore") }),
]);

export async function action(args: ActionFunctionArgs) {
  const { services, user, form } = await requireMutation(args);
  const id = args.params.reportId ?? "";
  const parsed = parseForm(ReportAction, form);
  if (!parsed.ok) return parsed.response;
  try {
    const page = await loadReportPage(services, user, id, null);
    const list = `/${encodeURIComponent(page.team)}/${encodeURIComponent(page.project)}/reports`;
    switch (parsed.value.intent) {
      case "rename":
        await renameReportById(services, user, id, parsed.value.title);
        return { ok: true as const };
      case "duplicate":
        throw redirect(`/reports/${await duplicateReportById(services, user, id)}`);
      case "delete":
        await trashReport(services, user, id);
        throw redirect(`${list}?trashed=${encodeURIComponent(id)}`);
      case "restore":
        await restoreReportById(services, user, id);
        return { ok: true as const };
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return formError(error);
  }
}

/** The editable title: saved on Enter or when it loses focus. */
function Title({ title, editable }: { title: string; editable: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const [value, setValue] = useState(title);
  useEffect(() => setValue(title), [title]);
  const error = fetcher.data && "error" in fetcher.data ? fetcher.data.error : null;
  if (!editable) return <h1 className="report-title" data-testid="report-title">{title}</h1>;
  const save = (form: HTMLFormElement) => {
    if (value.trim() && value.trim() !== title) fetcher.submit(form);
  };
  return (
    <fetcher.Form method="post" className="report-title-form" onSubmit={(e) => (e.preventDefault(), save(e.currentTarget))}>
      <CsrfInput />
      <input type="hidden" name="intent" value="rename" />
      <label className="sr-only" htmlFor="report-title">Title</label>
      <input
        id="report-title"
        name="title"
        className="report-title"
        data-testid="report-title"
        value={value}
        maxLength={200}
        onChange={(e) => setValue(e.target.value)}
        onBlur={(e) => save(e.currentTarget.form!)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setValue(title);
        }}
      />
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </fetcher.Form>
  );
}

export default function ReportPage() {
  const { report, access, team, project, me, role, canManage, canComment, deleted, initialState, runSets } = useLoaderData<typeof loader>();
  const readOnly = access !== "write";
  const identity = useRef({ id: me.id, name: me.name, color: "#5b5bd6" }).current;
  const revalidator = useRevalidator();
  // A changed role reconnects the socket and reloads this page's data (read-only or not).
  const { collab, state } = useCollabDoc(report.id, { readOnly, me: identity, initialState, onAccessChanged: () => revalidator.revalidate() });
  const panels = usePanelLive(initialState, runSets);
  const [menu, setMenu] = useState(false);
  const comments = useReportComments({ reportId: report.id, canComment: canComment && !deleted, me, synced: state.synced });

  // Leaving with edits the server has not confirmed: ask first (they are kept in IndexedDB anyway).
  useEffect(() => {
    if (state.saved) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [state.saved]);

  const projectPath = `/${encodeURIComponent(team)}/${encodeURIComponent(project)}`;
  const fileName = `${report.title.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "report"}.md`;
  return (
    <div className={comments.open ? "page report-page has-comments" : "page report-page"}>
      <header className="report-header">
        <nav className="crumbs" aria-label="Breadcrumb">
          <span className="crumb"><Link to={`/${encodeURIComponent(team)}`}>{team}</Link><span className="crumb-sep" aria-hidden="true">/</span></span>
          <span className="crumb"><Link to={projectPath}>{project}</Link><span className="crumb-sep" aria-hidden="true">/</span></span>
          <span className="crumb"><Link to={`${projectPath}/reports`}>Reports</Link></span>
        </nav>
        <div className="report-actions">
          <PresenceAvatars peers={state.peers} />
          <SaveIndicator state={state} readOnly={readOnly} />
          {role === "owner" || role === "editor" ? <ShareButton reportId={report.id} canManage={canManage} /> : null}
          <CommentsToggle comments={comments} />
          <a className="btn btn-sm" href={`/api/v1/reports/${encodeURIComponent(report.id)}?format=md`} download={fileName} data-testid="export-markdown">
            Export Markdown
          </a>
          <div className="popover-root">
            <button type="button" className="btn btn-sm" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu((m) => !m)} aria-label="More actions">
              ⋯
            </button>
            {menu ? (
              <div className="popover popover-right menu" role="menu">
                {!readOnly ? (
                  <Form method="post">
                    <CsrfInput />
                    <button type="submit" name="intent" value="duplicate" className="menu-item" role="menuitem">Duplicate</button>
                  </Form>
                ) : null}
                {!readOnly ? (
                  <Form method="post" onSubmit={(e) => !window.confirm(`Move “${report.title}” to the trash? It can be restored for 30 days.`) && e.preventDefault()}>
                    <CsrfInput />
                    <button type="submit" name="intent" value="delete" className="menu-item danger" role="menuitem">Move to trash</button>
                  </Form>
                ) : null}
              </div>
            ) : null}
          </div>
        </div>
      </header>
      {report.deletedAt ? (
        <div className="banner banner-warn" role="status">
          <span>This report is in the trash and opens read-only. It can be restored until 30 days after deletion.</span>
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="restore" className="btn btn-sm">Restore</button>
          </Form>
        </div>
      ) : null}
      {state.closed ? (
        <div className="banner banner-error" role="alert" data-testid="collab-closed">{state.closed.message}</div>
      ) : null}
      <article className="report-article">
        <Title title={report.title} editable={!readOnly} />
        {collab ? (
          <ReportEditor
            panels={panels}
            collab={collab}
            readOnly={readOnly || state.closed !== null}
            project={`${team}/${project}`}
            comments={comments.editorOptions}
            onEditor={comments.onEditor}
          />
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
