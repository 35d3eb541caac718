/**
 * Team pages: members, roles, invite links. Every function resolves the team from its slug for
 * the acting user first, so permission checks always run against fresh membership.
 */
import type { Db } from "../../db/client";
import type { User } from "../../server/services/accounts";
import {
  acceptInvite, createInvite, createTeam, findInvite, listInvites, listMembers, listTeamProjects, listTeams,
  removeMember, revokeInvite, setRole, teamForUser, type Role, type TeamView,
} from "../../server/services/teams";

export type { Role };

/** Everything the team page shows. */
export interface TeamPage {
  team: Pick<TeamView, "slug" | "name" | "personal" | "role">;
  canManage: boolean;
  members: { userId: string; name: string; email: string; role: Role; joinedAt: string }[];
  invites: { id: string; role: Role; createdAt: string; expiresAt: string }[];
  projects: { name: string; createdAt: string }[];
}

/** Loads the team page; 404 (ServiceError) when the user is not in the team. */
export async function loadTeamPage(db: Db, user: User, slug: string): Promise<TeamPage> {
  const team = await teamForUser(db, user, slug);
  const canManage = team.role === "admin" || user.isAdmin;
  const [members, invites, projects] = await Promise.all([
    listMembers(db, team.id),
    canManage ? listInvites(db, team.id) : Promise.resolve([]),
    listTeamProjects(db, team.id),
  ]);
  return {
    team: { slug: team.slug, name: team.name, personal: team.personal, role: team.role },
    canManage,
    members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
    invites: invites
      .map((i) => ({ id: i.id, role: i.role, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    projects: projects.map((p) => ({ name: p.name, createdAt: p.createdAt.toISOString() })),
  };
}

/** Creates a team with the user as admin; returns its slug. */
export async function createTeamFor(db: Db, user: User, input: { name: string; slug?: string }): Promise<string> {
  return (await createTeam(db, user, input)).slug;
}

/** Creates an invite link token (admins only; shown once). */
export async function inviteToTeam(db: Db, user: User, slug: string, role: Role): Promise<string> {
  return createInvite(db, user, await teamForUser(db, user, slug), role);
}

/** Revokes an invite link (admins only). */
export async function revokeTeamInvite(db: Db, user: User, slug: string, inviteId: string): Promise<void> {
  await revokeInvite(db, user, await teamForUser(db, user, slug), inviteId);
}

/** Changes a member's role (admins only; the last admin stays admin). */
export async function changeMemberRole(db: Db, user: User, slug: string, userId: string, role: Role): Promise<void> {
  await setRole(db, user, await teamForUser(db, user, slug), userId, role);
}

/** Removes a member, or lets a member leave (the last admin cannot). */
export async function removeTeamMember(db: Db, user: User, slug: string, userId: string): Promise<void> {
  await removeMember(db, user, await teamForUser(db, user, slug), userId);
}

/** An invite as its landing page shows it, and whether the visitor is already in the team. */
export async function loadInvite(db: Db, token: string, user: User | null) {
  const invite = await findInvite(db, token);
  if (!invite) return null;
  const member = user ? (await listTeams(db, user.id)).some((t) => t.slug === invite.slug) : false;
  return { team: { slug: invite.slug, name: invite.name }, role: invite.role, member };
}

/** Joins the invite's team; returns the team's slug. */
export async function joinTeam(db: Db, user: User, token: string): Promise<string> {
  return (await acceptInvite(db, user, token)).slug;
}
