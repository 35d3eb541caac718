/** Teams, memberships, roles and invite links. */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { memberships, projects, teamInvites, teams, users } from "../../db/schema";
import { hashToken } from "../auth/tokens";
import type { User } from "./accounts";
import { freeSlug } from "./accounts";
import { randomId, randomToken, slugify } from "./ids";
import { notifyReport } from "./ReportFeed";
import { RESERVED_SLUGS } from "./reservedSlugs";
import { conflict, forbidden, invalidInput, notFound, parseInput } from "./ServiceError";

export type Role = "admin" | "member";

/** A team as seen by one of its members. */
export interface TeamView {
  id: string;
  slug: string;
  name: string;
  personal: boolean;
  role: Role | null;
}

export const CreateTeamInput = z.object({
  name: z.string().trim().min(1, "is required").max(80),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "use 1–40 lowercase letters, digits and dashes")
    .optional(),
});

/** Teams the user belongs to, personal team first. */
export async function listTeams(db: Db, userId: string): Promise<TeamView[]> {
  const rows = await db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, personal: teams.personal, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(teams.personal), asc(teams.name));
  return rows.sort((a, b) => Number(b.personal) - Number(a.personal));
}

/** Creates a team with the creator as admin. */
export async function createTeam(db: Db, user: User, input: unknown): Promise<TeamView> {
  const { name, slug } = parseInput(CreateTeamInput, input);
  return db.transaction(async (tx) => {
    let finalSlug: string;
    if (slug) {
      const [taken] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.slug, slug));
      if (taken || RESERVED_SLUGS.has(slug)) throw conflict(`The team URL "${slug}" is taken`);
      finalSlug = slug;
    } else finalSlug = await freeSlug(tx, slugify(name));
    const id = randomId(16);
    await tx.insert(teams).values({ id, slug: finalSlug, name, personal: false });
    await tx.insert(memberships).values({ teamId: id, userId: user.id, role: "admin" });
    return { id, slug: finalSlug, name, personal: false, role: "admin" as const };
  });
}

/** The team with `slug` and the user's role in it; 404 when it does not exist or the user is not in it. */
export async function teamForUser(db: Db, user: User, slug: string): Promise<TeamView> {
  const [row] = await db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, personal: teams.personal, role: memberships.role })
    .from(teams)
    .leftJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, user.id)))
    .where(eq(teams.slug, slug));
  if (!row || (!row.role && !user.isAdmin)) throw notFound("Team");
  return row;
}

/** Members of a team with their roles. */
export async function listMembers(db: Db, teamId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId))
    .orderBy(asc(users.name));
}

function requireAdmin(team: TeamView, user: User) {
  if (team.role !== "admin" && !user.isAdmin) throw forbidden("Only team admins can do this");
}

/** Creates an invite link token (shown once). */
export async function createInvite(db: Db, user: User, team: TeamView, role: Role): Promise<string> {
  requireAdmin(team, user);
  if (team.personal) throw invalidInput("team", "personal teams cannot have other members");
  const token = randomToken(24);
  await db.insert(teamInvites).values({
    id: randomId(16), teamId: team.id, tokenHash: hashToken(token), role, createdBy: user.id,
    expiresAt: new Date(Date.now() + 7 * 86400_000),
  });
  return token;
}

/** Open invites of a team (without tokens). */
export async function listInvites(db: Db, teamId: string) {
  return db
    .select({ id: teamInvites.id, role: teamInvites.role, createdAt: teamInvites.createdAt, expiresAt: teamInvites.expiresAt })
    .from(teamInvites)
    .where(and(eq(teamInvites.teamId, teamId), isNull(teamInvites.revokedAt), gt(teamInvites.expiresAt, new Date())));
}

/** Revokes an invite link. */
export async function revokeInvite(db: Db, user: User, team: TeamView, inviteId: string): Promise<void> {
  requireAdmin(team, user);
  await db.update(teamInvites).set({ revokedAt: new Date() }).where(and(eq(teamInvites.id, inviteId), eq(teamInvites.teamId, team.id)));
}

/** Looks up a valid invite by its token. */
export async function findInvite(db: Db, token: string) {
  const [row] = await db
    .select({ id: teamInvites.id, teamId: teams.id, slug: teams.slug, name: teams.name, role: teamInvites.role })
    .from(teamInvites)
    .innerJoin(teams, eq(teams.id, teamInvites.teamId))
    .where(and(eq(teamInvites.tokenHash, hashToken(token)), isNull(teamInvites.revokedAt), gt(teamInvites.expiresAt, new Date())));
  return row ?? null;
}

/** Joins the invite's team (idempotent for existing members). */
export async function acceptInvite(db: Db, user: User, token: string): Promise<{ slug: string }> {
  const invite = await findInvite(db, token);
  if (!invite) throw notFound("Invite");
  await db.insert(memberships).values({ teamId: invite.teamId, userId: user.id, role: invite.role }).onConflictDoNothing();
  return { slug: invite.slug };
}

/** Changes a member's role; the last admin cannot be demoted. */
export async function setRole(db: Db, user: User, team: TeamView, userId: string, role: Role): Promise<void> {
  requireAdmin(team, user);
  await db.transaction(async (tx) => {
    if (role === "member") await ensureAnotherAdmin(tx, team.id, userId);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.teamId, team.id), eq(memberships.userId, userId)));
  });
}

/** Removes a member (admins remove anyone, members remove themselves); the last admin stays. */
export async function removeMember(db: Db, user: User, team: TeamView, userId: string): Promise<void> {
  if (userId !== user.id) requireAdmin(team, user);
  if (team.personal) throw invalidInput("team", "you cannot leave your personal team");
  await db.transaction(async (tx) => {
    await ensureAnotherAdmin(tx, team.id, userId);
    await tx.delete(memberships).where(and(eq(memberships.teamId, team.id), eq(memberships.userId, userId)));
    // Their reports in this team may be gone for them: open connections re-check (reportAccess.ts).
    await notifyReport(tx, { r: null, k: "access" });
  });
}

async function ensureAnotherAdmin(db: Db, teamId: string, leavingUserId: string) {
  const admins = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, "admin")));
  if (admins.length === 1 && admins[0].userId === leavingUserId) throw invalidInput("role", "a team needs at least one admin");
}

/** Projects of a team with their run counts. */
export async function listTeamProjects(db: Db, teamId: string) {
  return db
    .select({
      id: projects.id,
      name: projects.name,
      createdAt: projects.createdAt,
      // Qualified by hand: drizzle prints bare column names in a single-table select.
      runCount: sql<number>`(select count(*)::int from runs r where r.project_id = "projects"."id")`.mapWith(Number),
    })
    .from(projects)
    .where(eq(projects.teamId, teamId))
    .orderBy(asc(projects.name));
}

