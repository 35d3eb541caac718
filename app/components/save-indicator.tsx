/**
 * "Saved / Saving… / Offline, changes kept": driven by the server's "saved" confirmations
 * (editor/protocol.ts), never by a timer.
 */
import type { CollabState } from "~/hooks/use-collab-doc";

/** The save state of a report, in words. */
export function saveLabel(state: Pick<CollabState, "connection" | "synced" | "saved" | "closed">, readOnly: boolean): { text: string; tone: "ok" | "busy" | "warn" | "error" } {
  if (state.closed) return { text: state.saved ? "Disconnected" : "Not saved, changes kept in this browser", tone: "error" };
  if (state.connection !== "connected") return state.saved ? { text: state.connection === "connecting" ? "Connecting…" : "Offline", tone: "warn" } : { text: "Offline, changes kept", tone: "warn" };
  if (!state.synced) return { text: "Connecting…", tone: "busy" };
  if (readOnly) return { text: "Read only", tone: "ok" };
  return state.saved ? { text: "Saved", tone: "ok" } : { text: "Saving…", tone: "busy" };
}

/** The indicator. */
export function SaveIndicator({ state, readOnly }: { state: CollabState; readOnly: boolean }) {
  const { text, tone } = saveLabel(state, readOnly);
  return (
    <span className={`save-indicator tone-${tone}`} data-testid="save-indicator" data-saved={state.saved ? "true" : "false"} role="status" aria-live="polite">
      <span className="save-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
