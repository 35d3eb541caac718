import type { FeedStatus } from "~/hooks/use-run-feed";

const TEXT: Record<FeedStatus, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline — retrying" };

/** Whether the page is following the live feed. */
export function LiveIndicator({ status }: { status: FeedStatus }) {
  return (
    <span className={`live live-${status}`} data-feed={status} title="Updates arrive without reloading">
      <span className="live-dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
