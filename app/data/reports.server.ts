/**
 * The report pages' data: a project's reports (and its trash), one report with what the user may
 * do to it, and the mutations the pages offer. Content is only read here, as the copy a page shows
 * before its WebSocket syncs (`initialDocumentState`); edits go to collab-server over the WebSocket.
 */
import * as Y from "yjs";
import type { Services } from "../../server/services/Services";
import type { User } from "../../server/services/accounts";
import { resolveProject } from "../../server/services/projects";
import {
  createReport, deleteReport, duplicateReport, listReports, loadReport, renameReport, reportView, restoreReport,
  type ReportSummary,
} from "../../server/services/reports";
import { findShareLink, resolveReportAccess } from "../../server/services/reportAccess";
import { notFound } from "../../server/services/ServiceError";

/** A project's reports page. */
export interface ProjectReports {
  team: string;
  project: string;
  reports: ReportSummary[];
  trash: ReportSummary[];
}

/** Reports and restorable trash of `team/project`. */
export async function loadProjectReports(services: Services, user: User, team: string, project: string): Promise<ProjectReports> {
  const ref = await resolveProject(services.db, user, `${team}/${project}`);
  const [reports, trash] = await Promise.all([
    listReports(services.db, user, ref.path, services.collab),
    listReports(services.db, user, ref.path, services.collab, { deleted: true }),
  ]);
  return { team: ref.teamSlug, project: ref.name, reports, trash };
}

/**
 * One report's page: metadata, the user's role and access ("write" for editors and owners of a
 * live report, "read" otherwise: viewers, commenters, and everyone while it is in the trash);
 * 404 when the user cannot see it.
 */
export async function loadReportPage(services: Services, user: User, id: string) {
  const a = await resolveReportAccess(services.db, { kind: "user", user }, id);
  if (!a) throw notFound("Report");
  const access: "write" | "read" = a.can("edit") ? "write" : "read";
  return {
    report: reportView(a.report.row, a.report.project),
    team: a.report.project.teamSlug,
    project: a.report.project.name,
    access,
    role: a.role,
    deleted: a.deleted,
    canComment: a.can("comment"),
    canManage: a.can("manage"),
    initialState: await initialDocumentState(services, id),
  };
}

/** Largest document state a page carries (the rest arrives over the WebSocket as before). */
export const INITIAL_STATE_MAX_BYTES = 256 * 1024;

/**
 * The report's document as one Yjs update (base64), for the page to show before its WebSocket has
 * synced (app/hooks/use-collab-doc.ts): the page's panels start fetching at once instead of after
 * the connection. Null when it is larger than INITIAL_STATE_MAX_BYTES or cannot be read (the
 * WebSocket then brings it, as it always does). Callers have checked read access.
 */
async function initialDocumentState(services: Services, reportId: string): Promise<string | null> {
  try {
    const state = await services.collab.read(reportId, (doc) => Y.encodeStateAsUpdate(doc));
    return state.byteLength <= INITIAL_STATE_MAX_BYTES ? Buffer.from(state).toString("base64") : null;
  } catch (error) {
    console.warn(`[reports] could not read report ${reportId} for its page; the WebSocket will bring it`, error);
    return null;
  }
}

/** The report a share link opens (id, title, anonymous mode); 404 for an unknown or revoked token. */
export async function loadSharedReport(services: Services, token: string) {
  const link = await findShareLink(services.db, token);
  const access = link && (await resolveReportAccess(services.db, { kind: "share", link }, link.reportId));
  if (!access) throw notFound("Shared report");
  return { report: { id: access.report.row.id, title: access.report.row.title }, anonymous: access.anonymous, initialState: await initialDocumentState(services, link.reportId) };
}

/** Creates a report in `team/project`; returns its id. */
export async function newReport(services: Services, user: User, team: string, project: string, title: string): Promise<string> {
  const report = await createReport(services.db, user, { project: `${team}/${project}`, title });
  return report.row.id;
}

/** Renames a report the user can write. */
export async function renameReportById(services: Services, user: User, id: string, title: string): Promise<void> {
  await renameReport(services.db, user, await loadReport(services.db, user, id), { title });
}

/** Duplicates a report the user can edit. */
export async function duplicateReportById(services: Services, user: User, id: string): Promise<string> {
  const copy = await duplicateReport(services.db, user, services.collab, await loadReport(services.db, user, id), {});
  return copy.row.id;
}

/** Moves a report to the trash (restorable for 30 days). */
export async function trashReport(services: Services, user: User, id: string): Promise<void> {
  await deleteReport(services.db, await loadReport(services.db, user, id));
}

/** Restores a report from the trash. */
export async function restoreReportById(services: Services, user: User, id: string): Promise<void> {
  await restoreReport(services.db, await loadReport(services.db, user, id, { deleted: true }));
}
