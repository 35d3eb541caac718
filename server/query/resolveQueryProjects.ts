/** The projects a run query reads, each access-checked (deny by default). */
import type { Db } from "../../db/client";
import type { User } from "../services/accounts";
import { resolveProject, type ProjectRef } from "../services/projects";
import type { RunQuery } from "./RunQuery";

/**
 * Resolves every project of the query through `resolveProject`; one the user may not read fails the
 * whole query with the same 404 as a missing one (no partial answers that reveal existence).
 */
export async function resolveQueryProjects(db: Db, user: User, query: RunQuery): Promise<Map<number, ProjectRef>> {
  const byId = new Map<number, ProjectRef>();
  for (let i = 0; i < query.projects.length; i++) {
    const project = await resolveProject(db, user, query.projects[i], { field: query.projectPaths[i] });
    byId.set(project.id, project);
  }
  return byId;
}
