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
import { findShareLink, panelProjectPathsOfDoc, reportScopedUser, resolveReportAccess, type Principal } from "../../server/services/reportAccess";
import { answerRunQuery } from "../../server/query/answerRunQuery";
import { panelsOfDoc } from "../lib/panels/doc-panels";
import { runSetKey, runSetQuery } from "../lib/panels/run-set-query";
import { notFound, ServiceError } from "../../server/services/ServiceError";

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
export async function loadReportPage(services: Services, user: User, id: string, origin: string | null) {
  const a = await resolveReportAccess(services.db, { kind: "user", user }, id);
  if (!a) throw notFound("Report");
  const access: "write" | "read" = a.can("edit") ? "write" : "read";
  const { initialState, runSets } = await pageDocument(services, { kind: "user", user }, id, origin);
  return {
    report: reportView(a.report.row, a.report.project),
    team: a.report.project.teamSlug,
    project: a.report.project.name,
    access,
    role: a.role,
    deleted: a.deleted,
    canComment: a.can("comment"),
    canManage: a.can("manage"),
    initialState,
    runSets,
  };
}

/** Largest document state a page carries (the rest arrives over the WebSocket as before). */
export const INITIAL_STATE_MAX_BYTES = 256 * 1024;

/** Most run sets a page's loader answers (in parallel); panels of further ones ask for theirs. */
export const MAX_PAGE_RUN_SETS = 8;

/** The runs of a page's run sets, as `POST /api/v1/runs/query` answers the page's panels, by `runSetKey`. */
export type PageRunSets = Record<string, unknown>;

/**
 * What a report page carries of its document (callers have checked read access):
 *
 * - `initialState`: the document as one Yjs update (base64), for the page to show before its
 *   WebSocket has synced (app/hooks/use-collab-doc.ts), so the panels start fetching at once
 *   instead of after the connection. Null when larger than INITIAL_STATE_MAX_BYTES or unreadable
 *   (the WebSocket then brings it, as it always does).
 * - `runSets` (when `origin`, the page's public origin, is given): the runs of its panels' run
 *   sets, answered here as `POST /api/v1/runs/query` would answer the page (the same reader,
 *   scoped by the report: reportAccess.ts), so the panels' metrics queries leave as soon as the
 *   page hydrates instead of a round trip later (decision 018). Fetched when the page is viewed,
 *   like every panel answer: nothing is stored. A run set that fails is left out (its panels ask
 *   and show the error themselves).
 */
async function pageDocument(services: Services, principal: Principal, reportId: string, origin: string | null): Promise<{ initialState: string | null; runSets: PageRunSets }> {
  let read: { state: Uint8Array; runSets: ReturnType<typeof panelsOfDoc>[number]["runSet"][]; projects: string[] };
  try {
    read = await services.collab.read(reportId, (doc) => ({ state: Y.encodeStateAsUpdate(doc), runSets: panelsOfDoc(doc).map((p) => p.runSet), projects: panelProjectPathsOfDoc(doc) }));
  } catch (error) {
    console.warn(`[reports] could not read report ${reportId} for its page; the WebSocket will bring it`, error);
    return { initialState: null, runSets: {} };
  }
  if (read.state.byteLength > INITIAL_STATE_MAX_BYTES) return { initialState: null, runSets: {} };
  const distinct = new Map<string, NonNullable<(typeof read.runSets)[number]>>();
  for (const rs of read.runSets) if (rs && distinct.size < MAX_PAGE_RUN_SETS) distinct.set(runSetKey(rs), rs);
  const runSets: PageRunSets = {};
  if (origin !== null && distinct.size > 0) {
    try {
      // The panel projects of the document just read (the stored copy may lag it), as the API
      // takes them from a loaded room.
      const reader = await reportScopedUser(services.db, principal, reportId, () => read.projects);
      await Promise.all([...distinct].map(async ([key, rs]) => {
        try {
          const answer = await answerRunQuery(services.db, reader, runSetQuery(rs), origin, { dbKind: services.dbKind });
          // As the API's JSON, not as the loader's richer encoding (dates would stay Dates).
          runSets[key] = JSON.parse(JSON.stringify(answer));
        } catch (error) {
          // Left out: the page's panels ask for this run set and show its error.
          if (!(error instanceof ServiceError)) console.warn(`[reports] could not answer a run set of report ${reportId} for its page`, error);
        }
      }));
    } catch (error) {
      // No run sets: the page asks for them.
      if (!(error instanceof ServiceError)) console.warn(`[reports] could not answer the run sets of report ${reportId} for its page`, error);
    }
  }
  return { initialState: Buffer.from(read.state).toString("base64"), runSets };
}

/** The report a share link opens (id, title, anonymous mode); 404 for an unknown or revoked token. */
export async function loadSharedReport(services: Services, token: string, origin: string) {
  const link = await findShareLink(services.db, token);
  const access = link && (await resolveReportAccess(services.db, { kind: "share", link }, link.reportId));
  if (!access) throw notFound("Shared report");
  const { initialState, runSets } = await pageDocument(services, { kind: "share", link }, link.reportId, origin);
  return { report: { id: access.report.row.id, title: access.report.row.title }, anonymous: access.anonymous, initialState, runSets };
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
