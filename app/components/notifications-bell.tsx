/**
 * The inbox in the app shell (issue 6): a bell with the unread count and a popover listing the
 * latest notifications (who mentioned you, where, when; unread in bold). The count is polled every
 * 30 s and whenever the window regains focus. Opening a notification marks it read and navigates to
 * its link; "Mark all read" clears the count. Names and excerpts are rendered as text only.
 */
import { useNavigate } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { callApi } from "~/lib/api-client";
import { useNow } from "~/hooks/use-now";
import { BellIcon } from "./icons";
import { Popover } from "./popover";
import { RelativeTime } from "./relative-time";

/** One notification as `GET /api/v1/notifications` answers. */
interface Notification {
  id: string;
  kind: "mention" | "body_mention";
  report: { id: string; title: string };
  actor: { id: string; name: string } | null;
  excerpt: string;
  url: string;
  createdAt: string;
  readAt: string | null;
}

const POLL_MS = 30_000;

/** The bell and its popover. */
export function NotificationsBell() {
  const [open, setOpen] = useState(false);
  const [data, setData] = useState<{ unread: number; notifications: Notification[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const now = useNow(30_000);

  const refresh = useCallback(async () => {
    try {
      setData(await callApi<{ unread: number; notifications: Notification[] }>("GET", "notifications?limit=30"));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    const onFocus = () => void refresh();
    window.addEventListener("focus", onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", onFocus);
    };
  }, [refresh]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) void refresh();
  };

  const openOne = async (n: Notification) => {
    try {
      if (!n.readAt) await callApi("POST", `notifications/${encodeURIComponent(n.id)}/read`);
    } catch (e) {
      // Navigating matters more than the read mark; the next refresh shows it unread again.
      setError(e instanceof Error ? e.message : String(e));
    }
    setOpen(false);
    void refresh();
    navigate(n.url);
  };

  const markAll = async () => {
    try {
      await callApi("POST", "notifications/read-all");
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const unread = data?.unread ?? 0;
  return (
    <div className="notifications-bell" data-testid="notifications">
      <Popover
        label={<span className="bell-icon" role="img" aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}><BellIcon /></span>}
        badge={unread}
        open={open}
        onOpenChange={onOpenChange}
        testId="notifications-popover"
        wide
      >
        <div className="popover-head notifications-head">
          <strong>Notifications</strong>
          <button type="button" className="btn btn-sm" onClick={() => void markAll()} disabled={unread === 0}>
            Mark all read
          </button>
        </div>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        {data && data.notifications.length === 0 ? (
          <p className="notifications-empty">No notifications yet. When someone mentions you in a report, it shows here.</p>
        ) : null}
        <ul className="notifications-list">
          {data?.notifications.map((n) => (
            <li key={n.id}>
              <button type="button" className={`notification${n.readAt ? "" : " is-unread"}`} data-testid="notification" onClick={() => void openOne(n)}>
                <span className="notification-line">
                  <span className="notification-who">{n.actor?.name ?? "Someone"}</span>
                  {n.kind === "body_mention" ? " mentioned you in " : " mentioned you in a comment on "}
                  <span className="notification-report">{n.report.title}</span>
                </span>
                {n.excerpt ? <span className="notification-excerpt">{n.excerpt}</span> : null}
                <span className="notification-when"><RelativeTime iso={n.createdAt} now={now} /></span>
              </button>
            </li>
          ))}
        </ul>
      </Popover>
    </div>
  );
}
