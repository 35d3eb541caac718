/**
 * The signed-in frame: a sidebar with the notifications bell, the user's teams and their projects,
 * the user menu at its foot (API keys, log out), and the page in the main column.
 */
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { WorkspaceTeam } from "~/data/workspace.server";
import { CsrfInput } from "./csrf-input";
import { HomeIcon, KeyIcon } from "./icons";
import { NotificationsBell } from "./notifications-bell";

type ShellUser = { name: string; email: string; isAdmin: boolean };

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

const navClass = ({ isActive }: { isActive: boolean }) => `nav-link${isActive ? " is-active" : ""}`;

function UserMenu({ user }: { user: ShellUser }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // Close on navigation and on clicks elsewhere; <details> gives keyboard and no-JS behaviour for free.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.pathname]);
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (menu.current?.open && !menu.current.contains(e.target as Node)) menu.current.open = false;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  return (
    <details className="user-menu" ref={menu}>
      <summary className="user-chip" aria-label="Account menu">
        <span className="avatar" aria-hidden="true">{initials(user.name)}</span>
        <span className="user-text">
          <span className="user-name">{user.name}</span>
          <span className="user-email">{user.email}</span>
        </span>
        <span className="chev" aria-hidden="true">⌃</span>
      </summary>
      <div className="menu" role="menu">
        {user.isAdmin ? <div className="menu-note">Instance admin</div> : null}
        <Link to="/settings/api-keys" className="menu-item" role="menuitem">API keys</Link>
        <Form method="post" action="/logout">
          <CsrfInput />
          <button type="submit" className="menu-item" role="menuitem">Log out</button>
        </Form>
      </div>
    </details>
  );
}

/** The signed-in layout around `children`. */
export function AppShell({ user, teams, children }: { user: ShellUser; teams: WorkspaceTeam[]; children: React.ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-top">
          <Link to="/" className="brand" aria-label="Folio home">
            <span className="brand-mark" aria-hidden="true" />
            Folio
          </Link>
          <NotificationsBell />
        </div>
        <nav className="side-nav" aria-label="Main">
          <NavLink to="/" end className={navClass}>
            <span className="nav-icon"><HomeIcon /></span> Home
            <kbd className="nav-kbd">g h</kbd>
          </NavLink>
          <NavLink to="/settings/api-keys" className={navClass}>
            <span className="nav-icon"><KeyIcon /></span> API keys
          </NavLink>
        </nav>
        <div className="side-section">
          <div className="side-heading">
            Teams
            <Link to="/#new-team" className="side-add" title="Create a team" aria-label="Create a team">+</Link>
          </div>
          {teams.map((team) => (
            <div key={team.slug} className="side-team">
              <NavLink to={`/${encodeURIComponent(team.slug)}`} end className={navClass}>
                <span className="team-mark" aria-hidden="true">{team.name.slice(0, 1).toUpperCase()}</span>
                <span className="truncate">{team.name}</span>
                {team.personal ? <span className="pill">you</span> : null}
              </NavLink>
              {team.projects.length > 0 ? (
                <div className="side-projects">
                  {team.projects.map((p) => (
                    <NavLink key={p.name} to={`/${encodeURIComponent(team.slug)}/${encodeURIComponent(p.name)}`} className={navClass}>
                      <span className="truncate">{p.name}</span>
                    </NavLink>
                  ))}
                </div>
              ) : null}
            </div>
          ))}
        </div>
        <div className="side-foot">
          <UserMenu user={user} />
        </div>
      </aside>
      <main className="main">{children}</main>
    </div>
  );
}
