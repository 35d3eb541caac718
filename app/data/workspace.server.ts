/** The signed-in user's teams and their projects: the sidebar, the home page and the team switcher. */
import type { Db } from "../../db/client";
import type { User } from "../../server/services/accounts";
import { listTeamProjects, listTeams, type Role } from "../../server/services/teams";

/** A team with its projects, as the browser sees it. */
export interface WorkspaceTeam {
  slug: string;
  name: string;
  personal: boolean;
  role: Role | null;
  projects: { name: string; runCount: number; createdAt: string }[];
}

/** Teams (personal first) with their projects; a handful of small queries, one per team. */
export async function loadWorkspace(db: Db, user: User): Promise<WorkspaceTeam[]> {
  const teams = await listTeams(db, user.id);
  return Promise.all(
    teams.map(async (t) => ({
      slug: t.slug,
      name: t.name,
      personal: t.personal,
      role: t.role,
      projects: (await listTeamProjects(db, t.id)).map((p) => ({ name: p.name, runCount: p.runCount, createdAt: p.createdAt.toISOString() })),
    })),
  );
}
