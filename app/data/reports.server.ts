/**
 * The report pages' data: a project's reports (and its trash), one report with what the user may
 * do to it, and the mutations the pages offer. Content itself never passes through here: the
 * editor talks to collab-server over its WebSocket.
 */
import type { Services } from "../../server/services/Services";
import type { User } from "../../server/services/accounts";
import { resolveProject } from "../../server/services/projects";
import {
  createReport, deleteReport, duplicateReport, listReports, loadReport, renameReport, reportAccess, reportView, restoreReport,
  type ReportSummary,
} from "../../server/services/reports";
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
 * One report's page: metadata and access ("write", or "read" for a report in the trash); 404 when
 * the user cannot see it.
 */
export async function loadReportPage(services: Services, user: User, id: string) {
  const access = await reportAccess(services.db, user, id);
  if (!access) throw notFound("Report");
  const report = await loadReport(services.db, user, id, { deleted: access === "read" });
  return { report: reportView(report.row, report.project), team: report.project.teamSlug, project: report.project.name, access };
}

/** Creates a report in `team/project`; returns its id. */
export async function newReport(services: Services, user: User, team: string, project: string, title: string): Promise<string> {
  const report = await createReport(services.db, user, { project: `${team}/${project}`, title });
  return report.row.id;
}

/** Renames a report the user can write. */
export async function renameReportById(services: Services, user: User, id: string, title: string): Promise<void> {
  await requireWrite(services, user, id);
  await renameReport(services.db, user, await loadReport(services.db, user, id), { title });
}

/** Duplicates a report; returns the copy's id. */
export async function duplicateReportById(services: Services, user: User, id: string): Promise<string> {
  const copy = await duplicateReport(services.db, user, services.collab, await loadReport(services.db, user, id), {});
  return copy.row.id;
}

/** Moves a report to the trash (restorable for 30 days). */
export async function trashReport(services: Services, user: User, id: string): Promise<void> {
  await requireWrite(services, user, id);
  await deleteReport(services.db, await loadReport(services.db, user, id));
}

/** Restores a report from the trash. */
export async function restoreReportById(services: Services, user: User, id: string): Promise<void> {
  await restoreReport(services.db, await loadReport(services.db, user, id, { deleted: true }));
}

async function requireWrite(services: Services, user: User, id: string): Promise<void> {
  if ((await reportAccess(services.db, user, id)) !== "write") throw notFound("Report");
}
