/** Batch access check for the runs a metrics query names (deny by default). */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { memberships, projects, runs, teams } from "../../db/schema";
import type { User } from "../services/accounts";
import { grantsProject } from "../services/reportAccess";
import type { LoadedRun } from "../services/runs";
import { notFound } from "../services/ServiceError";

/**
 * Loads runs by public id in one query, the same check as `loadRun` (the caller belongs to the
 * run's team, or is an instance admin, or is scoped to a report whose panels query the run's project)
 * without a round trip per run. Any run that is missing or not
 * readable fails the whole request with 404, the same answer for both, so nothing leaks.
 */
export async function loadRuns(db: Db, user: User, ids: readonly string[]): Promise<LoadedRun[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db
    .select({ row: runs, projectName: projects.name, teamId: teams.id, teamSlug: teams.slug, role: memberships.role })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(teams, eq(teams.id, projects.teamId))
    .leftJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, user.id)))
    .where(inArray(runs.id, unique));
  const byId = new Map(found.filter((r) => user.isAdmin || r.role !== null || grantsProject(user, r.row.projectId)).map((r) => [r.row.id, r]));
  return unique.map((id) => {
    const r = byId.get(id);
    if (!r) throw notFound(`Run "${id}"`);
    return {
      row: r.row,
      project: { id: r.row.projectId, name: r.projectName, teamId: r.teamId, teamSlug: r.teamSlug, path: `${r.teamSlug}/${r.projectName}` },
    };
  });
}
