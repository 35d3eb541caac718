/**
 * Team slugs are the first URL segment (`/{team}`, `/{team}/{project}`), so they must never shadow
 * a fixed route, today's or a planned one.
 */
export const RESERVED_SLUGS = new Set([
  "admin", "api", "app", "assets", "build", "collab", "dashboards", "docs", "favicon.ico", "healthz", "help",
  "invite", "login", "logout", "new", "projects", "public", "reports", "robots.txt", "runs", "settings", "share",
  "signup", "static", "t", "teams", "users",
]);

