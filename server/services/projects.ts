/** Projects: resolving `team/project` references with access checks (deny by default). */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { memberships, projects, teams } from "../../db/schema";
import type { User } from "./accounts";
import { grantsProject } from "./reportAccess";
import { invalidInput, notFound } from "./ServiceError";

/** A project with the team that owns it. */
export interface ProjectRef {
  id: number;
  name: string;
  teamId: string;
  teamSlug: string;
  /** `team/project`, the form shown to users and used in URLs. */
  path: string;
}

export const ProjectName = z
  .string()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' and '-'");

const ProjectRefString = z.string().min(1, "is required").max(141);

/**
 * Resolves `team/project` or `project` (the user's personal team). The user must belong to the
 * team (instance admins may read any), or be scoped to a report whose panels query the project
 * (reportAccess.ts `grantsProject`, read-only). With `create`, a missing project is created.
 */
export async function resolveProject(db: Db, user: User, ref: unknown, opts: { create?: boolean; field?: string } = {}): Promise<ProjectRef> {
  const field = opts.field ?? "project";
  const parsedRef = ProjectRefString.safeParse(ref);
  if (!parsedRef.success) throw invalidInput(field, parsedRef.error.issues[0].message);
  const parts = parsedRef.data.split("/");
  if (parts.length > 2) throw invalidInput(field, 'use "team/project" or "project"');
  const name = parts.length === 2 ? parts[1] : parts[0];
  const nameCheck = ProjectName.safeParse(name);
  if (!nameCheck.success) throw invalidInput(field, `project name ${nameCheck.error.issues[0].message}`);

  const team = parts.length === 2 ? await teamBySlugForUser(db, user, parts[0]) : await personalTeam(db, user);
  if (!team) throw notFound(`Project "${parsedRef.data}"`);

  const [existing] = await db.select().from(projects).where(and(eq(projects.teamId, team.id), eq(projects.name, name)));
  // Same answer for a project that is not there and one the caller may not read.
  if (!team.readable && !(existing && grantsProject(user, existing.id))) throw notFound(`Project "${parsedRef.data}"`);
  if (existing) return { id: existing.id, name, teamId: team.id, teamSlug: team.slug, path: `${team.slug}/${name}` };
  if (!opts.create || !team.member) throw notFound(`Project "${team.slug}/${name}"`);
  await db.insert(projects).values({ teamId: team.id, name }).onConflictDoNothing();
  const [row] = await db.select().from(projects).where(and(eq(projects.teamId, team.id), eq(projects.name, name)));
  return { id: row.id, name, teamId: team.id, teamSlug: team.slug, path: `${team.slug}/${name}` };
}

async function teamBySlugForUser(db: Db, user: User, slug: string) {
  const [row] = await db
    .select({ id: teams.id, slug: teams.slug, role: memberships.role })
    .from(teams)
    .leftJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, user.id)))
    .where(eq(teams.slug, slug));
  if (!row) return null;
  return { id: row.id, slug: row.slug, member: !!row.role, readable: !!row.role || user.isAdmin };
}

async function personalTeam(db: Db, user: User) {
  const [row] = await db
    .select({ id: teams.id, slug: teams.slug })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(and(eq(memberships.userId, user.id), eq(teams.personal, true)));
  return row ? { ...row, member: true, readable: true } : null;
}

/** Whether the user may read (and write runs in) the team's projects. */
export async function canAccessTeam(db: Db, user: User, teamId: string): Promise<boolean> {
  if (user.isAdmin) return true;
  const [row] = await db.select({ r: memberships.role }).from(memberships).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, user.id)));
  return !!row;
}
