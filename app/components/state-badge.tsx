import type { RunState } from "~/lib/runs";

const LABELS: Record<RunState, string> = { running: "Running", finished: "Finished", failed: "Failed", crashed: "Crashed" };

/** A run's state as a coloured pill; running pulses. */
export function StateBadge({ state, exitCode }: { state: RunState; exitCode?: number | null }) {
  const title = state === "failed" && exitCode != null ? `Exited with code ${exitCode}` : state === "crashed" ? "Stopped sending heartbeats" : undefined;
  return (
    <span className={`badge badge-${state}`} data-state={state} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[state] ?? state}
    </span>
  );
}
