/**
 * The one permission check for reports (issue 6, docs/decisions/012-report-permissions.md). Every
 * entry point asks here: the HTTP API and Remix pages (`requireReportAccess`), the collab WebSocket
 * (server/auth/collabAuth.ts), the per-report event stream, and the run / metrics query engine
 * (`grantsProject`, through a caller scoped to one report).
 *
 * A caller ("principal") is a signed-in user or a share-link guest. A user's role on a report is,
 * in order: their explicit grant in report_members; else, for members of the project's team, the
 * report's team default (`reports.team_role`); else `viewer` for instance admins; else nothing.
 * A guest holding a live share link may only read that one report (role `share`). Nothing at all
 * (not even existence) is revealed without a role: those callers get the same 404 as a missing id.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { memberships, projects, reportMembers, reports, reportShareLinks, reportSnapshots, teams, type ReportRole, type TeamRole } from "../../db/schema";
import * as Y from "yjs";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { hashToken } from "../auth/tokens";
import type { User } from "./accounts";
import type { ProjectRef } from "./projects";
import { forbidden, notFound } from "./ServiceError";

/** Soft-deleted reports can be restored (and read by their people) for this long. */
export const RESTORE_DAYS = 30;

/** A report row with its project. */
export interface LoadedReport {
  row: typeof reports.$inferSelect;
  project: ProjectRef;
}

/** A live share link, as resolved from its token. */
export interface ShareLink {
  id: string;
  reportId: string;
  anonymous: boolean;
}

/** Who is asking. */
export type Principal = { kind: "user"; user: User } | { kind: "share"; link: ShareLink };

/** What may be done to a report. */
export type ReportAction =
  /** See the document, its comments and its panels' data. */
  | "read"
  /** Start threads, reply, resolve / reopen threads, search people to mention. */
  | "comment"
  /** Change the document (WebSocket or API), rename, duplicate, trash, restore. */
  | "edit"
  /** Invite, change or remove access, team default, share links, transfer ownership. */
  | "manage";

/** A principal's standing on one report. */
export interface ReportAccess {
  report: LoadedReport;
  principal: Principal;
  /** The role, or `share` for a share-link guest. */
  role: ReportRole | "share";
  /** Authors and commenters are hidden (anonymous share link). */
  anonymous: boolean;
  /** Whether the report is in the trash (read-only for everyone meanwhile). */
  deleted: boolean;
  can(action: ReportAction): boolean;
}

const ROLE_ACTIONS: Record<ReportRole | "share", readonly ReportAction[]> = {
  owner: ["read", "comment", "edit", "manage"],
  editor: ["read", "comment", "edit"],
  commenter: ["read", "comment"],
  viewer: ["read"],
  share: ["read"],
};

const TEAM_DEFAULT: Record<TeamRole, ReportRole | null> = { edit: "editor", comment: "commenter", view: "viewer", none: null };

const inRestoreWindow = sql`${reports.deletedAt} > now() - make_interval(days => ${RESTORE_DAYS})`;

/**
 * The principal's access to report `id`, or null when they may not see it at all. A report in the
 * trash is read-only (only `edit` holders may restore it, see `canRestore`); one past its restore
 * window does not exist.
 */
export async function resolveReportAccess(db: Db, principal: Principal, id: string): Promise<ReportAccess | null> {
  if (!/^[a-z0-9]{1,64}$/.test(id)) return null;
  if (principal.kind === "share" && principal.link.reportId !== id) return null;
  const userId = principal.kind === "user" ? principal.user.id : "";
  const [r] = await db
    .select({
      row: reports,
      projectName: projects.name,
      teamId: teams.id,
      teamSlug: teams.slug,
      restorable: sql<boolean>`coalesce(${inRestoreWindow}, false)`,
      teamMember: sql<boolean>`${memberships.userId} is not null`,
      granted: reportMembers.role,
      liveLink: reportShareLinks.id,
    })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .innerJoin(teams, eq(teams.id, projects.teamId))
    .leftJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, userId)))
    .leftJoin(reportMembers, and(eq(reportMembers.reportId, reports.id), eq(reportMembers.userId, userId)))
    // A share principal may be old (an open socket or stream): its link must still be live now.
    .leftJoin(reportShareLinks, and(
      eq(reportShareLinks.reportId, reports.id),
      eq(reportShareLinks.id, principal.kind === "share" ? principal.link.id : ""),
      isNull(reportShareLinks.revokedAt),
    ))
    .where(eq(reports.id, id));
  if (!r || (r.row.deletedAt && !r.restorable)) return null;
  let role: ReportRole | "share" | null;
  if (principal.kind === "share") role = r.row.deletedAt || !r.liveLink ? null : "share";
  else role = r.granted ?? (r.teamMember ? TEAM_DEFAULT[r.row.teamRole] : null) ?? (principal.user.isAdmin ? "viewer" : null);
  if (!role) return null;
  const deleted = r.row.deletedAt !== null;
  const allowed = new Set(ROLE_ACTIONS[role]);
  return {
    report: {
      row: r.row,
      project: { id: r.row.projectId, name: r.projectName, teamId: r.teamId, teamSlug: r.teamSlug, path: `${r.teamSlug}/${r.projectName}` },
    },
    principal,
    role,
    anonymous: principal.kind === "share" && principal.link.anonymous,
    deleted,
    can: (action) => allowed.has(action) && (!deleted || action === "read"),
  };
}

/**
 * Access for `action`, or a ServiceError: 404 when the principal may not see the report (or it is
 * in the trash and `deleted` was not asked for, or the other way round), 403 when they may see it
 * but not do this.
 */
export async function requireReportAccess(
  db: Db, principal: Principal, id: string, action: ReportAction, opts: { deleted?: boolean } = {},
): Promise<ReportAccess> {
  const access = await resolveReportAccess(db, principal, id);
  if (!access) throw notFound("Report");
  if (access.deleted !== !!opts.deleted) throw notFound(opts.deleted ? "Deleted report" : "Report");
  // Restoring a trashed report is an edit of it, allowed while everything else is read-only.
  const allowed = opts.deleted && action === "edit" ? ROLE_ACTIONS[access.role].includes("edit") : access.can(action);
  if (!allowed) throw forbidden(`Your role on this report (${access.role}) does not allow this`);
  return access;
}

/**
 * Ids of the people with a user role on the report other than through instance admin rights:
 * explicit members, and the project's team unless the team default is `none`.
 */
export async function peopleWithAccess(db: Db, report: LoadedReport): Promise<string[]> {
  const granted = await db.select({ userId: reportMembers.userId }).from(reportMembers).where(eq(reportMembers.reportId, report.row.id));
  const team = report.row.teamRole === "none"
    ? []
    : await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.teamId, report.project.teamId));
  return [...new Set([...granted, ...team].map((r) => r.userId))];
}

/** Resolves a share token to its live link (revoked links and trashed reports: null). */
export async function findShareLink(db: Db, token: string): Promise<ShareLink | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ id: reportShareLinks.id, reportId: reportShareLinks.reportId, anonymous: reportShareLinks.anonymous })
    .from(reportShareLinks)
    .innerJoin(reports, eq(reports.id, reportShareLinks.reportId))
    .where(and(eq(reportShareLinks.tokenHash, hashToken(token)), isNull(reportShareLinks.revokedAt), isNull(reports.deletedAt)));
  return row ?? null;
}

/**
 * The projects a report's panels query: every `projects` entry of every run set of every
 * `panel_grid` node in the report's stored canonical ProseMirror JSON (report_snapshots), as
 * `team/project` paths. The copy is refreshed by compaction, so a panel added in the last moments
 * of an editing session counts once its room has been compacted (at the latest when it goes idle).
 */
export async function panelProjectPaths(db: Db, reportId: string): Promise<string[]> {
  const [snap] = await db.select({ prosemirror: reportSnapshots.prosemirror }).from(reportSnapshots).where(eq(reportSnapshots.reportId, reportId));
  const found = new Set<string>();
  const visit = (node: unknown, depth: number) => {
    if (depth > 100 || typeof node !== "object" || node === null) return;
    const n = node as { type?: unknown; attrs?: { runSets?: unknown }; content?: unknown };
    if (n.type === "panel_grid" && typeof n.attrs?.runSets === "string") {
      try {
        const sets = JSON.parse(n.attrs.runSets) as unknown;
        for (const set of Array.isArray(sets) ? sets : []) {
          const list = (set as { projects?: unknown })?.projects;
          for (const p of Array.isArray(list) ? list : []) if (typeof p === "string" && /^[^/]+\/[^/]+$/.test(p)) found.add(p);
        }
      } catch {
        // A grid whose attribute is not JSON queries nothing.
      }
    }
    if (Array.isArray(n.content)) for (const child of n.content) visit(child, depth + 1);
  };
  visit(snap?.prosemirror, 0);
  return [...found];
}

/**
 * The projects the panel grids of a live Yjs document query (the `runSets` attribute of every
 * `panel_grid` element, at any depth): what a report open in a room reads now, before compaction
 * writes it to the stored copy.
 */
export function panelProjectPathsOfDoc(doc: Y.Doc): string[] {
  const found = new Set<string>();
  const visit = (node: Y.XmlElement | Y.XmlFragment, depth: number) => {
    if (depth > 100) return;
    if (node instanceof Y.XmlElement && node.nodeName === "panel_grid") {
      for (const p of projectsOfRunSets(node.getAttribute("runSets"))) found.add(p);
    }
    for (const child of node.toArray()) if (child instanceof Y.XmlElement) visit(child, depth + 1);
  };
  visit(doc.getXmlFragment(FRAGMENT_NAME), 0);
  return [...found];
}

function projectsOfRunSets(runSets: unknown): string[] {
  if (typeof runSets !== "string") return [];
  try {
    const sets = JSON.parse(runSets) as unknown;
    return (Array.isArray(sets) ? sets : []).flatMap((set) => {
      const list = (set as { projects?: unknown })?.projects;
      return (Array.isArray(list) ? list : []).filter((p): p is string => typeof p === "string" && /^[^/]+\/[^/]+$/.test(p));
    });
  } catch {
    // A grid whose attribute is not JSON queries nothing.
    return [];
  }
}

/** Reads the panel projects of a report from its live room, when it is loaded (see reportScopedUser). */
export type LivePanelProjects = (reportId: string) => string[] | undefined;

/**
 * Ids of the projects named by `panelProjectPaths` (or the live room's document, when given and
 * loaded) that belong to the report's own team. Anyone who may edit a report can name any project
 * in a panel: a project of another team is never granted through the report (readers who may read
 * it anyway still do, through their own memberships).
 */
async function panelProjectIds(db: Db, reportId: string, teamId: string, live?: LivePanelProjects): Promise<Set<number>> {
  const ids = new Set<number>();
  const paths = new Set([...(await panelProjectPaths(db, reportId)), ...(live?.(reportId) ?? [])]);
  for (const path of paths) {
    const [team, name] = path.split("/");
    const [row] = await db
      .select({ id: projects.id })
      .from(projects)
      .innerJoin(teams, eq(teams.id, projects.teamId))
      .where(and(eq(teams.slug, team), eq(projects.name, name), eq(projects.teamId, teamId)));
    if (row) ids.add(row.id);
  }
  return ids;
}

/**
 * A caller seen through one report: the run query and metrics engines let it read, besides what
 * its own memberships allow, the projects that report's panels query (and nothing else).
 */
export interface ScopedUser extends User {
  readonly reportScope?: { reportId: string; projectIds: ReadonlySet<number> };
}

/** Whether `user` may read project `projectId` through the report it is scoped to. */
export function grantsProject(user: User, projectId: number): boolean {
  return (user as ScopedUser).reportScope?.projectIds.has(projectId) ?? false;
}

/**
 * The caller for panel data queries made on behalf of report `reportId` (header `X-Folio-Report`
 * for users, implied by a share link): 404 unless the principal may read the report. A share guest
 * becomes a user with no id, email or memberships of its own.
 */
export async function reportScopedUser(db: Db, principal: Principal, reportId: string, live?: LivePanelProjects): Promise<ScopedUser> {
  const access = await requireReportAccess(db, principal, reportId, "read");
  const reportScope = { reportId, projectIds: await panelProjectIds(db, reportId, access.report.project.teamId, live) };
  if (principal.kind === "user") return { ...principal.user, reportScope };
  return { id: `share:${principal.link.id}`, email: "", name: "Guest", isAdmin: false, reportScope: { ...reportScope, reportId: access.report.row.id } };
}
