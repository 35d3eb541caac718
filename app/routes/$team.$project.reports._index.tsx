/**
 * `/{team}/{project}/reports`: the project's reports, most recently edited first, with their
 * authors and who is in each one now; create, duplicate and move to the trash; the trash lists
 * what can still be restored (30 days).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { PresenceAvatars } from "~/components/presence-avatars";
import { ProjectTabs } from "~/components/project-tabs";
import { RelativeTime } from "~/components/relative-time";
import { RouteError } from "~/components/route-error";
import { duplicateReportById, loadProjectReports, newReport, restoreReportById, trashReport } from "~/data/reports.server";
import { useNow } from "~/hooks/use-now";
import { requireSignedIn } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { formError, orRespond } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Reports · ${data.project} · Folio` : "Reports · Folio" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  return orRespond(() => loadProjectReports(services, user, params.team ?? "", params.project ?? ""));
}

const ReportId = z.string().min(1).max(64);
const ListAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), title: z.string().trim().min(1, "Give the report a title").max(200, "At most 200 characters") }),
  z.object({ intent: z.literal("duplicate"), id: ReportId }),
  z.object({ intent: z.literal("delete"), id: ReportId }),
  z.object({ intent: z.literal("restore"), id: ReportId }),
]);

export async function action(args: ActionFunctionArgs) {
  const { services, user, form } = await requireMutation(args);
  const parsed = parseForm(ListAction, form);
  if (!parsed.ok) return parsed.response;
  const a = parsed.value;
  try {
    switch (a.intent) {
      case "create":
        throw redirect(`/reports/${await newReport(services, user, args.params.team ?? "", args.params.project ?? "", a.title)}`);
      case "duplicate":
        throw redirect(`/reports/${await duplicateReportById(services, user, a.id)}`);
      case "delete":
        await trashReport(services, user, a.id);
        return { ok: true as const };
      case "restore":
        await restoreReportById(services, user, a.id);
        return { ok: true as const };
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return formError(error);
  }
}

export default function ProjectReports() {
  const { team, project, reports, trash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const now = useNow(30_000);
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  const error = result && "error" in result ? result.error : null;
  const trashed = params.get("trashed");
  return (
    <div className="page page-wide">
      <PageHeader crumbs={[{ label: team, to: `/${encodeURIComponent(team)}` }]} title={project} subtitle={<ProjectTabs team={team} project={project} />} />
      <Form method="post" className="new-report" aria-label="New report">
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <label className="sr-only" htmlFor="new-report-title">Title of the new report</label>
        <input id="new-report-title" name="title" className="input" placeholder="Title of a new report, e.g. “LR sweep findings”" maxLength={200} required />
        <button type="submit" className="btn btn-primary" disabled={creating}>{creating ? "Creating…" : "New report"}</button>
      </Form>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {trashed && trash.some((r) => r.id === trashed) ? (
        <div className="banner" role="status">
          <span>Moved to the trash.</span>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="id" value={trashed} />
            <button type="submit" name="intent" value="restore" className="link-btn">Undo</button>
          </Form>
        </div>
      ) : null}
      {reports.length === 0 ? (
        <EmptyState title="No reports yet">
          <p>A report is a live document over this project’s runs: write findings in Markdown, with LaTeX and charts that update while runs train. Give the first one a title above.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="reports-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Authors</th>
                <th scope="col">Last edited</th>
                <th scope="col">In it now</th>
                <th scope="col" className="actions"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id} data-testid="report-row" data-report-id={r.id}>
                  <td><Link to={`/reports/${encodeURIComponent(r.id)}`} className="strong">{r.title}</Link></td>
                  <td className="muted">{r.authors.map((a) => a.name).join(", ") || "—"}</td>
                  <td className="muted nowrap"><RelativeTime iso={r.updatedAt} now={now} /></td>
                  <td><PresenceAvatars peers={r.activeNow.map((p) => ({ ...p, self: false }))} /></td>
                  <td className="actions">
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" name="intent" value="duplicate" className="btn btn-sm">Duplicate</button>
                      <button type="submit" name="intent" value="delete" className="btn btn-sm btn-ghost-danger" aria-label={`Move ${r.title} to the trash`}>Delete</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {trash.length > 0 ? (
        <details className="trash">
          <summary>Trash ({trash.length}): restorable for 30 days</summary>
          <ul>
            {trash.map((r) => (
              <li key={r.id} data-testid="trash-row">
                <Link to={`/reports/${encodeURIComponent(r.id)}`}>{r.title}</Link>
                <span className="muted small"> deleted <RelativeTime iso={r.deletedAt ?? r.updatedAt} now={now} /></span>
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" name="intent" value="restore" className="btn btn-sm">Restore</button>
                </Form>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
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
