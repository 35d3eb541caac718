/**
 * Who may open a report (issue 6): explicit members with roles, the team default, ownership
 * transfer, and view-only share links. Every change NOTIFYs an access event in its transaction, so
 * open connections of the report re-check their access within moments (ReportFeed).
 *
 * People are invited by exact email, or by exact name among the people the inviter can already see
 * (someone sharing a team with them, or anyone for instance admins): a name never finds a stranger.
 */
import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { memberships, reportMembers, reports, reportShareLinks, TEAM_ROLES, users } from "../../db/schema";
import { hashToken } from "../auth/tokens";
import type { User } from "./accounts";
import { randomId, randomToken } from "./ids";
import { notifyReport } from "./ReportFeed";
import { peopleWithAccess, resolveReportAccess, type ReportAccess } from "./reportAccess";
import { conflict, invalidInput, notFound, parseInput } from "./ServiceError";

const GrantRole = z.enum(["editor", "commenter", "viewer"], { message: "must be editor, commenter or viewer" });
export const InviteInput = z.object({ user: z.string().trim().min(1, "is required").max(320), role: GrantRole }).strict();
export const ChangeRoleInput = z.object({ role: GrantRole }).strict();
export const SharingInput = z.object({ teamRole: z.enum(TEAM_ROLES) }).strict();
export const TransferInput = z.object({ userId: z.string().min(1).max(64) }).strict();
export const ShareLinkInput = z.object({ anonymous: z.boolean().default(false) }).strict();
const UserId = z.string().regex(/^[a-z0-9]{1,64}$/, "is not a user id");

/** A person with a role on the report. */
export interface MemberView {
  id: string;
  name: string;
  /** Shown only to those who manage access. */
  email?: string;
  role: string;
}

/** The access settings of a report (`GET /reports/{id}/access`). */
export async function readAccessSettings(db: Db, access: ReportAccess) {
  const id = access.report.row.id;
  const manage = access.can("manage");
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: reportMembers.role })
    .from(reportMembers)
    .innerJoin(users, eq(users.id, reportMembers.userId))
    .where(eq(reportMembers.reportId, id))
    .orderBy(asc(users.name));
  const members: MemberView[] = rows.map((r) => ({ id: r.id, name: r.name, role: r.role, ...(manage ? { email: r.email } : {}) }));
  const shareLinks = manage
    ? (await db
        .select({ id: reportShareLinks.id, anonymous: reportShareLinks.anonymous, createdAt: reportShareLinks.createdAt })
        .from(reportShareLinks)
        .where(and(eq(reportShareLinks.reportId, id), isNull(reportShareLinks.revokedAt)))
        .orderBy(asc(reportShareLinks.createdAt))).map((l) => ({ ...l, createdAt: l.createdAt.toISOString() }))
    : undefined;
  return { role: access.role, teamRole: access.report.row.teamRole, members, ...(shareLinks ? { shareLinks } : {}) };
}

/** Finds the person to invite: exact email (anyone), or exact name among people the inviter can see. */
async function findInvitee(db: Db, inviter: User, who: string): Promise<{ id: string; name: string }> {
  const missing = () => notFound(`No person "${who}" you can invite (use their exact email, or the exact name of someone in one of your teams)`);
  if (who.includes("@")) {
    const [row] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, who.toLowerCase()));
    if (!row) throw missing();
    return row;
  }
  const seeable = inviter.isAdmin
    ? sql`true`
    : sql`${users.id} in (select m2.user_id from memberships m1 join memberships m2 on m2.team_id = m1.team_id where m1.user_id = ${inviter.id})`;
  const found = await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.name, who), seeable)).limit(2);
  if (found.length === 0) throw missing();
  if (found.length > 1) throw conflict(`Several people are called "${who}": invite by email`);
  return found[0];
}

/** Invites (or re-roles) a person; returns their entry. */
export async function inviteMember(db: Db, access: ReportAccess, inviter: User, input: unknown): Promise<MemberView> {
  const body = parseInput(InviteInput, input);
  const person = await findInvitee(db, inviter, body.user);
  const reportId = access.report.row.id;
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ role: reportMembers.role }).from(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, person.id)));
    if (current?.role === "owner") throw invalidInput("user", "that person owns the report (transfer ownership instead)");
    await tx
      .insert(reportMembers)
      .values({ reportId, userId: person.id, role: body.role })
      .onConflictDoUpdate({ target: [reportMembers.reportId, reportMembers.userId], set: { role: body.role } });
    await notifyReport(tx, { r: reportId, k: "access" });
  });
  return { id: person.id, name: person.name, role: body.role };
}

/** Changes an invited person's role. */
export async function changeMemberRole(db: Db, access: ReportAccess, userId: string, input: unknown): Promise<void> {
  const { role } = parseInput(ChangeRoleInput, input);
  const reportId = access.report.row.id;
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ role: reportMembers.role }).from(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, userId)));
    if (!current) throw notFound("Member");
    if (current.role === "owner") throw invalidInput("role", "the owner's role changes only by transferring ownership");
    await tx.update(reportMembers).set({ role }).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, userId)));
    await notifyReport(tx, { r: reportId, k: "access" });
  });
}

/** Removes a person's grant (they keep the team default if they are in the project's team). */
export async function removeMember(db: Db, reportId: string, userId: string): Promise<void> {
  if (!UserId.safeParse(userId).success) throw notFound("Member");
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ role: reportMembers.role }).from(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, userId)));
    if (!current) throw notFound("Member");
    if (current.role === "owner") throw invalidInput("user", "the owner cannot be removed (transfer ownership first)");
    await tx.delete(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, userId)));
    await notifyReport(tx, { r: reportId, k: "access" });
  });
}

/** Sets what the project's team members may do without a grant. */
export async function setTeamRole(db: Db, access: ReportAccess, input: unknown): Promise<void> {
  const { teamRole } = parseInput(SharingInput, input);
  await db.transaction(async (tx) => {
    await tx.update(reports).set({ teamRole }).where(eq(reports.id, access.report.row.id));
    await notifyReport(tx, { r: access.report.row.id, k: "access" });
  });
}

/**
 * Makes someone who can already open the report (a grant, or the team default) its owner; the
 * previous owner becomes an editor.
 */
export async function transferOwnership(db: Db, access: ReportAccess, from: User, input: unknown): Promise<void> {
  const { userId } = parseInput(TransferInput, input);
  const reportId = access.report.row.id;
  if (userId === from.id) throw invalidInput("userId", "you already own this report");
  const [target] = await db.select().from(users).where(eq(users.id, userId));
  const targetAccess = target && (await resolveReportAccess(db, { kind: "user", user: { ...target, isAdmin: false } }, reportId));
  if (!targetAccess) throw notFound("A person with access to this report");
  await db.transaction(async (tx) => {
    await tx.delete(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.role, "owner")));
    await tx.insert(reportMembers).values({ reportId, userId: from.id, role: "editor" }).onConflictDoUpdate({ target: [reportMembers.reportId, reportMembers.userId], set: { role: "editor" } });
    await tx.insert(reportMembers).values({ reportId, userId, role: "owner" }).onConflictDoUpdate({ target: [reportMembers.reportId, reportMembers.userId], set: { role: "owner" } });
    await notifyReport(tx, { r: reportId, k: "access" });
  });
}

/** Creates a view-only share link; the token is returned once, only its hash is stored. */
export async function createShareLink(db: Db, access: ReportAccess, creator: User, input: unknown) {
  const { anonymous } = parseInput(ShareLinkInput, input ?? {});
  const token = randomToken(32);
  const id = randomId(16);
  await db.insert(reportShareLinks).values({ id, reportId: access.report.row.id, tokenHash: hashToken(token), anonymous, createdBy: creator.id });
  return { id, token, anonymous, url: `/s/${token}` };
}

/** Revokes a share link; its open connections close. */
export async function revokeShareLink(db: Db, access: ReportAccess, linkId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const gone = await tx
      .update(reportShareLinks)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(reportShareLinks.id, linkId), eq(reportShareLinks.reportId, access.report.row.id), isNull(reportShareLinks.revokedAt)))
      .returning({ id: reportShareLinks.id });
    if (gone.length === 0) throw notFound("Share link");
    await notifyReport(tx, { r: access.report.row.id, k: "access" });
  });
}

/**
 * People who can open the report and match `q` (prefix of a name word or of the email), for the
 * comment box's `@` autocomplete: explicit members, plus the team when the team default lets it
 * in. Ids and names only.
 */
export async function mentionable(db: Db, access: ReportAccess, q: string): Promise<{ id: string; name: string }[]> {
  const pattern = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const ids = await peopleWithAccess(db, access.report);
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.id, ids), q ? or(ilike(users.name, pattern), ilike(users.name, `% ${pattern}`), ilike(users.email, pattern)) : sql`true`))
    .orderBy(asc(users.name))
    .limit(20);
}
