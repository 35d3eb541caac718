/** The tabs of a project: its runs and its reports. */
import { NavLink } from "@remix-run/react";

/** Tabs for `team/project`. */
export function ProjectTabs({ team, project }: { team: string; project: string }) {
  const base = `/${encodeURIComponent(team)}/${encodeURIComponent(project)}`;
  const cls = ({ isActive }: { isActive: boolean }) => `tab${isActive ? " is-active" : ""}`;
  return (
    <nav className="tabs" aria-label="Project">
      <NavLink to={base} end className={cls}>Runs</NavLink>
      <NavLink to={`${base}/reports`} className={cls}>Reports</NavLink>
    </nav>
  );
}
