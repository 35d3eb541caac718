/**
 * The project page's data: the newest runs as slim rows. A project that does not exist yet in a
 * team the user belongs to is "pending" (its first run will create it), not a 404, so the page can
 * show how to log that run and wait for it.
 */
import type { Db } from "../../db/client";
import type { User } from "../../server/services/accounts";
import { listRuns, runView, type LoadedRun } from "../../server/services/runs";
import { teamForUser } from "../../server/services/teams";
import type { RunRow } from "~/lib/runs";
import { isServiceError } from "~/utils/errors.server";

/** Rows of a run, as every runs table needs them. */
export function toRunRow(run: LoadedRun): RunRow {
  const v = runView(run, "");
  return {
    id: v.id, name: v.name, displayName: v.displayName, state: v.state, createdAt: v.createdAt,
    heartbeatAt: v.heartbeatAt, finishedAt: v.finishedAt, lastStep: v.lastStep, exitCode: v.exitCode,
    summary: v.summary, tags: v.tags, group: v.group, jobType: v.jobType,
  };
}

/** The project page's data. */
export type ProjectRuns =
  | { status: "ready"; team: string; project: string; runs: RunRow[]; hasMore: boolean }
  | { status: "pending"; team: string; project: string };

/** The newest `limit` runs of `team/project`; throws ServiceError 404 when the user cannot see it. */
export async function loadProjectRuns(db: Db, user: User, team: string, project: string, limit: number): Promise<ProjectRuns> {
  try {
    const page = await listRuns(db, user, { project: `${team}/${project}`, limit });
    return { status: "ready", team: page.project.teamSlug, project: page.project.name, runs: page.runs.map(toRunRow), hasMore: page.nextCursor !== null };
  } catch (error) {
    // A 404 after the name validated: the project is missing or hidden. Members may see it pending.
    if (!isServiceError(error) || error.status !== 404) throw error;
    const t = await teamForUser(db, user, team);
    return { status: "pending", team: t.slug, project };
  }
}
