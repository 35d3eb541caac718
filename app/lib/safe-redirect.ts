/**
 * Where to send someone after logging in: only paths on this site. `//evil.com` and `/\evil.com`
 * are protocol-relative to browsers, so both fall back; so do action-only routes.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || /[\\\u0000-\u001f]/.test(to)) return fallback;
  if (/^\/logout(?:[/?#]|$)/.test(to)) return fallback;
  return to;
}

/** `/login?redirectTo=…` for the page the visitor asked for. */
export function loginPath(url: URL | string): string {
  const u = typeof url === "string" ? new URL(url, "http://x") : url;
  const back = `${u.pathname}${u.search}`;
  return back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`;
}
