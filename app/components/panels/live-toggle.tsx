/**
 * "Live / Paused" for a report's panels: paused panels keep what they show while runs log, and
 * catch up in one refresh when resumed (LiveHub holds the events back meanwhile).
 */
import { useEffect, useState } from "react";
import type { LiveHub } from "~/lib/panels/live-hub";

/** The toggle; see the module comment. */
export function LiveToggle({ hub }: { hub: LiveHub }) {
  const [paused, setPaused] = useState(hub.isPaused);
  useEffect(() => hub.onPause(setPaused), [hub]);
  return (
    <button
      type="button"
      className={`btn btn-sm live-toggle${paused ? " is-paused" : ""}`}
      aria-pressed={paused}
      data-testid="panels-live-toggle"
      title={paused ? "Panels are paused: resume to catch up" : "Panels update as runs log: pause to hold them still"}
      onClick={() => hub.setPaused(!paused)}
    >
      <span className="live-dot" aria-hidden="true" />
      {paused ? "Paused" : "Live"}
    </button>
  );
}
