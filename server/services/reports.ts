/**
 * Reports (issue 4 §1): a collaborative document in a project. Rows live in `reports`; content is
 * owned by collab-server (report_updates + report_snapshots) and changed only through it, so an
 * edit made here reaches connected editors like any other.
 *
 * Access: per-report roles (issue 6), decided in reportAccess.ts. A soft-deleted report is
 * read-only for everyone until it is restored or its 30 days pass.
 */
import { and, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { memberships, projects, reportMembers, reports, reportUpdates, teams, users } from "../../db/schema";
import type { CollabServer } from "../../collab-server/createCollabServer";
import { initialState, renderCopy, replaceWithMarkdown } from "../../collab-server/documentCopy";
import type { User } from "./accounts";
import { randomId } from "./ids";
import { resolveProject, type ProjectRef } from "./projects";
import { notifyReport } from "./ReportFeed";
import { RESTORE_DAYS, requireReportAccess, type LoadedReport, type ReportAction } from "./reportAccess";
import { notFound, parseInput, ServiceError } from "./ServiceError";

export { RESTORE_DAYS, type LoadedReport } from "./reportAccess";

export const ReportId = z.string().regex(/^[a-z0-9]{1,64}$/, "is not a report id");
const Title = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");
const Markdown = z.string().max(4 * 1024 * 1024, "must be at most 4 MiB");

export const CreateReportInput = z.object({ project: z.string(), title: Title, markdown: Markdown.optional() }).strict();
export const PutReportInput = z.object({ markdown: Markdown }).strict();
export const PatchReportInput = z.object({ title: Title }).strict();
export const DuplicateReportInput = z.object({ title: Title.optional() }).strict();

const inRestoreWindow = sql`${reports.deletedAt} > now() - make_interval(days => ${RESTORE_DAYS})`;

/** Loads a report the user may do `action` to (reportAccess.ts): 404 if they cannot see it, 403 if not allowed. */
export async function loadReport(
  db: Db, user: User, id: string, opts: { deleted?: boolean; action?: ReportAction } = {},
): Promise<LoadedReport> {
  return (await requireReportAccess(db, { kind: "user", user }, id, opts.action ?? "edit", opts)).report;
}

/** Creates a report, with its initial content committed in the same transaction. */
export async function createReport(db: Db, user: User, input: unknown): Promise<LoadedReport> {
  const body = parseInput(CreateReportInput, input);
  const project = await resolveProject(db, user, body.project, { create: true });
  return insertReport(db, user, project, body.title, body.markdown ? initialState(body.markdown) : null);
}

async function insertReport(db: Db, user: User, project: ProjectRef, title: string, state: Uint8Array | null): Promise<LoadedReport> {
  const id = randomId(10);
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reports)
      .values({ id, projectId: project.id, title, createdBy: user.id, lastEditedBy: user.id, authors: [user.id] })
      .returning();
    await tx.insert(reportMembers).values({ reportId: id, userId: user.id, role: "owner" });
    if (state) await tx.insert(reportUpdates).values({ reportId: id, update: state, userId: user.id });
    return row;
  });
  return { row, project };
}

/** One entry of a report list. */
export interface ReportSummary {
  id: string;
  url: string;
  project: string;
  title: string;
  authors: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** Who has the report open now (live rooms). */
  activeNow: { id: string; name: string; color: string }[];
}

/** The reports of a project, most recently edited first; `deleted` lists the restorable trash. */
export async function listReports(db: Db, user: User, projectRef: unknown, collab: CollabServer, opts: { deleted?: boolean } = {}): Promise<ReportSummary[]> {
  const project = await resolveProject(db, user, projectRef);
  // Only the reports the caller has a role on (reportAccess.ts): a grant, the team default, or admin.
  const visible = user.isAdmin
    ? sql`true`
    : or(isNotNull(reportMembers.role), and(isNotNull(memberships.userId), ne(reports.teamRole, "none")));
  const list = (
    await db
      .select({ report: reports })
      .from(reports)
      .leftJoin(reportMembers, and(eq(reportMembers.reportId, reports.id), eq(reportMembers.userId, user.id)))
      .leftJoin(memberships, and(eq(memberships.teamId, project.teamId), eq(memberships.userId, user.id)))
      .where(and(
        eq(reports.projectId, project.id),
        opts.deleted ? and(isNotNull(reports.deletedAt), inRestoreWindow) : isNull(reports.deletedAt),
        visible,
      ))
      .orderBy(desc(reports.updatedAt))
      .limit(1000)
  ).map((r) => r.report);
  const authorIds = [...new Set(list.flatMap((r) => r.authors))];
  const names = new Map(
    authorIds.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, authorIds))).map((u) => [u.id, u.name]) : [],
  );
  return list.map((r) => ({
    ...reportView(r, project),
    authors: r.authors.filter((a) => names.has(a)).map((a) => ({ id: a, name: names.get(a)! })),
    activeNow: collab.presence(r.id),
  }));
}

/** Reports (live, any project) the user was explicitly given a role on, most recently edited first. */
export async function listSharedWithMe(db: Db, user: User, collab: CollabServer): Promise<(ReportSummary & { role: string })[]> {
  const list = await db
    .select({ report: reports, role: reportMembers.role, projectName: projects.name, teamId: teams.id, teamSlug: teams.slug })
    .from(reportMembers)
    .innerJoin(reports, eq(reports.id, reportMembers.reportId))
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .innerJoin(teams, eq(teams.id, projects.teamId))
    .where(and(eq(reportMembers.userId, user.id), isNull(reports.deletedAt)))
    .orderBy(desc(reports.updatedAt))
    .limit(1000);
  const names = await authorNames(db, list.flatMap((r) => r.report.authors));
  return list.map((r) => {
    const project = { id: r.report.projectId, name: r.projectName, teamId: r.teamId, teamSlug: r.teamSlug, path: `${r.teamSlug}/${r.projectName}` };
    return {
      ...reportView(r.report, project),
      role: r.role,
      authors: r.report.authors.filter((a) => names.has(a)).map((a) => ({ id: a, name: names.get(a)! })),
      activeNow: collab.presence(r.report.id),
    };
  });
}

async function authorNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  return new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique))).map((u) => [u.id, u.name]));
}

/** The JSON shape of a report's metadata. */
export function reportView(row: typeof reports.$inferSelect, project: ProjectRef) {
  return {
    id: row.id,
    url: `/reports/${row.id}`,
    project: project.path,
    title: row.title,
    teamRole: row.teamRole,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/** The current content as Folio Markdown or ProseMirror JSON. */
export async function readReportContent(collab: CollabServer, report: LoadedReport, format: "md" | "json") {
  const copy = await collab.read(report.row.id, (doc) => renderCopy(doc));
  if (!copy) throw new ServiceError(500, "internal", "The stored document does not fit the current schema; its Yjs state is kept unchanged");
  return format === "md" ? copy.markdown : copy.prosemirror;
}

/** Replaces the content with Markdown as one collaborative edit; resolves once it is committed. */
export async function replaceReportContent(collab: CollabServer, user: User, report: LoadedReport, input: unknown): Promise<void> {
  const { markdown } = parseInput(PutReportInput, input);
  await collab.edit(report.row.id, user.id, (doc) => replaceWithMarkdown(doc, markdown, "api:replace-markdown"));
}

/** Renames a report. */
export async function renameReport(db: Db, user: User, report: LoadedReport, input: unknown): Promise<LoadedReport> {
  const { title } = parseInput(PatchReportInput, input);
  const [row] = await db.update(reports).set({ title, updatedAt: sql`now()`, lastEditedBy: user.id }).where(eq(reports.id, report.row.id)).returning();
  return { row, project: report.project };
}

/** Copies a report's current document into a new report of the same project. */
export async function duplicateReport(db: Db, user: User, collab: CollabServer, report: LoadedReport, input: unknown): Promise<LoadedReport> {
  const body = parseInput(DuplicateReportInput, input ?? {});
  // The copy lands in the same project: only people who may create reports there may duplicate.
  await resolveProject(db, user, report.project.path);
  const state = await collab.read(report.row.id, (doc) => Y.encodeStateAsUpdate(doc));
  return insertReport(db, user, report.project, body.title ?? `Copy of ${report.row.title}`.slice(0, 200), state);
}

/** Soft-deletes a report (restorable for RESTORE_DAYS). */
export async function deleteReport(db: Db, report: LoadedReport): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(reports).set({ deletedAt: sql`now()` }).where(and(eq(reports.id, report.row.id), isNull(reports.deletedAt)));
    // Open editors become read-only, share links stop working: connections re-check.
    await notifyReport(tx, { r: report.row.id, k: "access" });
  });
}

/** Restores a soft-deleted report within its window. */
export async function restoreReport(db: Db, report: LoadedReport): Promise<LoadedReport> {
  const row = await db.transaction(async (tx) => {
    const [restored] = await tx
      .update(reports)
      .set({ deletedAt: null })
      .where(and(eq(reports.id, report.row.id), isNotNull(reports.deletedAt), gt(reports.deletedAt, sql`now() - make_interval(days => ${RESTORE_DAYS})`)))
      .returning();
    if (!restored) throw notFound("Deleted report");
    // Read-only sockets opened while it was in the trash reconnect with their write access.
    await notifyReport(tx, { r: report.row.id, k: "access" });
    return restored;
  });
  return { row, project: report.project };
}

/** Hard-deletes reports deleted more than RESTORE_DAYS ago (their log and snapshot cascade). */
export async function purgeExpiredReports(db: Db): Promise<number> {
  const gone = await db
    .delete(reports)
    .where(and(isNotNull(reports.deletedAt), sql`${reports.deletedAt} <= now() - make_interval(days => ${RESTORE_DAYS})`))
    .returning({ id: reports.id });
  return gone.length;
}
